"""Pilot: ``[`` / ``]`` cross a 40-day gap online in a handful of requests, with progress in the
status line and the keys still answering; offline they reach a cached day 100 days away."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.app.harness import make_app, running, settle, wait_until
from tests.app.test_library import sync_days
from tests.fakes.base import FakeResponse
from tests.fakes.server import FakeServer, hang
from tests.unit.test_stepping import AFTER_GAP, BEFORE_GAP, gap_state
from tui.models import FeedKey


@pytest.fixture
def gap_server() -> Iterator[FakeServer]:
    server = gap_state()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def day(value: object) -> FeedKey:
    return FeedKey("day", str(value))


async def test_bracket_crosses_forty_empty_days_in_a_handful_of_requests(gap_server: FakeServer) -> None:
    app = make_app(gap_server.url, day(AFTER_GAP))
    async with running(app) as pilot:
        opened = len(gap_server.requests_to("/api/daily_papers"))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.key == day(BEFORE_GAP)
        assert len(app.reader.feed.source) == len(gap_server.hub.days[BEFORE_GAP.isoformat()])
        # 7 to find the day (3 days, a week, 2 months, the day) and the refresh of the view.
        assert len(gap_server.requests_to("/api/daily_papers")) - opened <= 8
        before = len(gap_server.requests_to("/api/daily_papers"))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.reader.key == day(AFTER_GAP)
        assert len(gap_server.requests_to("/api/daily_papers")) - before <= 8


async def test_the_search_shows_progress_and_never_holds_a_key(gap_server: FakeServer) -> None:
    app = make_app(gap_server.url, day(AFTER_GAP))
    async with running(app) as pilot:
        # The three neighbouring days are empty; the week request then never answers.
        gap_server.fail("/api/daily_papers", *[FakeResponse.json([])] * 3, hang())
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: "looking for papers before: asking Week 2025-W07" in app.reader.status.activity)
        cursor = app.reader.feed.cursor
        await pilot.press("j")
        await wait_until(pilot, lambda: app.reader.feed.cursor == cursor + 1)
        assert app.reader.key == day(AFTER_GAP)  # still on the day until the search lands


async def test_offline_bracket_reaches_the_cached_day_a_hundred_days_away(gap_server: FakeServer) -> None:
    await sync_days(gap_server, BEFORE_GAP, BEFORE_GAP)
    asked = len(gap_server.requests)
    app = make_app(None, day(BEFORE_GAP + timedelta(days=100)), offline=True)
    async with running(app) as pilot:
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.key == day(BEFORE_GAP)
        assert len(app.reader.feed.source) == len(gap_server.hub.days[BEFORE_GAP.isoformat()])
    app = make_app(None, day(BEFORE_GAP - timedelta(days=100)), offline=True)
    async with running(app) as pilot:
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.reader.key == day(BEFORE_GAP)
    assert len(gap_server.requests) == asked
