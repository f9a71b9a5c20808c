"""The highlighted paper in full: title, authors, ids, dates, links, abstract.

In a short pane (80x24 leaves it 9 lines) a long byline, links and the AI summary
would fill it before the abstract starts: when they would leave fewer than
:data:`ABSTRACT_ROOM` lines, the byline shortens to "A, B, C et al. (28 authors)"
and the links, AI summary and keywords move below the abstract.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widget import Widget

from tui.models import GRAPH_ID_PREFIX, Paper
from tui.services.sanitize import clean_block, clean_line
from tui.widgets.feed_scrollbar import scrollbar_cells

ABSTRACT_ROOM = 3
"""Lines of abstract a pane must show under the paper's header (else the header is compacted)."""
SHORT_BYLINE = 3
"""Authors named in a compacted byline."""
WHEEL_LINES = 3
"""Lines one notch of the mouse wheel scrolls."""


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


class AbstractPane(Widget, can_focus=True):
    """Scrollable details of one paper; j/k/g/G/space (and the arrows, PgUp/PgDn, Home/End) scroll it
    when it has the keys.

    Like the feed, the pane scrolls itself: its content is drawn into lines once
    per paper (and per width) and shown a window at a time, with the scrollbar
    in the last cell. A new paper repaints this widget only: a scrolling
    container around a ``Static`` would re-lay the whole screen out for each
    one (3-5 ms of a frame at 140x45), and once more when its scrollbar came or
    went.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    DEFAULT_CSS = """
    AbstractPane { padding: 0 0 0 1; }
    """
    RIGHT_CELLS = 2
    """A blank cell, then the scrollbar's (or a blank when everything fits)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content: RenderableType = Text("")
        """What the pane shows: a paper (a ``Group``) or a message (a ``Text``); blank until the first."""
        self.top = 0
        """The first line on screen (the pane's own scroll position)."""
        self._shown: tuple[Paper, bool, list[Text] | None] | None = None
        self._fitted: tuple[int, int] = (0, 0)
        self._drawn: _Drawn | None = None
        self._bar: tuple[tuple[int, int, int], list[Segment]] | None = None

    # -- what it shows --------------------------------------------------------

    def show(self, paper: Paper | None, *, bookmarked: bool = False, extra: list[Text] | None = None) -> None:
        self._shown = None if paper is None else (paper, bookmarked, extra)
        if paper is None:
            self._set_content(Text("No paper selected.", style="dim"))
        else:
            self._set_content(self._paper_content(paper, bookmarked, extra))

    def show_message(self, message: str) -> None:
        self._shown = None
        self._set_content(Text(message, style="dim"))

    def _set_content(self, content: RenderableType) -> None:
        self.content = content
        self._drawn = None
        self.top = 0
        self.refresh()

    def _paper_content(self, paper: Paper, bookmarked: bool, extra: list[Text] | None) -> Group:
        width, height = self.text_width, self.content_size.height
        self._fitted = (width, height)
        fit = (self.app.console, width, height) if height > 0 else None
        return render_paper(paper, bookmarked=bookmarked, extra=extra, fit=fit)

    @property
    def text_width(self) -> int:
        """Cells the text is wrapped to (the content width less the blank and the scrollbar's cell)."""
        return max(1, self.content_size.width - self.RIGHT_CELLS)

    def lines(self) -> list[Strip]:
        """Every line of the content at the pane's width, on screen or scrolled away."""
        return self._draw().lines

    def _draw(self) -> _Drawn:
        """The content's lines at the current width (drawn on first use, kept until it changes)."""
        width = self.text_width
        if self._drawn is None or self._drawn.width != width:
            console = self.app.console
            options = console.options.update(width=width, height=None, highlight=False)
            base = self.rich_style  # walks the ancestors: once per drawing, not once per line
            self._drawn = _Drawn(width, base, [
                Strip(Segment.apply_style(line, base), width)
                for line in console.render_lines(self.content, options, pad=True, new_lines=False)
            ])
        return self._drawn

    def plain_text(self) -> str:
        """Everything the pane holds, on screen or scrolled away, as plain text (one line per line)."""
        return "\n".join(line.text.rstrip() for line in self.lines())

    def on_resize(self) -> None:
        if self._shown is not None and (self.text_width, self.content_size.height) != self._fitted:
            self.content = self._paper_content(*self._shown)
            self._drawn = None
        self._move(self.top)

    def notify_style_update(self) -> None:
        """A theme change: the lines are drawn again in its colours."""
        super().notify_style_update()
        self._drawn = self._bar = None

    # -- scrolling ------------------------------------------------------------

    @property
    def max_top(self) -> int:
        return max(0, len(self.lines()) - self.content_size.height)

    def _move(self, top: int) -> None:
        top = max(0, min(top, self.max_top))
        if top != self.top:
            self.top = top
            self.refresh()

    def action_scroll_down(self) -> None:
        self._move(self.top + 1)

    def action_scroll_up(self) -> None:
        self._move(self.top - 1)

    def action_scroll_home(self) -> None:
        self._move(0)

    def action_scroll_end(self) -> None:
        self._move(self.max_top)

    def action_page_down(self) -> None:
        self._move(self.top + max(1, self.content_size.height - 1))

    def action_page_up(self) -> None:
        self._move(self.top - max(1, self.content_size.height - 1))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._move(self.top + WHEEL_LINES)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._move(self.top - WHEEL_LINES)

    # -- drawing --------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        drawn, height = self._draw(), self.content_size.height
        lines, width, base = drawn.lines, drawn.width, drawn.base
        index = self.top + y
        text = lines[index] if index < len(lines) else Strip.blank(width, base)
        bar = self._scrollbar(height, len(lines))[y] if len(lines) > height > y else Segment(" ", base)
        return Strip([*text, Segment(" ", base), bar], width + self.RIGHT_CELLS)

    def _scrollbar(self, height: int, total: int) -> list[Segment]:
        key = (height, total, self.top)
        if self._bar is None or self._bar[0] != key:
            self._bar = (key, scrollbar_cells(self, height=height, total_lines=total, top_line=self.top))
        return self._bar[1]


class _Drawn(NamedTuple):
    """The pane's content drawn at one width."""

    width: int
    base: Style
    """The pane's own style (colour and background), under every line."""
    lines: list[Strip]
