"""The reader screen: what each key does in the reader, and what cannot run now.

State and drawing are :class:`~tui.screens.reader_view.ReaderView`'s; behaviour is
the controllers' (:mod:`tui.controllers`). This class binds the commands of
:mod:`tui.commands`, greys out those that cannot run (``check_action``), and
answers the author sidebar's messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType

from tui.commands import COMMANDS
from tui.models import FeedKey
from tui.screens.reader_library import LibraryKeys
from tui.screens.reader_view import ReaderView
from tui.widgets.author_sidebar import AuthorSidebar

if TYPE_CHECKING:
    from tui.services.links import PaperLink

APP_WIDE = {"help", "quit", "command-palette", "focus-next", "focus-previous"}
"""Commands the App binds itself; the reader binds the rest."""
NEEDS_PAPER = {"open_code", "open_paper", "open_links", "toggle_bookmark", "copy_citation", "choose_citation"}
NEEDS_NETWORK = {"refresh", "fetch_period"}


class ReaderScreen(LibraryKeys, ReaderView):
    """The reader: keys, commands and the sidebar's requests."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.footer_label, show=c.footer, id=c.id, tooltip=c.description)
        for c in COMMANDS
        if c.scope == "app" and c.id not in APP_WIDE
    ]

    # -- what can run now ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greyed out (None) in the footer and palette when the action cannot run now."""
        if not self.is_mounted:
            return True
        if action in NEEDS_PAPER:
            return True if self.highlighted_paper() is not None else None
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
            self.reading.bookmark_all(self._targets())
            return
        self.papers.toggle_bookmark()

    def action_copy_citation(self) -> None:
        if self.marks.selected:
            self.run(self.reading.copy_all(self._targets()), group="clipboard", exclusive=False)
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
            self.reading.read_all(self._targets())
            return
        self.library.toggle_read()

    # -- the author sidebar ------------------------------------------------------------------

    def action_focus_authors(self) -> None:
        """Move into the highlighted paper's authors, starting with the first."""
        sidebar = next(iter(self.query(AuthorSidebar)), None)
        if sidebar is None or not sidebar.display:
            self.say("The author sidebar is hidden in a terminal this narrow: widen it.", timeout=4)
            return
        # The feed's cursor, not self.current: the abstract pane lags it by a debounce.
        paper = self.feed.source.paper(self.feed.cursor) if len(self.feed.source) else self.current
        if sidebar.enter(paper) and paper is not None:
            self.run(self.authors.load(paper, 0), group="author")  # always (re)load: `a` again retries

    @on(AuthorSidebar.AuthorChosen)
    def _author_chosen(self, message: AuthorSidebar.AuthorChosen) -> None:
        self.run(self.authors.load(message.paper, message.index), group="author")

    @on(AuthorSidebar.Abandoned)
    def _author_abandoned(self) -> None:
        # Another paper came up: a profile still loading is stale, stop its requests
        # (unless a new choice already started; its exclusive worker replaced the old one).
        if self._sidebar().target is None:
            self.workers.cancel_group(self, "author")

    @on(AuthorSidebar.PaperOpened)
    def _author_paper_opened(self, message: AuthorSidebar.PaperOpened) -> None:
        self.run(self.authors.open_paper(message.profile, message.index), group="author-paper")

