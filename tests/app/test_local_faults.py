"""A full disk, a bug in a background task: a message, never a dead or frozen app."""

from __future__ import annotations

import pytest

from tests.app.harness import fill_disk, make_app, running, settle
from tests.fakes.server import FakeServer
from tui.models import FeedKey


async def test_full_cache_disk_still_shows_what_arrived(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        fill_disk(app.session.store.db)  # what a full disk looks like to SQLite
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", "2025-03-06")
        assert len(app.reader.feed.source) == len(fake_server.hub.days["2025-03-06"])
        assert "cannot save to the cache" in app.reader.status.problem
        assert app.session.store.listing(FeedKey("day", "2025-03-06")) is None


async def test_full_data_disk_bookmark_says_so(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        fill_disk(app.session.library.db)
        for _ in range(40):  # fill the last free page, then one more must fail
            await pilot.press("b")
            await pilot.press("j")
        await settle(pilot)
        failures = [n.message for n in app._notifications if "cannot save the bookmark" in n.message]
        assert failures and "full" in failures[-1]
        # What was saved before the disk filled is all still there and consistent.
        assert app.session.library.bookmarked_ids() == app.reader.marks.bookmarked
        assert app.is_running


async def test_a_failing_background_task_is_reported(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        count = len(app.reader.feed.source)

        async def broken(key: FeedKey) -> None:
            raise RuntimeError("simulated bug")

        monkeypatch.setattr(app.session.feeds, "fetch", broken)
        await pilot.press("r")
        await settle(pilot)
        assert "simulated bug" in app.reader.status.problem
        assert app.reader.status.activity == ""
        assert len(app.reader.feed.source) == count
