"""What the reader loads after its first paint: the feature controllers, the author sidebar and the footer.

A base of :class:`~tui.screens.reader.ReaderScreen`. Start-up draws the feed
first (:class:`~tui.screens.reader_view.ReaderView`); everything here is
imported and built on first use, or mounted once the first titles are on
screen (:meth:`ReaderFeatures.after_first_paint`). Each controller takes the
session and the screen's narrow :class:`~tui.controllers.ReaderUI`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.screens.reader_view import FOOTER_PENDING
from tui.widgets.abstract_pane import AbstractPane

if TYPE_CHECKING:
    from tui.clock import Cancellable
    from tui.controllers.authors import AuthorController
    from tui.controllers.follow import FollowController
    from tui.controllers.list_sync import ListSyncController
    from tui.controllers.papers import PaperController
    from tui.controllers.reading import ReadingController, SharedReading
    from tui.controllers.shelf import ShelfController
    from tui.controllers.user_commands import UserCommandController
    from tui.models import Paper
    from tui.screens.reader_view import ReaderView
    from tui.services.system.clipboard import CopyResult
    from tui.widgets.author_sidebar import AuthorSidebar

    _Base = ReaderView
else:
    _Base = object

COUNT_DELAY = 0.8
"""Seconds a paper stays highlighted before its citation count is asked for (S2's pool is small)."""


class ReaderFeatures(_Base):
    """The controllers built on first use, and the panes mounted after the first paint."""

    _completed = False
    """The author sidebar and the footer are mounted (shortly after the first paint)."""
    _on_complete: list[Callable[[], None]] | None = None
    _follow: FollowController | None = None
    _shelf: ShelfController | None = None
    _list_sync: ListSyncController | None = None
    _papers: PaperController | None = None
    _authors: AuthorController | None = None
    _shared_reading: SharedReading | None = None
    _owns_reading = True
    """False on a screen opened from the reader: it shares the reader's (graph feeds)."""
    _reading: ReadingController | None = None
    _count_timer: Cancellable | None = None

    # -- the controllers, built on first use ---------------------------------------------------

    @property
    def follow(self) -> FollowController:
        """Watch list, For you, announcements (issue 14)."""
        if self._follow is None:
            from tui.controllers.follow import FollowController

            self._follow = FollowController(self.session, self, self._mounted_sidebar)
        return self._follow

    @property
    def shelf(self) -> ShelfController:
        """Notes, tags, lists, the selection, exports, PDFs (issue 13)."""
        if self._shelf is None:
            from tui.controllers.shelf import ShelfController

            self._shelf = ShelfController(self.session, self, self._copy_to_user)
        return self._shelf

    def _bookmarks_changed(self) -> None:
        """The ``⇅ N to sync`` count follows the bookmarks, once list sync runs (the marks'
        first load starts it, after importing it in a thread: not here, on the loop)."""
        if self._list_sync is not None:
            self._list_sync.refresh_pending()

    @property
    def list_sync(self) -> ListSyncController:
        """Reading lists <-> Hugging Face collections (issue 15)."""
        if self._list_sync is None:
            from tui.controllers.list_sync import ListSyncController

            self._list_sync = ListSyncController(self.session, self, self._ask)
        return self._list_sync

    @property
    def papers(self) -> PaperController:
        """Links, citations, bookmarks."""
        if self._papers is None:
            from tui.controllers.papers import PaperController

            self._papers = PaperController(self.session, self, lambda: self._app.clipboard_writer())
        return self._papers

    @property
    def authors(self) -> AuthorController:
        """The author profiles (Semantic Scholar, arXiv)."""
        if self._authors is None:
            from tui.controllers.authors import AuthorController

            self._authors = AuthorController(self.session, self, lambda: self.follow.marked(self._sidebar()))
        return self._authors

    @property
    def reading(self) -> ReadingController:
        """The paper view, reference feeds, prefetch and citation counts (issue 12)."""
        if self._reading is None:
            from tui.controllers.reading import ReadingController, SharedReading

            if self._shared_reading is None:
                self._shared_reading = SharedReading(self.session)
            self._reading = ReadingController(self.session, self, self.papers, self.app.push_screen,
                                              self._shared_reading)
        return self._reading

    @property
    def user_commands(self) -> UserCommandController:
        """The config's ``[commands]`` run on the highlighted paper (issue 14)."""
        from tui.controllers.user_commands import UserCommandController

        return UserCommandController(self, lambda: self.app, lambda: self._app.user_commands,
                                     self.reading.cached_markdown)

    async def _copy_to_user(self, text: str) -> CopyResult:
        """The clipboard ladder of the paper controller (the shelf copies through it)."""
        return await self.papers.copy_to_user(text)

    async def _ask(self, title: str, lines: list[str], question: str) -> bool:
        """A yes / no modal (list sync); must be awaited from a worker."""
        from tui.screens.confirm_sync import ConfirmSyncScreen

        answer: bool = await self.app.push_screen_wait(ConfirmSyncScreen(title, lines, question))
        return answer

    # -- after the first paint -----------------------------------------------------------------

    def after_first_paint(self) -> None:
        gc.enable()  # paused by the command for start-up (tui.cli)
        self.run(self._complete(), group="complete")

    async def _complete(self) -> None:
        """The footer and the author sidebar (its module imported only now)."""
        from tui.widgets.author_sidebar import AuthorSidebar
        from tui.widgets.steady_footer import SteadyFooter

        with self.app.batch_update():
            self.remove_class(FOOTER_PENDING)
            await self.mount(SteadyFooter())
            await self.query_one("#panes").mount(AuthorSidebar(id="authors"))
        self.refresh_bindings()  # a footer mounted late draws its keys on the next bindings signal
        self._completed = True
        # What start-up built (modules, widgets, styles) lives as long as the app: keep it out of
        # the cycle collector's full passes, which would otherwise stall a key for 15-40 ms (#10).
        gc.freeze()
        if self.current is not None:
            self._sidebar().show_paper(self.current)
        waiting, self._on_complete = self._on_complete or [], None
        for callback in waiting:
            callback()

    def when_complete(self, callback: Callable[[], None]) -> None:
        """Run *callback* once the author sidebar is mounted (at once when it is)."""
        if self._completed:
            callback()
        else:
            self._on_complete = [*(self._on_complete or []), callback]

    def _sidebar(self) -> AuthorSidebar:
        from tui.widgets.author_sidebar import AuthorSidebar

        return self.query_one("#authors", AuthorSidebar)

    def _mounted_sidebar(self) -> AuthorSidebar:
        """The sidebar for a request that comes from it (so it is mounted)."""
        return self._sidebar()

    def sidebar(self) -> AuthorSidebar | None:
        """The author sidebar, once mounted with its lists (shortly after the first titles)."""
        return self._sidebar() if self._completed else None

    @property
    def pending(self) -> bool:
        """True while the panes have not caught up with the feed cursor (debounce), or are not all mounted."""
        return self._show_timer is not None or self._authors_timer is not None or not self._completed

    async def on_unmount(self) -> None:
        self.close_unstarted()
        if self._authors is not None:
            await self._authors.aclose()
        if self._follow is not None:
            self._follow.close()
        if self._owns_reading and self._shared_reading is not None:
            await self._shared_reading.aclose()

    # -- the author sidebar's messages ---------------------------------------------------------
    # Named the Textual way (not @on): the sidebar module is imported after start-up.

    def on_author_sidebar_author_chosen(self, message: AuthorSidebar.AuthorChosen) -> None:
        self.run(self.authors.load(message.paper, message.index), group="author")

    def on_author_sidebar_abandoned(self) -> None:
        # Another paper came up: a profile still loading is stale, stop its requests
        # (unless a new choice already started; its exclusive worker replaced the old one).
        if self._sidebar().target is None:
            self.workers.cancel_group(self, "author")
            self.workers.cancel_group(self, "author-warm")

    def on_author_sidebar_paper_opened(self, message: AuthorSidebar.PaperOpened) -> None:
        self.remember_view()  # esc / backspace come back here
        self.run(self.authors.open_paper(message.profile, message.index), group="author-paper")

    # -- the highlighted paper's citation count (under the abstract pane) -------------------------

    def on_feed_table_highlighted(self) -> None:
        if self._count_timer is not None:
            self._count_timer.cancel()
        self._count_timer = self.timers.after(COUNT_DELAY, self.show_citation_count)

    def show_citation_count(self) -> None:
        """The highlighted paper's citation count under the abstract pane (cached, else asked for)."""
        self._count_timer = None
        if not self.is_attached:
            return
        paper = self.highlighted_paper()
        pane = self.query_one(AbstractPane)
        text = self.reading.cached_count(paper)
        pane.border_subtitle = text
        if not text and paper is not None and paper.has_arxiv_id and not self.session.offline:
            self.run(self.reading.fetch_count(paper.id, self._count_arrived), group="citation-count")

    def _count_arrived(self, paper_id: str, text: str) -> None:
        paper: Paper | None = self.highlighted_paper()
        if self.is_attached and paper is not None and paper.id == paper_id:
            self.query_one(AbstractPane).border_subtitle = text
