"""Pytest fixtures for the loopback fake; import them into a test module or conftest.

from tests.fakes.fixtures import fake_server, fast_retry  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.fakes.hub_routes import make_dataset
from tests.fakes.server import FakeServer
from tui.services.net.http import RetryPolicy

DATASET_START = date(2025, 3, 3)
"""A Monday; the small dataset covers 2025-03-03 .. 2025-03-12 (weekend 8-9 empty)."""
DATASET_DAYS = 10
DATASET_PER_DAY = 12


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    """A started :class:`FakeServer` with a small deterministic Hub dataset."""
    server = FakeServer(make_dataset(DATASET_DAYS, DATASET_PER_DAY, DATASET_START))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fast_retry() -> RetryPolicy:
    """Three attempts with 10 ms backoff, so retry tests stay fast."""
    return RetryPolicy(attempts=3, base_delay=0.01)
