"""The authors of one paper, full-screen: what ``a`` opens when the terminal is too narrow for the sidebar.

At 80x24 (the usual SSH size) the author sidebar does not fit next to the
feed, so ``a`` pushes this screen instead. It is the sidebar's own widget
(:class:`~tui.widgets.author_sidebar.AuthorSidebar`, ``detailed=True``): the
paper's authors on the left, each with its main arXiv category, h-index,
papers and citations as they arrive, and the highlighted author's profile and
papers on the right. The reader's controllers do the work, so the numbers,
the cache and the shared requests are the sidebar's: one Semantic Scholar
request gives every author's metrics, the categories fill in as each profile
completes.

Keys: ``j``/``k`` move, ``enter`` goes into the author's papers with the
highlighted one's abstract unfolded, ``enter`` again opens the author's papers
as a feed (the screen closes with that choice, :class:`AuthorPick`), ``f``
follows, ``r`` fetches the author again, ``esc``/``q`` go back to the feed with
its cursor where it was. This screen owns its state; the widget posts messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from tui.author_models import AuthorProfile
from tui.commands import BY_ID, scoped
from tui.models import Paper
from tui.services.sanitize import clean_line
from tui.widgets.author_sidebar import AuthorSidebar
from tui.widgets.steady_footer import SteadyFooter

if TYPE_CHECKING:
    from tui.controllers.authors import AuthorController
    from tui.controllers.follow import FollowController

_SCREEN_KEYS = ("follow-author", "author-refresh")
"""Author-list commands the screen binds too, so they show in its footer and work from the papers."""


@dataclass(frozen=True)
class AuthorPick:
    """The user asked for the author's papers as a feed, the cursor on paper *index* of *profile*."""

    profile: AuthorProfile
    index: int


class AuthorScreen(Screen[AuthorPick | None]):
    """A paper's authors and their profiles, full-screen; dismissed with an :class:`AuthorPick` or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(c.keys, c.action, c.footer_label, show=c.footer, id=c.id, tooltip=c.description)
          for c in scoped("authors-screen")),
        # The same ids as the list's own bindings: a [keymap] rebinding moves both.
        *(Binding(BY_ID[i].keys, BY_ID[i].action.removeprefix("screen."), BY_ID[i].footer_label, show=True,
                  priority=True, id=i, tooltip=BY_ID[i].description) for i in _SCREEN_KEYS),
    ]
    DEFAULT_CSS = """
    AuthorScreen { layout: vertical; }
    AuthorScreen #authors-paper {
        height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
    }
    AuthorScreen #authors-full { height: 1fr; }
    """

    def __init__(self, paper: Paper, authors: AuthorController, follow: FollowController) -> None:
        super().__init__()
        self.paper = paper
        self.authors = authors
        self.follow = follow

    def compose(self) -> ComposeResult:
        line = Text("Authors of ", style="dim")
        line.append(clean_line(self.paper.title) or self.paper.id, style="bold")
        yield Static(line, id="authors-paper")
        yield AuthorSidebar(id="authors-full", detailed=True)
        yield SteadyFooter()

    @property
    def sidebar(self) -> AuthorSidebar:
        return self.query_one("#authors-full", AuthorSidebar)

    def on_mount(self) -> None:
        sidebar = self.sidebar
        if sidebar.enter(self.paper):
            self._load(0)
        self.run_worker(self.authors.fill_byline(self.paper, sidebar.show_author_line), name="author-byline",
                        group="author-byline", exclusive=True, exit_on_error=False)

    def _load(self, index: int, *, force: bool = False) -> None:
        view = self.follow.marked(self.sidebar)  # a followed author's status says so, as in the sidebar
        self.run_worker(self.authors.load(self.paper, index, view=view, force=force), name="author",
                        group="author", exclusive=True, exit_on_error=False)

    # -- the widget's requests ---------------------------------------------------------------

    @on(AuthorSidebar.AuthorChosen)
    def _author_chosen(self, message: AuthorSidebar.AuthorChosen) -> None:
        message.stop()
        self._load(message.index)

    @on(AuthorSidebar.Abandoned)
    def _abandoned(self, message: AuthorSidebar.Abandoned) -> None:
        message.stop()  # one paper for the screen's whole life: nothing to abandon

    @on(AuthorSidebar.PaperOpened)
    def _paper_opened(self, message: AuthorSidebar.PaperOpened) -> None:
        message.stop()
        self.dismiss(AuthorPick(message.profile, message.index))

    # -- keys ---------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_follow_author(self) -> None:
        self.follow.follow_author(self.sidebar)

    def action_refresh_author(self) -> None:
        target = self.sidebar.target
        if target is not None:
            self._load(target[1], force=True)
