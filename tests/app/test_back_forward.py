"""Pilot: back and forward through views like a browser, cursor included."""

from __future__ import annotations

import pytest

from tests.app.harness import make_app, running, settle
from tests.app.test_author_sidebar import go_to
from tests.fakes import scholar_routes
from tests.fakes.server import FakeServer
from tui.models import FeedKey
from tui.widgets.feed_table import FeedTable

DAY = "2025-03-05"


async def test_esc_returns_from_a_search_to_the_day_and_cursor_then_forward_and_back(
    fake_server: FakeServer,
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        await pilot.press("j", "j", "j")
        await settle(pilot)
        where = app.reader.feed.current_id
        word = fake_server.hub.days[DAY][0]["paper"]["title"].split()[0].strip(":,")
        await pilot.press("slash", *word, "enter")
        await settle(pilot)
        assert app.reader.key == FeedKey("search", word)
        await pilot.press("escape")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", DAY) and app.reader.feed.current_id == where
        await pilot.press("ctrl+right")
        await settle(pilot)
        assert app.reader.key == FeedKey("search", word)
        await pilot.press("backspace")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", DAY) and app.reader.feed.current_id == where
        await pilot.press("backspace")
        await settle(pilot)
        assert any("No earlier view" in n.message for n in app._notifications)


async def test_esc_returns_from_an_authors_papers(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    scholar_routes.install(fake_server)
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_ENDPOINT", fake_server.url + "/arxiv")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_INTERVAL", "0")
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 1)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter", "enter")  # the first paper's abstract, then the author's papers as a feed
        await settle(pilot)
        assert app.reader.status.view.startswith("Papers of ")
        assert isinstance(app.focused, FeedTable)
        await pilot.press("escape")
        await settle(pilot)
        assert app.reader.key == FeedKey("day", DAY) and app.reader.feed.current_id == paper.id
        assert not app.reader.status.view.startswith("Papers of ")
