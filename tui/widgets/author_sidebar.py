"""The authors of the highlighted paper, and the selected author's profile.

Top to bottom: the author names (a virtual :class:`OptionList`, fine for a
2,000-author byline), the profile head (name, affiliation, main category,
h-index, papers, citations, a papers-per-year sparkline), a status line that
is never blank once a profile is asked for, and the author's papers, newest
first. ``enter`` on a paper unfolds its abstract; ``enter`` again asks the app
to open it in the feed (:class:`AuthorSidebar.PaperOpened`).

The widget only draws and reports; fetching is the reader's
(:mod:`tui.controllers.authors`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.commands import scoped
from tui.models import AuthorPaper, AuthorProfile, Paper, short_author_list
from tui.services.sanitize import clean_block, clean_line

Tone = Literal["info", "busy", "warn", "error"]
MAX_AUTHORS_SHOWN = 3_000
"""Authors listed at once; a larger byline says how many there are."""
IDLE_HINT = "Press a to browse the authors' profiles."
_TONES: dict[str, str] = {"info": "dim", "busy": "italic", "warn": "yellow", "error": "bold red"}
_BLOCKS = " ▁▂▃▄▅▆▇█"


# --------------------------------------------------------------------------- rendering


def sparkline(counts: list[int]) -> str:
    """One block character per value, scaled to the largest; zero is a blank."""
    top = max(counts, default=0)
    if top <= 0:
        return " " * len(counts)
    return "".join(_BLOCKS[0 if c <= 0 else max(1, round(c / top * 8))] for c in counts)


def year_chart(profile: AuthorProfile, width: int) -> Text | None:
    """``2021 ▅▁▅██ 2025  papers/yr`` for the most recent years that fit *width*."""
    from tui.services.authors import papers_per_year  # the sidebar mounts lazily; so does this

    years = papers_per_year(profile)
    if not years:
        return None
    room = max(1, width - 10)
    years = years[-room:]
    counts = [count for _, count in years]
    chart = Text()
    chart.append(f"{years[0][0]} ", style="dim")
    chart.append(sparkline(counts), style="cyan")
    if len(years) > 1:
        chart.append(f" {years[-1][0]}", style="dim")
    suffix = f"  papers/yr, max {max(counts)}"
    if chart.cell_len + len(suffix) <= width:
        chart.append(suffix, style="dim")
    return chart


def _number(value: int | None) -> str:
    return f"{value:,}" if value is not None else "?"


def render_head(profile: AuthorProfile, width: int = 40) -> Text:
    """Name, affiliation, main category and metrics, and the per-year chart."""
    head = Text(clean_line(profile.name) or "(no name)", style="bold")
    if profile.affiliations:
        head.append("\n" + "; ".join(clean_line(a) for a in profile.affiliations[:2]), style="italic dim")
    has_metrics = any(v is not None for v in (profile.h_index, profile.paper_count, profile.citation_count))
    groups: list[Text] = []
    if profile.main_category:
        groups.append(Text(f" {clean_line(profile.main_category)} ", style="bold reverse"))
    if has_metrics:
        for before, value, after in (
            ("h-index ", profile.h_index, ""),
            ("", profile.paper_count, " papers"),
            ("", profile.citation_count, " citations"),
        ):
            group = Text(before, style="dim")
            group.append(_number(value), style="bold")
            group.append(after, style="dim")
            groups.append(group)
    # Wrap between groups only, so "320 citations" never splits across lines.
    line = Text()
    for group in groups:
        sep = "  " if line.plain.endswith(" ") or not line.plain else " · "
        if line.plain and line.cell_len + len(sep) + group.cell_len > width:
            head.append("\n")
            head.append_text(line)
            line, sep = Text(), ""
        if line.plain:
            line.append(sep, style="dim")
        line.append_text(group)
    if line.plain:
        head.append("\n")
        head.append_text(line)
    chart = year_chart(profile, width)
    if chart is not None:
        head.append("\n")
        head.append_text(chart)
    return head


def _day(item: AuthorPaper) -> str:
    if item.date:
        try:
            return date.fromisoformat(item.date).strftime("%d %b %Y")
        except ValueError:
            return item.date
    return str(item.year) if item.year else "undated"


def render_paper(item: AuthorPaper, *, expanded: bool = False) -> Text:
    """A paper line: category, date, Code marker; title; ``A, B, C et al.``; abstract when *expanded*."""
    from tui.services.texmath import tex_to_unicode

    text = Text()
    text.append(clean_line(item.category) or "—", style="bold cyan")
    text.append(f"  {_day(item)}", style="dim")
    if item.has_code:
        text.append("  Code", style="bold green")
    text.append("\n" + tex_to_unicode(clean_line(item.title)), style="bold")
    names = short_author_list([clean_line(n) for n in item.authors])
    if names:
        text.append("\n" + names, style="italic dim")
    if expanded:
        abstract = tex_to_unicode(clean_block(item.abstract)).strip() or "No abstract."
        text.append("\n\n" + abstract)
        text.append("\n\nenter again: open it in the feed (o b c … work there)", style="dim italic")
    return text


# --------------------------------------------------------------------------- widgets


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
    """Author names (pick with j/k or arrows) above the selected author's profile."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None
        self.profile: AuthorProfile | None = None
        """The profile on show (None while idle or loading)."""
        self.target: tuple[str, int] | None = None
        """(paper id, author index) the profile area is about (see :meth:`aim`)."""
        self.status_text = ""
        self._expanded: int | None = None
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
        names = self.names
        names.clear_options()
        title = self.query_one("#authors-title", Label)
        if paper is None:
            title.update("Authors")
            return
        count = len(paper.authors)
        shown = paper.authors[:MAX_AUTHORS_SHOWN]
        title.update(
            Text(f"Authors ({count:,}, first {len(shown):,} shown)" if count > len(shown)
                 else f"Authors ({count})" if count else "Authors (not listed)")
        )
        # At most MAX_AUTHORS_SHOWN options: building 100,000 of them would freeze the reader.
        names.add_options([Option(Text(clean_line(a.name))) for a in shown])
        if count:
            names.highlighted = 0

    def aim(self, paper_id: str, index: int) -> None:
        """The profile area is now about author *index* of paper *paper_id* (its profile is on its way)."""
        self.target = (paper_id, index)

    def show_idle(self, hint: str = IDLE_HINT) -> None:
        """Back to the hint: no profile, no status, no paper list."""
        self.target = None
        self.profile = None
        self._expanded = None
        self.remove_class("-profile")
        self.papers.clear_options()
        self.query_one("#profile-body", Static).update(Text(hint, style="dim"))

    def show_loading(self, name: str, status: str = "loading…") -> None:
        self.show_profile(AuthorProfile(name=name), status, "busy")

    def show_profile(self, profile: AuthorProfile, status: str, tone: Tone = "info") -> None:
        """Draw *profile* (head and papers) with a one-line *status* under the head."""
        keep = self.profile is not None and self.profile.papers == profile.papers
        self.profile = profile
        self.add_class("-profile")
        width = max(20, self.query_one("#profile").content_size.width or 40)
        self.query_one("#profile-body", Static).update(render_head(profile, width))
        self.set_status(status, tone)
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
        if profile.papers:
            papers.highlighted = 0 if highlighted is None else min(highlighted, len(profile.papers) - 1)

    def set_status(self, status: str, tone: Tone = "info") -> None:
        """The line under the profile head; an empty *status* is refused (never blank)."""
        self.status_text = status or "…"
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
        if self.papers.option_count:
            self.papers.focus()

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
            self.border_subtitle = "enter abstract · again: open"

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.papers:
            self.border_subtitle = ""

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

    @property
    def expanded(self) -> int | None:
        """Index of the paper whose abstract is unfolded, if any."""
        return self._expanded
