"""The reader's state and how a view is drawn: feed, abstract pane and status line.

:class:`ReaderView` owns the view state as plain values (:attr:`~ReaderView.key`,
:attr:`~ReaderView.listing`, :attr:`~ReaderView.current`, :attr:`~ReaderView.hide_read`)
and two reactive values the widgets are bound to (:attr:`~ReaderView.status` for the
status line, :attr:`~ReaderView.marks` for the feed). It implements
:class:`tui.controllers.ReaderUI`, the one door the controllers use. The other
bases of :class:`tui.screens.reader.ReaderScreen` add the panes that follow the
cursor (:mod:`.reader_panes`), what loads after the first paint
(:mod:`.reader_features`) and what the keys do (:mod:`.reader`).
"""

from __future__ import annotations

import asyncio
import gc
import inspect
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui.clock import Cancellable, Timers
from tui.controllers import Severity, Work
from tui.controllers.library import LibraryController
from tui.controllers.views import ViewController
from tui.models import FeedKey, Listing, Paper
from tui.screens.reader_history import ViewEntry, ViewHistory
from tui.screens.reader_wording import listing_words, nothing_here, nothing_shown
from tui.services.reader.arrange import Arrangement
from tui.services.reader.rows import FilteredRows, PaperRows, RowSource
from tui.view_state import Marks, Status
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.feed_table import FeedTable
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.app import PapersApp
    from tui.controllers.follow import FollowController
    from tui.controllers.list_sync import ListSyncController
    from tui.controllers.papers import PaperController
    from tui.controllers.shelf import ShelfController
    from tui.services.session import Session
    from tui.widgets.author_sidebar import AuthorSidebar


FOOTER_PENDING = "-footer-pending"
"""The screen's class until the footer is mounted (after the first paint): its bottom padding keeps
the footer's row, so the layout does not move (a placeholder widget cost one more widget to style)."""


class ReaderView(Screen[None]):
    """Feed, abstract and authors of one view at a time, local first."""

    status: var[Status] = var(Status)
    """What the status line says (bound to :class:`StatusLine`)."""
    marks: var[Marks] = var(Marks)
    """Bookmarked / read / remote-only rows (bound to :class:`FeedTable`)."""

    DEFAULT_CSS = f"ReaderView.{FOOTER_PENDING} {{ padding-bottom: 1; }}"

    def __init__(self, session: Session, key: FeedKey, *, timers: Timers) -> None:
        super().__init__(classes=" ".join([FOOTER_PENDING, *self._breakpoint_classes()]))
        self.session = session
        self.key = key
        """The view on screen (or being opened)."""
        self.listing: Listing | None = None
        """The listing on screen (None for library, search and empty views)."""
        self.current: Paper | None = None
        """The paper in the abstract pane."""
        self.hide_read = False
        self.arrangement = Arrangement()
        """Sort and quick filter applied to listings (``s`` / ``f``, ``z`` resets); stays across views."""
        self.history = ViewHistory()
        """The views behind and ahead of this one (esc / backspace, alt+left / alt+right)."""
        self._restore_cursor: tuple[FeedKey, str | None] | None = None
        self._unstarted: list[Work] = []
        """Work waiting for the next paint (see :meth:`run`)."""
        self.timers = timers
        self._show_timer: Timer | None = None
        self._authors_timer: Timer | None = None
        self._read_timer: Cancellable | None = None
        self._empty_message = "No paper selected."
        self.library = LibraryController(session, self)
        self.views = ViewController(session, self, self.library)
        # The feature controllers are built on first use (ReaderFeatures): start-up paints titles first.
        self.views.open_for_you = lambda refresh: self.follow.open(refresh)
        self.views.on_refreshed = lambda: self.follow.listing_refreshed()
        self.library.library_filters = lambda text: self.shelf.filtered_search(text)
        self.library.note_hits = lambda text: self.shelf.note_hits(text)
        self._first_paint = False
        self._bindings_state: tuple[bool, bool, bool] | None = None

    @property
    def _app(self) -> PapersApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"), Vertical(id="left"):
            yield FeedTable(id="feed").data_bind(ReaderView.marks)
            yield AbstractPane(id="abstract")
        yield StatusLine(id="status").data_bind(ReaderView.status)
        # The author sidebar and the footer are mounted once the first titles are on
        # screen (ReaderFeatures.after_first_paint): start-up paints the feed first.

    if TYPE_CHECKING:  # the other bases of ReaderScreen provide these
        @property
        def follow(self) -> FollowController: ...
        @property
        def shelf(self) -> ShelfController: ...
        @property
        def list_sync(self) -> ListSyncController: ...
        @property
        def papers(self) -> PaperController: ...
        def sidebar(self) -> AuthorSidebar | None: ...
        def after_first_paint(self) -> None: ...
        def _show_paper(self, paper: Paper | None) -> None: ...
        def _mark_focused_pane(self) -> None: ...
        def _bookmarks_changed(self) -> None: ...

    @property
    def feed(self) -> FeedTable:
        return self.query_one(FeedTable)

    def _breakpoint_classes(self) -> set[str]:
        """The size classes (``-narrow`` / ``-wide``, ``-short`` / ``-tall``) Textual sets on the first
        resize, chosen by its rule from the terminal's size now: the first styles are then right at
        once, instead of every widget being styled a second time just before the first frame."""
        app = self.app
        width, height = app.size
        horizontal = self.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or []
        vertical = self.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or []
        return self._get_breakpoint_classes(width, horizontal) | self._get_breakpoint_classes(height, vertical)

    def on_mount(self) -> None:
        self.feed.border_title = "Feed"
        self.query_one(AbstractPane).border_title = "Abstract"
        self.feed.focus()
        self._mark_focused_pane()
        self.open_first_view()

    def open_first_view(self) -> None:
        """Titles first: the view opens from the cache at once (nothing else is waiting yet),
        the marks (user library) follow a moment later."""
        self.views.open(self.key, at_once=True)
        self.run(self._load_marks(), group="marks", after_paint=True)

    async def _load_marks(self) -> None:
        library = self.session.library
        bookmarked, read = await asyncio.to_thread(lambda: (library.bookmarked_ids(), library.read_ids()))
        self.marks = self.marks._replace(bookmarked=frozenset(bookmarked), read=frozenset(read))  # ★ ✓ at once
        # The controllers used next are imported in a thread: on the event loop their first import
        # is one step of ~50 ms; in a thread it gives the loop a turn every switch interval.
        await asyncio.to_thread(_import_after_paint_features)
        self.shelf.load_marks()
        self.follow.started()
        self.list_sync.refresh_pending()
        # As after the sidebar's mount (ReaderFeatures._complete): the controllers' modules live as
        # long as the app, so the cycle collector's full passes need not walk them (such a pass held
        # the event loop 11 ms during a month's load).
        gc.freeze()

    # -- ReaderUI: what the controllers may ask ---------------------------------------

    def close_unstarted(self) -> None:
        """Work queued for after a paint that never came (the screen went first) is closed, not leaked."""
        while self._unstarted:
            work = self._unstarted.pop()
            if inspect.iscoroutine(work):
                work.close()

    def say(self, message: str, *, severity: Severity = "information", timeout: float = 3) -> None:
        self.notify(message, severity=severity, timeout=timeout)

    def run(
        self, work: Work, *, group: str, exclusive: bool = True, after_paint: bool = False
    ) -> None:
        if after_paint:
            self._unstarted.append(work)

            def start() -> None:
                if work in self._unstarted:
                    self._unstarted.remove(work)
                    self.run(work, group=group, exclusive=exclusive)

            self.call_after_refresh(start)
            return
        # description: Textual would use repr(work), which for work holding a month of papers costs 35 ms.
        self.run_worker(work, name=group, group=group, description=group, exclusive=exclusive, exit_on_error=False)

    def open_view(self, key: FeedKey, *, refresh: bool = True) -> None:
        if key != self.key:
            self.remember_view()
        self.views.open(key, refresh=refresh)

    # -- back and forward through views (like a browser) ------------------------------------

    def _here(self) -> ViewEntry:
        return ViewEntry(self.key, self.listing, self.feed.current_id, self.status.view)

    def remember_view(self) -> None:
        """The view on screen goes on the back stack (a new view is about to replace it)."""
        if self.status.view or self.listing is not None:
            self.history.leave(self._here())

    def go_back(self) -> bool:
        """Show the previous view, cursor on the paper it was on; False when there is none."""
        entry = self.history.back(self._here())
        if entry is not None:
            self._revisit(entry)
        return entry is not None

    def go_forward(self) -> bool:
        entry = self.history.forward(self._here())
        if entry is not None:
            self._revisit(entry)
        return entry is not None

    def _revisit(self, entry: ViewEntry) -> None:
        if entry.listing is not None:
            self.key = entry.key
            self.show_listing(entry.listing, cursor_id=entry.cursor_id)
            if entry.view:
                self.status = self.status._replace(view=entry.view)
            return
        self._restore_cursor = (entry.key, entry.cursor_id)
        self.views.open(entry.key, refresh=False)

    def focus_feed(self) -> None:
        self.feed.focus()

    def close_prompt(self) -> None:
        from tui.screens.search_prompt import SearchPrompt

        if isinstance(self.app.screen, SearchPrompt):
            self.app.screen.dismiss(None)

    def show_text(self, title: str, text: str, *, note: str, link: bool = False) -> None:
        from tui.screens.text_modal import TextModal

        self.app.push_screen(TextModal(title, text, link=link, note=note))

    def highlighted_paper(self) -> Paper | None:
        feed = self.feed
        if 0 <= feed.cursor < len(feed.source):
            paper = feed.source.paper(feed.cursor)
            if paper is not None:
                return paper
        return self.current

    def show_listing(
        self,
        listing: Listing,
        *,
        keep_cursor: bool = False,
        keep_position: bool = False,
        cursor_id: str | None = None,
        unreachable: bool = False,
    ) -> None:
        feed = self.feed
        cursor_id = feed.current_id if keep_cursor else cursor_id
        position = feed.cursor if keep_position else None
        self.listing = listing
        if listing.source != "sample":
            self.key = listing.key
        if listing.source == "network" and self.session.feeds.cache_problem:
            self.status = self.status.failed(self.session.feeds.cache_problem)
        papers = self.arrangement.apply(listing.papers)
        label, count, fresh = listing_words(listing, len(papers), offline=self.session.offline or unreachable)
        self._paint(self.key, PaperRows(papers), label, count, fresh, cursor_id, position)
        if self.arrangement.active:
            self.status = self.status.noting(self.arrangement.describe())
        if self.session.offline and listing.key.kind in ("week", "month"):
            coverage = self.session.feeds.period_coverage(listing.key)
            if coverage:
                self.status = self.status.noting(coverage)

    def show_rows(
        self, key: FeedKey, source: RowSource, *, count: str, fresh: str, view: str | None = None,
        cursor_id: str | None = None,
    ) -> None:
        self.listing = None
        source, count = self.views.arranged_rows(key, source, count=count, fresh=fresh, view=view)  # s / f (issue 11)
        self._paint(key, source, view or key.label, count, fresh, cursor_id)
        if self.arrangement.active:
            self.status = self.status.noting(self.arrangement.describe())

    def show_empty(self, key: FeedKey, detail: str) -> None:
        self.listing = None
        self.status = self.status._replace(view=key.label, how_many="", freshness=detail, notes=())
        self._empty_message = nothing_here(key, detail)
        self.feed.set_source(PaperRows([]))
        self._show_paper(None)
        self._painted()

    def can_act_on_paper(self) -> bool:
        """Whether there is a paper for ``o p u b c C`` (cheap: no SQLite, asked per binding)."""
        return len(self.feed.source) > 0 or self.current is not None

    def _refresh_bindings_if_changed(self) -> None:
        # The footer rebuilds itself on every refresh_bindings: only when an answer of
        # check_action can have changed (a recompose per cursor step stalls scrolling).
        state = (self.can_act_on_paper(), self.current is not None, self.key.is_dated)
        if state != self._bindings_state:
            self._bindings_state = state
            self.refresh_bindings()

    def _painted(self) -> None:
        if not self._first_paint:
            self._first_paint = True
            self.call_after_refresh(self.after_first_paint)

    def _paint(
        self,
        key: FeedKey,
        source: RowSource,
        view: str,
        count: str,
        fresh: str,
        cursor_id: str | None = None,
        position: int | None = None,
    ) -> None:
        self.marks = self.marks._replace(remote=frozenset(), show_unread=True)
        if self.hide_read:
            read = self.marks.read
            source = FilteredRows(source, lambda paper_id: paper_id not in read)
        cursor = position or 0
        if self._restore_cursor is not None and self._restore_cursor[0] == key:
            cursor_id, self._restore_cursor = self._restore_cursor[1], None
        if cursor_id is not None:
            cursor = next((i for i, pid in enumerate(source.ids()) if pid == cursor_id), 0)
        hidden = " (read hidden)" if self.hide_read else ""
        self.status = self.status._replace(view=view, how_many=count + hidden, freshness=fresh, notes=())
        self.feed.set_source(source, cursor=cursor)
        self.library.view_shown(key, self.listing)
        if len(source) == 0:
            self._empty_message = nothing_shown(key, hide_read=self.hide_read)
            self._show_paper(None)
        self._refresh_bindings_if_changed()
        self._painted()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.status = self.status._replace(activity="")
            self.status = self.status.failed(f"{event.worker.name or 'background task'} failed: {event.worker.error}")
            self._app.report_failure(event.worker)


def _import_after_paint_features() -> None:
    """Import the controllers :meth:`ReaderView._load_marks` builds (without building them)."""
    import tui.controllers.follow
    import tui.controllers.list_sync
    import tui.controllers.shelf  # noqa: F401
