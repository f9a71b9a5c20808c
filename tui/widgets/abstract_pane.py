"""The highlighted paper in full: title, authors, ids, dates, links, abstract.

In a short pane (80x24 leaves it 9 lines) a long byline, links and the AI summary
would fill it before the abstract starts: when they would leave fewer than
:data:`ABSTRACT_ROOM` lines, the byline shortens to "A, B, C et al. (28 authors)"
and the links, AI summary and keywords move below the abstract.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, Group
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.models import GRAPH_ID_PREFIX, Paper
from tui.services.sanitize import clean_block, clean_line

ABSTRACT_ROOM = 3
"""Lines of abstract a pane must show under the paper's header (else the header is compacted)."""
SHORT_BYLINE = 3
"""Authors named in a compacted byline."""


def _date(paper_date: object) -> str:
    return paper_date.strftime("%d %b %Y") if hasattr(paper_date, "strftime") else ""


def render_paper(
    paper: Paper, *, bookmarked: bool = False, extra: list[Text] | None = None,
    fit: tuple[Console, int, int] | None = None,
) -> Group:
    """The pane's content as Rich renderables (never markup: titles may hold ``[``).

    *fit* (console, width, height): compact the header when it would leave the abstract
    fewer than :data:`ABSTRACT_ROOM` of the *height* lines.
    """
    from tui.services.formats.texmath import tex_to_unicode  # after the first paint: start-up skips it

    title = Text(tex_to_unicode(clean_line(paper.title)), style="bold")
    if bookmarked:
        title.append("  ★ bookmarked", style="yellow")
    if paper.withdrawn:
        title.append("  (withdrawn)", style="red")
    authors = Text(", ".join(clean_line(a) for a in paper.author_names) or "authors not listed", style="italic")
    facts = Text()

    def fact(label: str, value: str, style: str = "") -> None:
        if value:
            facts.append(f"{label} ", style="dim")
            facts.append(value, style=style)
            facts.append("   ")

    from_graph = paper.id.startswith(GRAPH_ID_PREFIX)  # a reference / citation Semantic Scholar knows, not on arXiv
    if from_graph:
        fact("arXiv", "not on arXiv (from Semantic Scholar)", "cyan")
    else:
        fact("arXiv", paper.id if paper.has_arxiv_id else "none (local sample id)", "cyan")
    fact("published", _date(paper.published_at))
    fact("added", _date(paper.submitted_at))
    if not from_graph:  # Hugging Face's counts: a paper it never listed has none
        fact("▲", str(paper.upvotes))
        fact("comments", str(paper.num_comments))
    if paper.organization:
        fact("org", clean_line(paper.organization))
    links = Text()
    if paper.code_url:
        links.append("code ", style="dim")
        links.append(clean_line(paper.code_url), style="green")
        if paper.github_stars:
            links.append(f" ★{paper.github_stars}", style="yellow")
        links.append("   ")
    if paper.project_page:
        links.append("project ", style="dim")
        links.append(clean_line(paper.project_page), style="blue")
    more: list[Text] = []
    if links.plain:
        more.append(links)
    if paper.ai_summary:
        summary = Text("AI summary: ", style="bold dim")
        summary.append(tex_to_unicode(clean_line(paper.ai_summary)), style="dim")
        more.append(summary)
    if paper.ai_keywords:
        more.append(Text("keywords: " + ", ".join(clean_line(k) for k in paper.ai_keywords[:12]), style="dim"))
    if extra:
        more += [Text(""), *extra]  # the user's tags, lists, PDF and note
    abstract = Text(tex_to_unicode(clean_block(paper.summary)) or "No abstract.")
    header = [title, authors, facts, *more, Text("")]
    if fit is not None and _lines(header, fit) > fit[2] - ABSTRACT_ROOM:
        names = [clean_line(a) for a in paper.author_names]
        if len(names) > SHORT_BYLINE:
            authors = Text(", ".join(names[:SHORT_BYLINE]) + f" et al. ({len(names)} authors)", style="italic")
        # The abstract first; the rest follows it (scroll down, or a taller terminal, for it).
        return Group(title, authors, facts, Text(""), abstract, *([Text(""), *more] if more else []))
    return Group(*header, abstract)


def _lines(parts: list[Text], fit: tuple[Console, int, int]) -> int:
    console, width, _ = fit
    return sum(len(part.wrap(console, max(1, width))) for part in parts)


class AbstractPane(VerticalScroll, can_focus=True):
    """Scrollable details of one paper; j/k/g/G/space scroll it when it has the keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    DEFAULT_CSS = """
    AbstractPane { padding: 0 1; }
    AbstractPane > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("No paper selected.", style="dim"), id="abstract-body")

    _shown: tuple[Paper, bool, list[Text] | None] | None = None
    _fitted: tuple[int, int] = (0, 0)

    def show(self, paper: Paper | None, *, bookmarked: bool = False, extra: list[Text] | None = None) -> None:
        body = self.query_one("#abstract-body", Static)
        self._shown = None if paper is None else (paper, bookmarked, extra)
        if paper is None:
            body.update(Text("No paper selected.", style="dim"))
        else:
            body.update(self._paper_content(paper, bookmarked, extra))
        self.scroll_home(animate=False)

    def _paper_content(self, paper: Paper, bookmarked: bool, extra: list[Text] | None) -> Group:
        region = self.scrollable_content_region
        self._fitted = (region.width, region.height)
        fit = (self.app.console, region.width, region.height) if region.height > 0 else None
        return render_paper(paper, bookmarked=bookmarked, extra=extra, fit=fit)

    def on_resize(self) -> None:
        region = self.scrollable_content_region
        if self._shown is not None and (region.width, region.height) != self._fitted:
            self.query_one("#abstract-body", Static).update(self._paper_content(*self._shown))

    def show_message(self, message: str) -> None:
        self._shown = None
        self.query_one("#abstract-body", Static).update(Text(message, style="dim"))
