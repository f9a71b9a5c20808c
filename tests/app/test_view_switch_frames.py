"""A view that empties repaints the feed first and the panes a frame later (issue 10: no frame over 16 ms)."""

from __future__ import annotations

from rich.text import Text

from tests.app.harness import make_app, running, wait_until
from tui.models import FeedKey
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.author_sidebar import AuthorSidebar


def _abstract_text(app: object) -> str:
    content = app.reader.query_one(AbstractPane).content  # type: ignore[attr-defined]
    return content.plain if isinstance(content, Text) else "(a paper)"


async def test_an_emptied_view_clears_the_panes_once_the_feed_is_drawn() -> None:
    app = make_app(None, None, offline=True)  # the bundled sample: a paper in the panes
    async with running(app, size=(140, 45)) as pilot:
        reader = app.reader
        await wait_until(pilot, lambda: reader.query(AuthorSidebar) and reader._sidebar().paper is not None)
        assert reader.current is not None and _abstract_text(app) == "(a paper)"
        reader.show_empty(FeedKey("day", "2025-04-02"), "offline - 2 Apr 2025 is not cached")
        assert reader.current is None  # what the keys act on changes at once
        assert _abstract_text(app) == "(a paper)"  # the panes follow on the next frame
        await wait_until(pilot, lambda: _abstract_text(app) != "(a paper)")
        assert "not cached" in _abstract_text(app)
        await wait_until(pilot, lambda: reader._sidebar().paper is None)  # the sidebar a frame later


async def test_a_paper_shown_before_that_frame_stays_in_the_panes() -> None:
    app = make_app(None, None, offline=True)
    async with running(app, size=(140, 45)) as pilot:
        reader = app.reader
        await wait_until(pilot, lambda: reader.query(AuthorSidebar) and reader._sidebar().paper is not None)
        paper = reader.current
        assert paper is not None
        ran: list[bool] = []
        show_nothing = reader._show_nothing

        def watched() -> None:
            show_nothing()
            ran.append(True)

        reader._show_nothing = watched  # type: ignore[method-assign]
        reader._show_paper(None)
        reader._show_paper(paper)  # the cursor landed on a paper again before the panes emptied
        await wait_until(pilot, lambda: bool(ran))
        assert _abstract_text(app) == "(a paper)" and reader._sidebar().paper is paper
