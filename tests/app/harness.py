"""Build a real :class:`PapersApp` (through ``build_app``) on the isolated XDG dirs, pointed at a loopback fake.

The endpoint is handed to the session, never written to ``os.environ``; the
read-after timer runs on :class:`ManualTimers` (``app.timers.advance(...)``),
so a busy machine cannot mark a paper read behind a test's back.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from tui.app import PapersApp, build_app
from tui.clock import ManualTimers
from tui.models import FeedKey
from tui.services.net.http import RetryPolicy
from tui.services.storage.sqlite_util import Database


def make_app(endpoint: str | None = None, key: FeedKey | None = None, *, offline: bool = False) -> PapersApp:
    """An app whose Hugging Face client talks to *endpoint* (fast retries for tests)."""
    app = build_app(key, offline=offline or endpoint is None, endpoint=endpoint, timers=ManualTimers())
    app.session.hub.http.retry = RetryPolicy(attempts=2, base_delay=0.01)
    return app


def timers(app: PapersApp) -> ManualTimers:
    assert isinstance(app.timers, ManualTimers)
    return app.timers


@asynccontextmanager
async def running(app: PapersApp, size: tuple[int, int] = (130, 40)) -> AsyncIterator[Pilot[int]]:
    """``app.run_test`` that waits for the first fetch and closes the SQLite files after."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot
    app.session.close_local()


async def settle(pilot: Pilot[int]) -> None:
    """Wait (on state, not a fixed pause) until workers are done and the panes caught up with the feed."""
    app = pilot.app
    assert isinstance(app, PapersApp)
    for _ in range(500):
        try:
            await app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            continue  # a worker cancelled (or failed) while waited on: wait for the rest
        await pilot.pause()
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        if not busy and not app.reader.pending:
            break  # nothing started meanwhile (a worker can start the next one)
        await pilot.pause(0.01)
    await pilot.pause()


async def wait_until(pilot: Pilot[int], check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until *check* holds (the timeout only guards against a hang)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "condition not reached"
        await pilot.pause(0.02)


def fill_disk(db: Database) -> None:
    """Make *db* behave like a full disk on every connection, those of worker threads included.

    ``max_page_count`` is per connection; writes run in threads, each with its own.
    """
    pages = db.connection.execute("PRAGMA page_count").fetchone()[0]
    for conn in list(db._all):
        conn.execute(f"PRAGMA max_page_count = {pages}")
    connect = db._connect

    def limited(target: str) -> sqlite3.Connection:
        conn = connect(target)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    db._connect = limited  # type: ignore[method-assign]
