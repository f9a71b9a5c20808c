"""Pilot: sort cycle, quick filter and reset; go to a date; the latest day; enter into the abstract."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input

from tests.app.harness import make_app, running, settle
from tests.fakes.server import FakeServer
from tui.models import FeedKey
from tui.screens.line_prompt import LinePrompt
from tui.services.reader.goto import GoToError, parse_go_to
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.feed_table import FeedTable

DAY = "2025-03-05"


def _ids(app: object) -> list[str]:
    feed = app.reader.feed  # type: ignore[attr-defined]
    return [feed.source.row(i).id for i in range(len(feed.source))]


async def test_s_cycles_the_order_f_filters_and_z_undoes_both(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("week", "2025-W10"))
    async with running(app) as pilot:
        listing = app.reader.listing
        assert listing is not None
        hub_order = [p.id for p in listing.papers]
        assert _ids(app) == hub_order
        await pilot.press("s")
        await settle(pilot)
        by_upvotes = [p.id for p in sorted(listing.papers, key=lambda p: -p.upvotes)]
        assert _ids(app) == by_upvotes and "sorted by ▲ upvotes" in app.reader.status.detail
        await pilot.press("s")
        await settle(pilot)
        assert _ids(app) == [p.id for p in sorted(listing.papers, key=lambda p: -p.num_comments)]
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, LinePrompt)
        await pilot.press(*"code", "enter")
        await settle(pilot)
        with_code = [p.id for p in sorted(listing.papers, key=lambda p: -p.num_comments) if p.code_url]
        assert _ids(app) == with_code and 0 < len(with_code) < len(hub_order)
        assert "filter has code" in app.reader.status.detail
        assert f"{len(with_code)} of {len(hub_order)} papers" in app.reader.status.detail
        await pilot.press("z")
        await settle(pilot)
        assert _ids(app) == hub_order
        assert "sorted" not in app.reader.status.detail and "filter" not in app.reader.status.detail


async def test_colon_goes_to_a_week_and_refuses_nonsense_in_one_line(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, LinePrompt)
        await pilot.press(*"someday", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LinePrompt)  # still asking, with the reason
        assert "not a date" in str(app.screen.query_one("#prompt-hint").render())
        app.screen.query_one(Input).value = ""
        await pilot.press(*"2025-w11", "enter")
        await settle(pilot)
        assert app.reader.key == FeedKey("week", "2025-W11")


async def test_D_returns_to_the_latest_day_and_d_from_trending_opens_the_latest_day(
    fake_server: FakeServer,
) -> None:
    fresh = make_app(fake_server.url)  # what the reader opens at start: the latest day
    async with running(fresh):
        latest = fresh.reader.key
    assert latest.kind == "day"
    app = make_app(fake_server.url, FeedKey("day", "2025-03-04"))
    async with running(app) as pilot:
        await pilot.press("D")
        await settle(pilot)
        assert app.reader.key == latest
        await pilot.press("t")
        await settle(pilot)
        assert app.reader.key == FeedKey("trending")
        highlighted = app.reader.highlighted_paper()
        assert highlighted is not None and highlighted.day is not None
        assert highlighted.day.isoformat() != latest.value
        await pilot.press("d")
        await settle(pilot)
        # Not the highlighted trending paper's day: the latest day there is.
        assert app.reader.key == latest


async def test_enter_moves_into_the_abstract_whose_title_says_it_has_the_keys(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=(100, 30)) as pilot:
        pane = app.query_one(AbstractPane)
        assert str(app.reader.feed.border_title).startswith("▶ ")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is pane
        assert str(pane.border_title) == "▶ Abstract" and str(app.reader.feed.border_title) == "Feed"
        before = app.reader.feed.cursor
        await pilot.press("j", "j", "space")
        await settle(pilot)
        assert pane.top > 0 and app.reader.feed.cursor == before  # j scrolled the abstract
        await pilot.press("g")
        await settle(pilot)
        assert pane.top == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, FeedTable)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2025-03-12", FeedKey("day", "2025-03-12")),
        ("2025-W11", FeedKey("week", "2025-W11")),
        ("2025-w3", FeedKey("week", "2025-W03")),
        ("2025-03", FeedKey("month", "2025-03")),
        ("yesterday", FeedKey("day", "2025-03-11")),
        ("today", FeedKey("day", "2025-03-12")),
        ("-3", FeedKey("day", "2025-03-09")),
    ],
)
def test_go_to_understands_days_weeks_months_and_days_back(text: str, key: FeedKey) -> None:
    assert parse_go_to(text, date(2025, 3, 12)) == key


@pytest.mark.parametrize("text", ["2025-13-40", "next tuesday", "", "2025-W60"])
def test_go_to_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(GoToError):
        parse_go_to(text, date(2025, 3, 12))
