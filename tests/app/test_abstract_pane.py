"""The abstract pane pages itself: scrolling stops at its ends, the scrollbar follows, a resize re-wraps."""

from __future__ import annotations

from tests.app.harness import make_app, running, settle
from tui.widgets.abstract_pane import AbstractPane


def _screen_lines(pane: AbstractPane) -> list[str]:
    """The pane's rows as drawn (text, a blank cell, the scrollbar's cell)."""
    return [pane.render_line(y).text for y in range(pane.content_size.height)]


async def test_the_pane_scrolls_between_its_ends_and_its_scrollbar_follows() -> None:
    app = make_app(None, None, offline=True)  # the bundled sample
    async with running(app, size=(100, 30)) as pilot:
        pane = app.query_one(AbstractPane)
        await pilot.press("enter")  # the abstract pane has the keys
        await settle(pilot)
        height, lines = pane.content_size.height, pane.lines()
        assert len(lines) > height, "the sample's first abstract is longer than the pane"
        bar_at_top = [row[-1] for row in _screen_lines(pane)]
        await pilot.press("G")
        await settle(pilot)
        assert pane.top == len(lines) - height  # the last line sits on the last row, no overscroll
        assert _screen_lines(pane)[-1][: pane.text_width] == lines[-1].text
        assert [row[-1] for row in _screen_lines(pane)] != bar_at_top  # the thumb moved down
        await pilot.press("j", "down", "space")
        await settle(pilot)
        assert pane.top == len(lines) - height  # past the end: nothing moves
        await pilot.press("pageup", "k", "up")
        await settle(pilot)
        assert pane.top == max(0, len(lines) - height - (height - 1) - 2)
        await pilot.press("home")
        await settle(pilot)
        assert pane.top == 0 and [row[-1] for row in _screen_lines(pane)] == bar_at_top


async def test_a_resize_rewraps_the_text_to_the_new_width() -> None:
    app = make_app(None, None, offline=True)
    async with running(app, size=(140, 45)) as pilot:
        pane = app.query_one(AbstractPane)
        wide = pane.plain_text()
        assert max(len(line) for line in wide.splitlines()) <= pane.text_width
        await pilot.resize_terminal(100, 40)
        await settle(pilot)
        narrow = pane.plain_text()
        assert max(len(line) for line in narrow.splitlines()) <= pane.text_width < 100
        assert len(narrow.splitlines()) > len(wide.splitlines())
        assert " ".join(narrow.split()) == " ".join(wide.split())  # the same words, wrapped anew
