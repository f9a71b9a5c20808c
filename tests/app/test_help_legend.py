"""Pilot: the help screen explains every mark a feed row can show."""

from __future__ import annotations

from rich.console import Console
from textual.widgets import Static

from tests.app.harness import make_app, running
from tui.models import FeedKey
from tui.screens.help import HelpScreen


async def test_help_has_a_legend_for_every_row_glyph() -> None:
    app = make_app(None, FeedKey("latest"), offline=True)
    async with running(app) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, color_system=None)
        for static in app.screen.query(Static):
            console.print(static.content)
        text = console.export_text()
    assert "Row marks" in text
    for glyph, meaning in [("•", "unread"), ("★", "bookmarked"), ("☁", "only Hugging Face found"),
                           ("▲", "upvotes"), ("⌥", "has code"), ("✉", "comments")]:
        line = next((line for line in text.splitlines() if line.strip().startswith(glyph)), "")
        assert meaning in line, (glyph, text)
    assert "Two-line rows" in text  # the new key is listed with the others
