"""Pilot, offline: [ reaches the nearest cached day however far; a partly cached week says how much."""

from __future__ import annotations

from datetime import date

from tests.app.harness import make_app, running, settle
from tests.app.test_library import sync_days
from tests.fakes.server import FakeServer
from tui.models import FeedKey


async def test_bracket_goes_to_the_nearest_cached_day_weeks_away(fake_server: FakeServer) -> None:
    await sync_days(fake_server, date(2025, 3, 3), date(2025, 3, 3))
    app = make_app(None, FeedKey("day", "2025-04-02"), offline=True)  # 30 days later, not cached
    async with running(app) as pilot:
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", "2025-03-03")
        assert len(app.reader.feed.source) == len(fake_server.hub.days["2025-03-03"])
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", "2025-03-03")
        assert any("no earlier cached day" in n.message or "no earlier cached day" in app.reader.status.detail
                   for n in app._notifications) or "no earlier cached day" in app.reader.status.problem


async def test_a_partly_cached_week_opens_with_what_is_there_and_says_so(fake_server: FakeServer) -> None:
    await sync_days(fake_server, date(2025, 3, 3), date(2025, 3, 5))  # Mon-Wed of 2025-W10
    app = make_app(None, FeedKey("week", "2025-W10"), offline=True)
    async with running(app):
        expected = {item["paper"]["id"] for d in ("2025-03-03", "2025-03-04", "2025-03-05")
                    for item in fake_server.hub.days[d]}
        ids = {app.reader.feed.source.row(i).id for i in range(len(app.reader.feed.source))}
        assert ids == expected
        assert "3 of 7 days cached" in app.reader.status.detail, app.reader.status.detail
