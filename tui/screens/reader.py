"""The reader screen: what each key does in the reader, and what cannot run now.

This class binds the commands of :mod:`tui.commands`, greys out those that
cannot run (``check_action``) and holds one method per key. Its bases hold the
rest: state and drawing (:mod:`.reader_view`), the panes that follow the cursor
(:mod:`.reader_panes`), what loads after the first paint and the author
sidebar's messages (:mod:`.reader_features`), the library keys
(:mod:`.reader_library`); behaviour is the controllers' (:mod:`tui.controllers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from tui.commands import COMMANDS
from tui.models import FeedKey, Paper
from tui.screens.reader_features import ReaderFeatures
from tui.screens.reader_library import LibraryKeys
from tui.screens.reader_panes import ReaderPanes
from tui.screens.reader_view import ReaderView
from tui.services.reader.arrange import SORT_LABELS, Arrangement, parse_filter
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.feed_table import FeedTable

if TYPE_CHECKING:
    from tui.services.system.links import PaperLink

APP_WIDE = {"help", "quit", "command-palette", "focus-next", "focus-previous"}
"""Commands the App binds itself; the reader binds the rest."""
NEEDS_PAPER = {"open_code", "open_paper", "open_links", "toggle_bookmark", "copy_citation", "choose_citation",
               "run_user_command", "read_paper", "open_graph"}
NEEDS_NETWORK = {"refresh", "fetch_period", "prefetch_texts"}


class ReaderScreen(LibraryKeys, ReaderFeatures, ReaderPanes, ReaderView):
    """The reader: keys and commands, and which of them can run now."""

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
            self.views.rearrange()  # search results, the library, lists, For you: rows, not a listing
            return
        self.show_listing(self.listing, keep_cursor=True)

    def action_sort_cycle(self) -> None:
        self._rearrange(self.arrangement.next_sort())
        self.say(f"sorted by {SORT_LABELS[self.arrangement.sort]}", timeout=2)

    def action_quick_filter(self) -> None:
        from tui.screens.reader_prompts import filter_prompt  # the prompts' modules load on first use

        def chosen(text: str | None) -> None:
            if text is not None:
                self._rearrange(self.arrangement.filtered(parse_filter(text)))
            self.feed.focus()

        self.app.push_screen(filter_prompt(self.arrangement), chosen)

    def action_reset_arrangement(self) -> None:
        if self.arrangement.active:
            self._rearrange(Arrangement())
            self.say("Hugging Face's order, no filter", timeout=2)

    def action_go_to_date(self) -> None:
        from tui.screens.reader_prompts import date_prompt
        from tui.services.reader.goto import parse_go_to

        today = self.session.feeds.today()

        def chosen(text: str | None) -> None:
            if text is not None:
                self.open_view(parse_go_to(text, today))
            self.feed.focus()

        self.app.push_screen(date_prompt(today), chosen)

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
        self.user_commands.run(name)

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
        # The feed's cursor, not self.current: the abstract pane lags it by a debounce.
        paper = self.feed.source.paper(self.feed.cursor) if len(self.feed.source) else self.current
        if not sidebar.display:  # too narrow for the sidebar (80x24): the authors full-screen
            self.open_author_screen(paper)
            return
        if sidebar.enter(paper) and paper is not None:
            self.run(self.authors.load(paper, 0), group="author")  # always (re)load: `a` again retries
            self.run(self.authors.warm(paper), group="author-warm")  # the other authors, side by side

    def open_author_screen(self, paper: Paper | None) -> None:
        """The authors of *paper* full-screen; esc comes back with the feed cursor where it was."""
        from tui.screens.author_screen import AuthorPick, AuthorScreen

        if paper is None or not paper.authors:
            self.say("This paper lists no authors." if paper else "No paper selected.", timeout=3)
            return

        def closed(pick: AuthorPick | None) -> None:
            self.feed.focus()
            if pick is not None:  # enter, enter: the author's papers as a feed
                self.remember_view()
                self.run(self.authors.open_paper(pick.profile, pick.index), group="author-paper")

        self.app.push_screen(AuthorScreen(paper, self.authors, self.follow), closed)

    def action_refresh_author(self) -> None:
        """``r`` in the author list: the author on show fetched again, cache or not."""
        sidebar = self.sidebar()
        if sidebar is not None and sidebar.paper is not None and sidebar.target is not None:
            self.run(self.authors.load(sidebar.paper, sidebar.target[1], force=True), group="author")

    # -- reading and the citation graph (issue 12) ---------------------------------------------

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
