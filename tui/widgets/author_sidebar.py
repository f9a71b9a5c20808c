"""The authors of the highlighted paper, and the selected author's profile.

Top to bottom: the author names (a virtual :class:`OptionList`, fine for a
2,000-author byline), the profile head (name, affiliation, main category,
h-index, papers, citations, a papers-per-year sparkline), a status line that
is never blank once a profile is asked for, and the author's papers, newest
first. From the names, ``enter`` moves into the author's papers with the
highlighted one's abstract unfolded; ``enter`` again asks the screen to open
the author's papers as a feed (:class:`AuthorSidebar.PaperOpened`). In the
papers, ``enter`` on another paper unfolds its abstract first.

The same widget is the full-screen authors view (``detailed=True``, see
:mod:`tui.screens.author_screen`): names and profile side by side, each name
with its metrics under it. The widget only draws and reports; fetching is the
screen's (:mod:`tui.controllers.authors`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.author_models import AuthorPaper, AuthorProfile
from tui.commands import scoped
from tui.models import Paper
from tui.services.sanitize import clean_line
from tui.widgets.author_render import has_metrics, render_author_line, render_head, render_paper

Tone = Literal["info", "busy", "warn", "error"]
MAX_AUTHORS_SHOWN = 3_000
"""Authors listed at once; a larger byline says how many there are."""
IDLE_HINT = "Press a to browse the authors' profiles."
_TONES: dict[str, str] = {"info": "dim", "busy": "italic", "warn": "yellow", "error": "bold red"}
PAPERS_HINT = "enter abstract · again: open"


def _paper_key(item: AuthorPaper) -> str:
    return item.arxiv_id or item.s2_paper_id or item.title


class AuthorList(OptionList):
    """The paper's authors; j/k move, enter goes to the selected author's papers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.description, show=False, id=c.id) for c in scoped("author-list")
    ]


class AuthorPaperList(OptionList):
    """The selected author's papers; enter shows the abstract, enter again opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.footer_label, show=c.id == "author-paper-open", id=c.id)
        for c in scoped("author-papers")
    ]


class AuthorSidebar(Vertical):
    """Author names (pick with j/k or arrows) above (or, detailed, beside) the selected author's profile."""

    DEFAULT_CSS = """
    AuthorSidebar { padding: 0 0; }
    AuthorSidebar > Label { padding: 0 1; text-style: bold; width: 1fr; background: $panel; }
    AuthorSidebar > OptionList, AuthorSidebar > OptionList:focus { height: auto; max-height: 40%; border: none; }
    AuthorSidebar.-profile > OptionList { max-height: 25%; }
    AuthorSidebar > #profile { height: 1fr; padding: 0 1; }
    AuthorSidebar #profile-body { width: 1fr; }
    AuthorSidebar #profile-status { width: 1fr; height: auto; display: none; }
    AuthorSidebar #author-papers, AuthorSidebar #author-papers:focus {
        height: 1fr; max-height: 100%; border: none; padding: 0; margin-top: 1; display: none;
    }
    AuthorSidebar.-profile #profile-status { display: block; }
    AuthorSidebar.-profile #author-papers { display: block; }
    /* Detailed (the full-screen view): names with metrics on the left, the profile on the right. */
    AuthorSidebar.-detailed { layout: horizontal; }
    AuthorSidebar.-detailed > Label { display: none; }
    AuthorSidebar.-detailed > #author-list, AuthorSidebar.-detailed > #author-list:focus {
        width: 36; max-width: 45%; height: 1fr; max-height: 100%; border: round $panel-lighten-2;
        border-title-color: $text; border-subtitle-color: $text-muted;
    }
    AuthorSidebar.-detailed > #author-list:focus { border: round $accent; }
    AuthorSidebar.-detailed > #profile { width: 1fr; border: round $panel-lighten-2; border-title-color: $text; }
    AuthorSidebar.-detailed > #profile:focus-within { border: round $accent; }
    """

    @dataclass
    class AuthorChosen(Message):
        """The user moved onto another author of the paper (or into the list)."""

        paper: Paper
        index: int
        name: str

    class Abandoned(Message):
        """The profile on show (or on its way) no longer matters: another paper came up."""

    @dataclass
    class PaperOpened(Message):
        """The user asked to open one of the profile's papers in the feed."""

        profile: AuthorProfile
        index: int
        """Position of the paper in ``profile.papers``."""

    def __init__(self, *, id: str | None = None, detailed: bool = False) -> None:
        super().__init__(id=id, classes="-detailed" if detailed else "")
        self.detailed = detailed
        """Each name shows its metrics (the full-screen view)."""
        self.paper: Paper | None = None
        self.profile: AuthorProfile | None = None
        """The profile on show (None while idle or loading)."""
        self.target: tuple[str, int] | None = None
        """(paper id, author index) the profile area is about (see :meth:`aim`)."""
        self.status_text = ""
        self._expanded: int | None = None
        self._enter_waiting = False
        """enter was pressed on a name before its papers arrived: move in when they do."""
        self._lines: dict[int, tuple[AuthorProfile | None, str]] = {}
        """Detailed: byline index -> the metrics (and note) its line shows."""
        self._line_width = 0
        self._list_title = "Authors"
        self.border_title = "Authors"

    def compose(self) -> ComposeResult:
        yield Label("Authors", id="authors-title")
        yield AuthorList(id="author-list")
        with Vertical(id="profile"):
            yield Static(Text(IDLE_HINT, style="dim"), id="profile-body")
            yield Static("", id="profile-status")
            yield AuthorPaperList(id="author-papers")

    @property
    def names(self) -> OptionList:
        return self.query_one("#author-list", OptionList)

    @property
    def papers(self) -> OptionList:
        return self.query_one("#author-papers", OptionList)

    # -- showing --------------------------------------------------------------

    def show_paper(self, paper: Paper | None) -> None:
        """List *paper*'s visible authors (kept when it is the same paper)."""
        if paper is not None and self.paper is not None and paper.id == self.paper.id:
            return
        if self.target is not None:
            self.post_message(self.Abandoned())
        self.paper = paper
        self.show_idle()
        self._lines = {}
        names = self.names
        names.clear_options()
        title = self.query_one("#authors-title", Label)
        if paper is None:
            title.update("Authors")
            return
        count = len(paper.authors)
        shown = paper.authors[:MAX_AUTHORS_SHOWN]
        heading = (f"Authors ({count:,}, first {len(shown):,} shown)" if count > len(shown)
                   else f"Authors ({count})" if count else "Authors (not listed)")
        title.update(Text(heading))
        self._list_title = heading
        self._mark_focus()
        # At most MAX_AUTHORS_SHOWN options: building 100,000 of them would freeze the reader.
        self._line_width = self._names_width()
        names.add_options([Option(self._author_prompt(i, a.name)) for i, a in enumerate(shown)])
        if count:
            names.highlighted = 0

    def _names_width(self) -> int:
        return max(12, (self.names.scrollable_content_region.width or 30) - 1)

    def _author_prompt(self, index: int, name: str) -> Text:
        if not self.detailed:
            return Text(clean_line(name))
        profile, note = self._lines.get(index, (None, ""))
        return render_author_line(name, profile, self._line_width or self._names_width(), note)

    def show_author_line(self, index: int, profile: AuthorProfile | None, note: str | None = None) -> None:
        """Detailed view: author *index*'s line shows *profile*'s metrics and *note* (None: the note shown).

        What is known is never taken back: a profile without metrics keeps the
        metrics shown, one without a main category keeps the category shown.
        """
        if not self.detailed or self.paper is None or not 0 <= index < min(len(self.paper.authors),
                                                                             MAX_AUTHORS_SHOWN):
            return
        known, shown_note = self._lines.get(index, (None, ""))
        note = shown_note if note is None else note
        if profile is not None and known is not None:
            if not has_metrics(profile) and has_metrics(known):
                profile = replace(known, main_category=profile.main_category or known.main_category)
            elif not profile.main_category and known.main_category:
                profile = replace(profile, main_category=known.main_category)
        elif profile is None and known is not None:
            profile = known
        self._lines[index] = (profile, note)
        if self.is_attached:
            self._redraw_line(index)

    def _redraw_line(self, index: int) -> None:
        if self.paper is not None:
            self.names.replace_option_prompt_at_index(index, self._author_prompt(index, self.paper.authors[index].name))

    def line_of(self, index: int) -> AuthorProfile | None:
        """Detailed view: what author *index*'s line shows (None: nothing yet)."""
        return self._lines.get(index, (None, ""))[0]

    def on_resize(self) -> None:
        if not self.detailed or self.paper is None:
            return
        width = self._names_width()
        if width != self._line_width:
            self._line_width = width
            for index in self._lines:
                self._redraw_line(index)

    def aim(self, paper_id: str, index: int) -> None:
        """The profile area is now about author *index* of paper *paper_id* (its profile is on its way)."""
        self.target = (paper_id, index)

    def show_idle(self, hint: str = IDLE_HINT) -> None:
        """Back to the hint: no profile, no status, no paper list."""
        self.target = None
        self.profile = None
        self._expanded = None
        self._enter_waiting = False
        self.remove_class("-profile")
        self.papers.clear_options()
        self.query_one("#profile-body", Static).update(Text(hint, style="dim"))

    def show_loading(self, name: str, status: str = "loading…") -> None:
        self.show_profile(AuthorProfile(name=name), status, "busy")

    def show_profile(self, profile: AuthorProfile, status: str, tone: Tone = "info") -> None:
        """Draw *profile* (head and papers) with a one-line *status* under the head."""
        if not self.is_attached:
            return  # a late answer for a view that has closed
        keep = self.profile is not None and self.profile.papers == profile.papers
        was_open = self._expanded_key()
        self.profile = profile
        self.add_class("-profile")
        width = max(20, self.query_one("#profile").content_size.width or 40)
        self.query_one("#profile-body", Static).update(render_head(profile, width))
        self.set_status(status, tone)
        if self.target is not None and self.paper is not None and self.target[0] == self.paper.id and (
            has_metrics(profile) or profile.main_category
        ):
            self.show_author_line(self.target[1], profile)
        if keep:
            return
        self._expanded = None
        papers = self.papers
        highlighted = papers.highlighted
        papers.clear_options()
        options: list[Option | None] = []
        for index, item in enumerate(profile.papers):
            options.append(Option(render_paper(item)))
            if index < len(profile.papers) - 1:
                options.append(None)
        papers.add_options(options)
        if not profile.papers:
            return
        papers.highlighted = 0 if highlighted is None else min(highlighted, len(profile.papers) - 1)
        # Categories arriving redraw the list: an unfolded abstract stays unfolded.
        reopen = next((i for i, p in enumerate(profile.papers) if _paper_key(p) == was_open), None)
        if reopen is not None:
            papers.highlighted = reopen
            self._set_expanded(reopen)
        if self._enter_waiting and self.names.has_focus:
            self._move_into_papers()

    def _expanded_key(self) -> str | None:
        if self.profile is None or self._expanded is None or self._expanded >= len(self.profile.papers):
            return None
        return _paper_key(self.profile.papers[self._expanded])

    def set_status(self, status: str, tone: Tone = "info") -> None:
        """The line under the profile head; an empty *status* is refused (never blank)."""
        self.status_text = status or "…"
        if self.is_attached:
            self.query_one("#profile-status", Static).update(Text(self.status_text, style=_TONES[tone]))

    # -- events ---------------------------------------------------------------

    def enter(self, paper: Paper | None) -> bool:
        """Move into *paper*'s authors, on the first; True when its profile should now load."""
        self.show_paper(paper)
        self.names.focus()
        if paper is None or not paper.authors:
            self.show_idle("This paper lists no authors." if paper else "No paper selected.")
            return False
        self.names.highlighted = 0
        self.aim(paper.id, 0)
        return True

    def _post_chosen(self) -> None:
        index = self.names.highlighted
        if self.paper is None or index is None or index >= len(self.paper.authors):
            return
        if self.target == (self.paper.id, index):
            return  # already shown, or on its way
        self._enter_waiting = False
        self.aim(self.paper.id, index)
        self.post_message(self.AuthorChosen(self.paper, index, self.paper.authors[index].name))

    @on(OptionList.OptionHighlighted, "#author-list")
    def _author_moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.names.has_focus:
            self._post_chosen()

    @on(OptionList.OptionSelected, "#author-list")
    def _author_entered(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.profile is not None and self.profile.papers:
            self._move_into_papers()
        else:
            self._enter_waiting = True  # still loading: move in once the papers are there

    def _move_into_papers(self) -> None:
        """Into the author's papers, the highlighted one's abstract unfolded (enter again opens)."""
        self._enter_waiting = False
        papers = self.papers
        if not papers.option_count:
            return
        papers.focus()
        index = papers.highlighted if papers.highlighted is not None else 0
        papers.highlighted = index
        if self._expanded != index:
            self._set_expanded(index)

    @on(OptionList.OptionHighlighted, "#author-papers")
    def _paper_moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._expanded is not None and self._expanded != event.option_index:
            self._set_expanded(None)

    @on(OptionList.OptionSelected, "#author-papers")
    def _paper_entered(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = self._paper_index(event.option_index)
        if self.profile is None or index is None:
            return
        if self._expanded == event.option_index:
            self.post_message(self.PaperOpened(self.profile, index))
        else:
            self._set_expanded(event.option_index)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.names:
            self._post_chosen()
        if event.widget is self.papers:
            self.border_subtitle = PAPERS_HINT
        self._mark_focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.papers:
            self.border_subtitle = ""
        self._mark_focus()

    def _mark_focus(self) -> None:
        """Detailed view: the focused list's title says so in text (``▶``), visible without colour."""
        if self.detailed and self.is_attached:
            focused = self.names.has_focus
            self.names.border_title = Text(("▶ " if focused else "") + self._list_title)
            self.names.border_subtitle = Text("enter: papers" if focused else "")
            papers = self.papers.has_focus
            profile = self.query_one("#profile", Vertical)
            profile.border_title = Text("▶ Profile" if papers else "Profile")
            hint = "enter again: their papers as a feed" if self._expanded is not None else "enter: abstract"
            profile.border_subtitle = Text(hint if papers else "")

    def _paper_index(self, option_index: int) -> int | None:
        """Option index -> index in ``profile.papers`` (separators are not options)."""
        if self.profile is None or not 0 <= option_index < len(self.profile.papers):
            return None
        return option_index

    def _set_expanded(self, option_index: int | None) -> None:
        papers = self.papers
        if self.profile is None:
            return
        previous, self._expanded = self._expanded, option_index
        if previous is not None and previous < len(self.profile.papers):
            papers.replace_option_prompt_at_index(previous, render_paper(self.profile.papers[previous]))
        if option_index is not None:
            item = self.profile.papers[option_index]
            papers.replace_option_prompt_at_index(option_index, render_paper(item, expanded=True))
            papers.scroll_to_highlight(top=True)
        self._mark_focus()

    @property
    def expanded(self) -> int | None:
        """Index of the paper whose abstract is unfolded, if any."""
        return self._expanded
