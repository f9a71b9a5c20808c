"""The authors full-screen (``a`` at 80x24) against a hostile server: markup stays text, escapes never reach the screen."""

from __future__ import annotations

import pytest

from tests.app.harness import make_app, running, settle
from tests.fakes.hostile import HostileServer
from tests.hostile.conftest import assert_clean
from tests.hostile.test_ui import screen_text
from tui.models import FeedKey
from tui.screens.author_screen import AuthorScreen

DAY = FeedKey("day", "2025-03-05")


@pytest.mark.parametrize("mode", ["markup", "escapes"])
async def test_the_authors_full_screen_draws_hostile_text_as_text(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with HostileServer(mode) as server:
        for name, value in server.environment().items():
            monkeypatch.setenv(name, value)
        app = make_app(server.url, DAY)
        async with running(app, size=(80, 24)) as pilot:
            await pilot.press("a")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, AuthorScreen)
            # The hostile S2 names match no byline name: each line says so, in plain text.
            assert screen.sidebar.line_of(0) is not None
            assert "not found on Semantic Scholar" in str(screen.sidebar.names.get_option_at_index(0).prompt)
            await pilot.press("enter")  # the abstract of the author's newest paper
            await settle(pilot)
            text = screen_text(app)
            assert_clean(text, "authors full-screen")
            if mode == "markup":
                assert "[/]" in text  # the names and titles, literally
            assert app.is_running and isinstance(app.screen, AuthorScreen)
