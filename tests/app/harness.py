"""Build a real :class:`PapersApp` on the isolated XDG dirs, pointed at a loopback fake."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot

from tui.app import PapersApp
from tui.models import FeedKey
from tui.services.http import RetryPolicy
from tui.services.session import open_session


def make_app(endpoint: str | None = None, key: FeedKey | None = None, *, offline: bool = False) -> PapersApp:
    """An app whose Hugging Face client talks to *endpoint* (fast retries for tests)."""
    if endpoint is not None:
        os.environ["HF_ENDPOINT"] = endpoint
    session = open_session(offline=offline or endpoint is None)
    session.hub.http.retry = RetryPolicy(attempts=2, base_delay=0.01)
    return PapersApp(key or FeedKey("latest"), session)


@asynccontextmanager
async def running(app: PapersApp, size: tuple[int, int] = (130, 40)) -> AsyncIterator[Pilot[int]]:
    """``app.run_test`` that waits for the first fetch and closes the SQLite files after."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot
    app.session.close_local()


async def settle(pilot: Pilot[int]) -> None:
    """Wait until workers are done and the debounced panes have caught up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.12)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
