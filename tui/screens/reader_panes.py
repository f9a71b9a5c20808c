"""The panes that follow the feed cursor: the abstract pane, the author sidebar, read marks, pane titles.

A base of :class:`~tui.screens.reader.ReaderScreen`. Holding ``j`` repaints
the feed at once and the panes once the cursor settles (:data:`DEBOUNCE`), the
author sidebar a frame after the abstract (:data:`AUTHORS_LAG`); a paper that
stays in the abstract pane long enough is marked read.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from tui.widgets.abstract_pane import AbstractPane

if TYPE_CHECKING:
    from tui.models import Paper
    from tui.screens.reader_view import ReaderView
    from tui.view_state import Marks

    _Base = ReaderView
else:
    _Base = object

DEBOUNCE = 0.05
"""Seconds the panes wait for the feed cursor to settle (holding j repaints the feed only)."""
AUTHORS_LAG = 1 / 60
"""Seconds the author sidebar follows the abstract pane: one frame, so the two are not drawn in the same one."""


class ReaderPanes(_Base):
    """Shows the highlighted paper in the panes, and which pane has the keys."""

    PANE_TITLES: ClassVar[dict[str, str]] = {"feed": "Feed", "abstract": "Abstract", "authors": "Authors"}

    def on_feed_table_highlighted(self) -> None:
        # Debounce: holding j repaints the feed at once, the panes once it settles.
        if self._show_timer is not None:
            self._show_timer.stop()
        self._show_timer = self.set_timer(DEBOUNCE, self._show_highlighted)

    def _show_highlighted(self) -> None:
        self._show_timer = None
        if self.is_attached:
            self._show_paper(self.feed.source.paper(self.feed.cursor))

    def _show_paper(self, paper: Paper | None) -> None:
        self.current = paper
        if paper is None:
            # A view that empties (loading, nothing cached) repaints the feed and the status line in
            # this frame and the panes in the next: the whole screen at once held a key 15-20 ms.
            self.call_after_refresh(self._show_nothing)
        elif not self._first_paint:
            # Start-up draws the titles first; the abstract (~3 ms of that frame) follows in the next.
            self.call_after_refresh(self._show_abstract, paper)
        else:
            self._show_abstract(paper)
        if self._read_timer is not None:
            self._read_timer.cancel()
        if paper is not None and paper.id not in self.marks.read:
            paper_id = paper.id
            self._read_timer = self.timers.after(
                self.session.settings.read_after_seconds, lambda: self._mark_read(paper_id)
            )
        self._refresh_bindings_if_changed()

    def _show_abstract(self, paper: Paper) -> None:
        if not self.is_attached or self.current is not paper:
            return  # another paper (or none) came first: it is what the panes show
        self.query_one(AbstractPane).show(
            paper, bookmarked=paper.id in self.marks.bookmarked, extra=self.shelf.details(paper)
        )
        self._authors_later(paper)

    def _show_nothing(self) -> None:
        if not self.is_attached or self.current is not None:
            return  # a paper came first: it is what the panes show
        self.query_one(AbstractPane).show_message(self._empty_message)
        self._authors_later(None)

    def _authors_later(self, paper: Paper | None) -> None:
        """The sidebar follows the abstract a frame later: feed, abstract and sidebar drawn in one
        frame held a key 15-17 ms (the month benchmark's longest stall)."""
        if self._authors_timer is not None:
            self._authors_timer.stop()
        self._authors_timer = self.set_timer(AUTHORS_LAG, partial(self._show_authors, paper))

    def _show_authors(self, paper: Paper | None) -> None:
        self._authors_timer = None
        sidebar = self.sidebar()
        if sidebar is not None and self.is_attached and self.current is paper:
            sidebar.show_paper(paper)

    def _mark_read(self, paper_id: str) -> None:
        # A timer can fire while the app shuts down, after the widgets are gone.
        if self.is_attached and self.current is not None and self.current.id == paper_id:
            self.run(self.library.set_read(paper_id, True, quiet=True), group="read-state", exclusive=False)

    def watch_marks(self, old: Marks, new: Marks) -> None:
        if old.bookmarked != new.bookmarked:
            self._bookmarks_changed()
        paper = self.current
        if paper is not None and (paper.id in old.bookmarked) != (paper.id in new.bookmarked):
            self.query_one(AbstractPane).show(
                paper, bookmarked=paper.id in new.bookmarked, extra=self.shelf.details(paper)
            )

    # -- which pane has the keys ------------------------------------------------------------

    def on_descendant_focus(self) -> None:
        self._mark_focused_pane()

    def _mark_focused_pane(self) -> None:
        """The focused pane's title says so in text (``▶ Feed``), visible without colour."""
        focused = self.focused
        for pane_id, title in self.PANE_TITLES.items():
            for pane in self.query(f"#{pane_id}"):
                has_focus = focused is not None and (focused is pane or pane in focused.ancestors)
                pane.border_title = f"▶ {title}" if has_focus else title
