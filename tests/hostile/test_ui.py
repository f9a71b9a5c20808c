"""The reader against a hostile server: every screen and modal, markup in every field.

A string such as ``[/]`` read as markup crashes Textual; ``[link=…]`` forges a
hyperlink; ``[@click=app.quit]`` makes a click run an action. Each must show up
as the literal text it is, on every screen.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from textual.widgets import OptionList
from textual.widgets._toast import Toast

from tests.app.harness import make_app, running, settle
from tests.fakes.hostile import HostileServer
from tests.hostile.conftest import FORBIDDEN
from tui.app import PapersApp
from tui.models import Author, FeedKey, Paper
from tui.screens.citation_chooser import CitationChooser
from tui.screens.help import HelpScreen
from tui.screens.link_menu import LinkMenu
from tui.screens.search_prompt import SearchPrompt
from tui.screens.text_modal import TextModal
from tui.widgets.author_sidebar import MAX_AUTHORS_SHOWN

DAY = FeedKey("day", "2025-03-05")
LITERALS = ("[/]", "[b]bold", "[link=https://evil.example]x[/link]", "[@click=app.quit]quit")


def screen_text(app: PapersApp) -> str:
    """What the terminal shows right now, as plain text."""
    svg = app.export_screenshot()
    return unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def toasts(app: PapersApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def markup_env(monkeypatch: pytest.MonkeyPatch) -> HostileServer:
    server = HostileServer("markup").start()
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BROWSER", "")
    return server


async def test_every_screen_shows_markup_as_text(markup_env: HostileServer) -> None:
    app = make_app(markup_env.url, DAY)
    try:
        async with running(app, size=(220, 50)) as pilot:
            assert len(app.reader.feed.source) == 5
            shown = screen_text(app)
            for literal in LITERALS:
                assert literal in shown, literal
            # The link menu (u), and a link chosen from it (no display: shown in a modal).
            await pilot.press("u")
            await settle(pilot)
            assert isinstance(app.screen, LinkMenu)
            assert "[/]" in screen_text(app)
            labels = [str(app.screen.query_one(OptionList).get_option_at_index(i).prompt)
                      for i in range(app.screen.query_one(OptionList).option_count)]
            assert any("Model: org/model" in label for label in labels)
            assert not any("evil.example" in label or "[@click" in label for label in labels)
            await pilot.press("1")
            await settle(pilot)
            assert isinstance(app.screen, TextModal)
            await pilot.press("escape")
            await settle(pilot)
            # The citation chooser (C), help (?), search (/ with markup typed in).
            await pilot.press("C")
            await settle(pilot)
            assert isinstance(app.screen, CitationChooser) and "[/]" in screen_text(app)
            await pilot.press("escape")
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.press("slash")
            await settle(pilot)
            assert isinstance(app.screen, SearchPrompt)
            await pilot.press(*"[/]", "enter")
            await settle(pilot)
            if isinstance(app.screen, SearchPrompt):
                await pilot.press("escape")
                await settle(pilot)
            # The author sidebar: names, affiliations and paper titles from Semantic Scholar.
            await pilot.press("escape")
            await pilot.press("a")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            sidebar_text = screen_text(app)
            assert "[b]Lab[/b]" in sidebar_text or "Scholar" in sidebar_text
            # Notifications quoting the paper (bookmark, citation copied) are plain text.
            await pilot.press("escape", "b", "c")
            await settle(pilot)
            assert toasts(app)
            assert app.is_running
    finally:
        markup_env.stop()


async def test_error_bodies_and_escapes_never_reach_the_status_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with HostileServer("error-bodies") as server:
        app = make_app(server.url, DAY)
        async with running(app, size=(160, 40)):
            problem = app.reader.status.problem
            assert "server says no" in problem and "[link=https://evil.example]x[/link]" in problem
            assert not FORBIDDEN.search(problem)
            assert not FORBIDDEN.search(screen_text(app))


async def test_escapes_mode_renders_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    with HostileServer("escapes") as server:
        app = make_app(server.url, DAY)
        async with running(app, size=(160, 40)) as pilot:
            assert len(app.reader.feed.source) == 5
            await pilot.press("u")
            await settle(pilot)
            text = screen_text(app)
            assert not FORBIDDEN.search(text), FORBIDDEN.search(text)


async def test_a_markup_notification_is_plain_text() -> None:
    app = make_app(None, DAY, offline=True)
    async with running(app) as pilot:
        app.notify("[link=https://evil.example]x[/link] [/] [@click=app.quit]q")
        app.screen.notify("[/] from a screen")  # widgets and screens go through App.notify too
        await settle(pilot)
        first, second = list(app._notifications)[-2:]
        assert first.markup is False and second.markup is False
        # What the toast draws: the literal text, no link, no action.
        drawn = Toast(first).render()
        assert drawn.plain == "[link=https://evil.example]x[/link] [/] [@click=app.quit]q"
        assert not any(span.style and "link" in str(span.style) for span in drawn.spans)
        assert app.is_running


async def test_sidebar_lists_a_bounded_number_of_authors() -> None:
    app = make_app(None, DAY, offline=True)
    crowd = Paper(id="2503.99999", title="Big collaboration",
                  authors=tuple(Author(f"Person {i}") for i in range(100_000)))
    async with running(app) as pilot:
        app.query_one("AuthorSidebar").show_paper(crowd)  # type: ignore[attr-defined]
        await settle(pilot)
        assert app.query_one("#author-list", OptionList).option_count == MAX_AUTHORS_SHOWN
        assert "100,000" in screen_text(app)
