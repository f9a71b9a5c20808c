"""Fixtures shared by the Pilot tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import scholar_routes
from tests.fakes.scholar_routes import ScholarState
from tests.fakes.server import FakeServer


@pytest.fixture
def scholar(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ScholarState]:
    """The fake Semantic Scholar and arXiv (knowing the Hub dataset's papers), wired through the environment."""
    state = scholar_routes.install(fake_server)
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_ENDPOINT", fake_server.url + "/arxiv")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_INTERVAL", "0")
    yield state
