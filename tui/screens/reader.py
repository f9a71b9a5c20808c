"""The reader screen: what each key does in the reader, and what cannot run now.

State and drawing are :class:`~tui.screens.reader_view.ReaderView`'s; behaviour is
the controllers' (:mod:`tui.controllers`). This class binds the commands of
:mod:`tui.commands`, greys out those that cannot run (``check_action``), loads the
features start-up can skip (author sidebar, paper and author controllers) once the
first titles are on screen, and answers the author sidebar's messages.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType

from tui.clock import Cancellable
from tui.commands import COMMANDS
from tui.models import FeedKey, Paper
from tui.screens.line_prompt import LinePrompt
from tui.screens.reader_library import LibraryKeys
from tui.screens.reader_view import ReaderView
from tui.services.arrange import FILTER_HELP, SORT_LABELS, Arrangement, parse_filter
from tui.services.goto import GOTO_HELP, GoToError, parse_go_to
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.feed_table import FeedTable

if TYPE_CHECKING:
    from tui.clock import Timers
    from tui.controllers.authors import AuthorController
    from tui.controllers.papers import PaperController
    from tui.controllers.reading import ReadingController, SharedReading
    from tui.services.links import PaperLink
    from tui.services.session import Session
    from tui.widgets.author_sidebar import AuthorSidebar

APP_WIDE = {"help", "quit", "command-palette", "focus-next", "focus-previous"}
"""Commands the App binds itself; the reader binds the rest."""
NEEDS_PAPER = {"open_code", "open_paper", "open_links", "toggle_bookmark", "copy_citation", "choose_citation",
               "run_user_command", "read_paper", "open_graph"}
NEEDS_NETWORK = {"refresh", "fetch_period", "prefetch_texts"}


class ReaderScreen(LibraryKeys, ReaderView):
    """The reader: keys, commands and the sidebar's requests."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Help and Quit first, so the footer shows them at any width (80 columns included).
        *(
            Binding(c.keys, f"app.{c.action}", c.footer_label, show=True, id=c.id, tooltip=c.description)
            for c in COMMANDS
            if c.id in ("help", "quit")
        ),
        *(
            Binding(c.keys, c.action, c.footer_label, show=c.footer, id=c.id, tooltip=c.description)
            for c in COMMANDS
            if c.scope == "app" and c.id not in APP_WIDE and c.keys
        ),
    ]

    def __init__(self, session: Session, key: FeedKey, *, timers: Timers) -> None:
        super().__init__(session, key, timers=timers)
        self._completed = False
        """The author sidebar is mounted (shortly after the first paint)."""
        self._on_complete: list[Callable[[], None]] = []
        self._papers: PaperController | None = None
        self._authors: AuthorController | None = None

    # -- features loaded after start-up -------------------------------------------------------

    @property
    def papers(self) -> PaperController:
        """Links, citations, bookmarks (imported on first use: start-up does not need them)."""
        if self._papers is None:
            from tui.controllers.papers import PaperController

            self._papers = PaperController(self.session, self, lambda: self._app.clipboard_writer())
        return self._papers

    @property
    def authors(self) -> AuthorController:
        """The author profiles (Semantic Scholar, arXiv: imported on first use)."""
        if self._authors is None:
            from tui.controllers.authors import AuthorController

            self._authors = AuthorController(self.session, self, lambda: self.follow.marked(self._sidebar()))
        return self._authors

    def after_first_paint(self) -> None:
        self.run(self._complete(), group="complete")

    async def _complete(self) -> None:
        """After the first titles are on screen: the author sidebar (its module imported only now)."""
        from tui.widgets.author_sidebar import AuthorSidebar

        await self.query_one("#panes").mount(AuthorSidebar(id="authors"))
        self._completed = True
        # What start-up built (modules, widgets, styles) lives as long as the app: keep it out of
        # the cycle collector's full passes, which would otherwise stall a key for 15-40 ms (#10).
        gc.freeze()
        if self.current is not None:
            self._sidebar().show_paper(self.current)
        waiting, self._on_complete = self._on_complete, []
        for callback in waiting:
            callback()

    def when_complete(self, callback: Callable[[], None]) -> None:
        """Run *callback* once the author sidebar is mounted (at once when it is)."""
        if self._completed:
            callback()
        else:
            self._on_complete.append(callback)

    def _sidebar(self) -> AuthorSidebar:
        from tui.widgets.author_sidebar import AuthorSidebar

        return self.query_one("#authors", AuthorSidebar)

    def sidebar(self) -> AuthorSidebar | None:
        """The author sidebar, once mounted with its lists (shortly after the first titles)."""
        return self._sidebar() if self._completed else None

    @property
    def pending(self) -> bool:
        """True while the panes have not caught up with the feed cursor (debounce), or are not all mounted."""
        return self._show_timer is not None or not self._completed

    async def on_unmount(self) -> None:
        if self._authors is not None:
            await self._authors.aclose()
        if self._follow is not None:
            self._follow.close()
        await self._close_reading()

    # -- what can run now ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greyed out (None) in the footer and palette when the action cannot run now."""
        if not self.is_mounted:
            return True
        if action in NEEDS_PAPER:
            return True if self.can_act_on_paper() else None
        if action == "toggle_read":
            return True if self.current is not None else None
        if action in NEEDS_NETWORK:
            return None if self.session.offline else True
        if action == "shift_period":
            return True if self.key.is_dated else None
        return True

    # -- actions -----------------------------------------------------------------------------

    def action_view(self, kind: str) -> None:
        self.open_view(self.views.kind_key(kind))
        self.feed.focus()

    def action_shift_period(self, steps: int) -> None:
        if self.key.is_dated:
            self.views.shift(steps)

    def action_refresh(self) -> None:
        if not self.session.offline:
            self.views.refresh()

    def action_fetch_period(self) -> None:
        if not self.session.offline:
            self.library.fetch_period()

    def action_toggle_hide_read(self) -> None:
        self.views.toggle_hide_read()

    def action_focus_feed(self) -> None:
        # esc: back to the feed; in the feed of a search or an author's papers, back to where you were.
        if self.focused is self.feed and self.key.kind == "search" and self.go_back():
            return
        self.feed.focus()

    def action_back(self) -> None:
        if not self.go_back():
            self.say("No earlier view.", timeout=2)
        self.feed.focus()

    def action_forward(self) -> None:
        if not self.go_forward():
            self.say("No later view.", timeout=2)
        self.feed.focus()

    # -- sort, filter, dates (issue 11) -------------------------------------------------------

    def _rearrange(self, arrangement: Arrangement) -> None:
        self.arrangement = arrangement
        if self.listing is None:
            self.say("Sort and filter work on listings: a day, week, month, trending, bookmarks,"
                     " an author's papers (not on search results or the whole library).", timeout=5)
            return
        self.show_listing(self.listing, keep_cursor=True)

    def action_sort_cycle(self) -> None:
        self._rearrange(self.arrangement.next_sort())
        self.say(f"sorted by {SORT_LABELS[self.arrangement.sort]}", timeout=2)

    def action_quick_filter(self) -> None:
        current = self.arrangement.filter
        initial = "" if current is None else ("code" if current.kind == "code" else
                                              f"org:{current.value}" if current.kind == "org" else current.value)

        def chosen(text: str | None) -> None:
            if text is not None:
                self._rearrange(self.arrangement.filtered(parse_filter(text)))
            self.feed.focus()

        self.app.push_screen(LinePrompt("Filter this view", FILTER_HELP, initial=initial,
                                        placeholder="code, org:NVIDIA, diffusion …"), chosen)

    def action_reset_arrangement(self) -> None:
        if self.arrangement.active:
            self._rearrange(Arrangement())
            self.say("Hugging Face's order, no filter", timeout=2)

    def action_go_to_date(self) -> None:
        today = self.session.feeds.today()

        def check(text: str) -> str:
            try:
                parse_go_to(text, today)
            except GoToError as error:
                return str(error)
            return ""

        def chosen(text: str | None) -> None:
            if text is not None:
                self.open_view(parse_go_to(text, today))
            self.feed.focus()

        self.app.push_screen(LinePrompt("Go to a date", GOTO_HELP, check=check,
                                        placeholder="2025-03-12, 2025-W11, 2025-03, yesterday, -3"), chosen)

    def action_latest_day(self) -> None:
        self.open_view(FeedKey("latest"))
        self.feed.focus()

    def action_search(self) -> None:
        from tui.screens.search_prompt import SearchPrompt

        initial = self.key.value if self.key.kind == "search" else ""
        prompt = SearchPrompt(initial, offline=self.session.offline, on_submit=self._search_submitted)
        self.app.push_screen(prompt, lambda _: self.focus_feed())

    def _search_submitted(self, text: str) -> None:
        self.open_view(FeedKey("search", text))

    def action_open_code(self) -> None:
        self.papers.open_code()

    def action_open_paper(self) -> None:
        self.papers.open_paper()

    def action_open_links(self) -> None:
        menu = self.papers.link_menu()
        if menu is None:
            return

        def chosen(link: PaperLink | None) -> None:
            if link is not None:
                self.papers.open(link.url, link.label)

        self.app.push_screen(menu, callback=chosen)

    def action_toggle_bookmark(self) -> None:
        if self.marks.selected:  # rows picked with space / A: all of them
            self.shelf.bookmark_all(self._targets())
            return
        self.papers.toggle_bookmark()

    def action_copy_citation(self) -> None:
        if self.marks.selected:
            self.run(self.shelf.copy_all(self._targets()), group="clipboard", exclusive=False)
            return
        paper = self.papers.paper()
        if paper is not None:
            self.papers.copy(paper, "bibtex")

    def action_choose_citation(self) -> None:
        from tui.screens.citation_chooser import CitationChooser

        paper = self.papers.paper()
        if paper is None:
            return

        def chosen(fmt: str | None) -> None:
            if fmt is not None:
                self.papers.copy(paper, fmt)

        self.app.push_screen(CitationChooser(paper), callback=chosen)

    def action_toggle_read(self) -> None:
        if self.marks.selected:
            self.shelf.read_all(self._targets())
            return
        self.library.toggle_read()

    # -- following and your own commands (issue 14) ------------------------------------------

    def action_view_for_you(self) -> None:
        self.follow.visit()

    def action_follow_author(self) -> None:
        self.follow.follow_author()

    def action_follow_search(self) -> None:
        self.follow.follow_search()

    def action_run_user_command(self, name: str) -> None:
        from tui.controllers.user_commands import UserCommandController

        commands = UserCommandController(self, lambda: self.app, lambda: self._app.user_commands,
                                         self.reading.cached_markdown)
        commands.run(name)

    def action_sync_list(self) -> None:
        """Sync the current reading list with its Hugging Face collection, in the background."""
        self.list_sync.sync()

    # -- the author sidebar ------------------------------------------------------------------

    def action_focus_authors(self) -> None:
        """Move into the highlighted paper's authors, starting with the first."""
        sidebar = self.sidebar()
        if sidebar is None:
            self.when_complete(self.action_focus_authors)  # pressed in the first moment after start
            return
        if not sidebar.display:
            self.say("The author sidebar is hidden in a terminal this narrow: widen it.", timeout=4)
            return
        # The feed's cursor, not self.current: the abstract pane lags it by a debounce.
        paper = self.feed.source.paper(self.feed.cursor) if len(self.feed.source) else self.current
        if sidebar.enter(paper) and paper is not None:
            self.run(self.authors.load(paper, 0), group="author")  # always (re)load: `a` again retries
            self.run(self.authors.warm(paper), group="author-warm")  # the other authors, side by side

    # Handlers named the Textual way (not @on): the sidebar module is imported after start-up.
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

    # -- reading and the citation graph (issue 12) ---------------------------------------------

    _shared_reading: SharedReading | None = None
    _owns_reading = True
    _reading: ReadingController | None = None
    _count_timer: Cancellable | None = None

    @property
    def reading(self) -> ReadingController:
        """The paper view, reference feeds, prefetch and citation counts (opened on first use)."""
        if self._reading is None:
            from tui.controllers.reading import ReadingController, SharedReading

            if self._shared_reading is None:
                self._shared_reading = SharedReading(self.session)
            self._reading = ReadingController(self.session, self, self.papers, self.app.push_screen,
                                              self._shared_reading)
        return self._reading

    def action_read_paper(self) -> None:
        self.reading.read_highlighted()

    def action_enter_reading(self) -> None:
        """``enter``: feed -> abstract pane -> paper view."""
        if isinstance(self.focused, FeedTable):
            self.query_one(AbstractPane).focus()
        elif isinstance(self.focused, AbstractPane):
            self.reading.read_highlighted()

    def action_open_graph(self, kind: str) -> None:
        if kind in ("references", "citations", "similar"):
            self.reading.graph_of_highlighted(kind)  # type: ignore[arg-type]

    def action_prefetch_texts(self) -> None:
        source = self.feed.source
        papers = [p for p in (source.paper(i) for i in range(min(len(source), 500))) if p is not None]
        self.reading.prefetch(papers)

    @on(FeedTable.Highlighted)
    def _count_later(self, event: FeedTable.Highlighted) -> None:
        if self._count_timer is not None:
            self._count_timer.cancel()
        from tui.controllers.reading import COUNT_DELAY

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

    async def _close_reading(self) -> None:
        if self._owns_reading and self._shared_reading is not None:
            await self._shared_reading.aclose()
