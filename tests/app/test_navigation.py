"""Pilot tests: the three panes follow the feed; views, days and help work."""

from __future__ import annotations

from tests.app.harness import make_app, running, settle
from tests.fakes.server import FakeServer
from tui.models import FeedKey
from tui.screens.help import HelpScreen
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.author_sidebar import AuthorSidebar
from tui.widgets.feed_table import FeedTable


async def test_opens_on_latest_day_with_feed_focused(fake_server: FakeServer) -> None:
    latest = max(d for d, items in fake_server.hub.days.items() if items)
    app = make_app(fake_server.url)
    async with running(app) as pilot:
        assert app.reader.key == FeedKey("day", latest)
        assert isinstance(app.focused, FeedTable)
        assert len(app.reader.feed.source) == len(fake_server.hub.days[latest])
        assert "updated" in app.reader.status.detail
        first = fake_server.hub.days[latest][0]["paper"]
        assert app.reader.current is not None and app.reader.current.id == first["id"]
        await pilot.press("j")
        await settle(pilot)
        second = fake_server.hub.days[latest][1]["paper"]
        assert app.reader.current.id == second["id"]
        sidebar = app.query_one(AuthorSidebar)
        visible = [a["name"] for a in second["authors"] if not a.get("hidden")]
        assert sidebar.names.option_count == len(visible)


async def test_cursor_keys_g_G_and_paging(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url)
    async with running(app, size=(120, 20)) as pilot:
        count = len(app.reader.feed.source)
        await pilot.press("G")
        assert app.reader.feed.cursor == count - 1
        await pilot.press("g")
        assert app.reader.feed.cursor == 0
        await pilot.press("pagedown")
        assert app.reader.feed.cursor > 1
        await pilot.press("k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k")
        assert app.reader.feed.cursor == 0


async def test_brackets_skip_the_empty_weekend(fake_server: FakeServer) -> None:
    # Dataset: 2025-03-03 (Mon) .. 2025-03-12; 8th and 9th are a weekend with no papers.
    app = make_app(fake_server.url, FeedKey("day", "2025-03-10"))
    async with running(app) as pilot:
        assert app.reader.key == FeedKey("day", "2025-03-10")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", "2025-03-07")
        assert len(app.reader.feed.source) > 0
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", "2025-03-10")


async def test_week_month_and_trending_views(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        await pilot.press("w")
        await settle(pilot)
        assert app.reader.key == FeedKey("week", "2025-W10")
        assert len(app.reader.feed.source) == sum(len(fake_server.hub.days[f"2025-03-0{d}"]) for d in range(3, 8))
        await pilot.press("m")
        await settle(pilot)
        assert app.reader.key == FeedKey("month", "2025-03")
        await pilot.press("t")
        await settle(pilot)
        assert app.reader.key == FeedKey("trending")
        assert len(app.reader.feed.source) > 0


async def test_help_lists_every_binding_and_closes(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url)
    async with running(app) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_tab_moves_between_panes(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url)
    async with running(app) as pilot:
        await pilot.press("tab")
        assert not isinstance(app.focused, FeedTable)
        await pilot.press("escape")
        assert isinstance(app.focused, FeedTable)


async def test_bad_date_from_server_is_explained_and_nothing_crashes(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-02-30"))
    async with running(app):
        assert "400" in app.reader.status.problem
        assert len(app.reader.feed.source) == 0


async def test_offline_with_cache_then_offline_without(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app):
        fetched = [r.id for r in (app.reader.feed.source.row(i) for i in range(len(app.reader.feed.source)))]
    offline = make_app(None, FeedKey("day", "2025-03-05"), offline=True)
    async with running(offline):
        assert [offline.reader.feed.source.row(i).id for i in range(len(offline.reader.feed.source))] == fetched
        assert "offline - cached" in offline.reader.status.detail
    missing = make_app(None, FeedKey("day", "2025-03-06"), offline=True)
    async with running(missing):
        assert len(missing.reader.feed.source) == 0
        assert "not cached" in missing.reader.status.detail


async def test_pressing_bracket_again_while_fetching_steps_on(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-03-12"))
    async with running(app) as pilot:
        fake_server.delay = 0.3  # every answer is slow now: the presses land mid-fetch
        await pilot.press("left_square_bracket")
        await pilot.pause(0.05)
        await pilot.press("left_square_bracket")
        await pilot.pause(0.05)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        # 12 -> 11 -> 10 -> (9, 8 weekend) -> 7
        assert app.reader.key == FeedKey("day", "2025-03-07")
        assert app.reader.status.activity == ""


async def test_empty_bookmarks_view_says_how_to_add_one() -> None:
    app = make_app(None, FeedKey("bookmarks"), offline=True)
    async with running(app):
        text = " ".join(app.query_one(AbstractPane).plain_text().split())
        assert "No bookmarks yet" in text and "press b" in text
