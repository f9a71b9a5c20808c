"""The highlighted paper in full: title, authors, ids, dates, links, abstract."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.models import Paper
from tui.services.sanitize import clean_block, clean_line


def _date(paper_date: object) -> str:
    return paper_date.strftime("%d %b %Y") if hasattr(paper_date, "strftime") else ""


def render_paper(paper: Paper, *, bookmarked: bool = False, extra: list[Text] | None = None) -> Group:
    """The pane's content as Rich renderables (never markup: titles may hold ``[``)."""
    from tui.services.texmath import tex_to_unicode  # after the first paint: start-up skips it

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

    fact("arXiv", paper.id if paper.has_arxiv_id else "none (local sample id)", "cyan")
    fact("published", _date(paper.published_at))
    fact("added", _date(paper.submitted_at))
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
    parts: list[Text] = [title, authors, facts]
    if links.plain:
        parts.append(links)
    if paper.ai_summary:
        summary = Text("AI summary: ", style="bold dim")
        summary.append(tex_to_unicode(clean_line(paper.ai_summary)), style="dim")
        parts.append(summary)
    if paper.ai_keywords:
        parts.append(Text("keywords: " + ", ".join(clean_line(k) for k in paper.ai_keywords[:12]), style="dim"))
    if extra:
        parts += [Text(""), *extra]  # the user's tags, lists, PDF and note
    parts.append(Text(""))
    abstract = tex_to_unicode(clean_block(paper.summary)) or "No abstract."
    parts.append(Text(abstract))
    return Group(*parts)


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

    def show(self, paper: Paper | None, *, bookmarked: bool = False, extra: list[Text] | None = None) -> None:
        body = self.query_one("#abstract-body", Static)
        if paper is None:
            body.update(Text("No paper selected.", style="dim"))
        else:
            body.update(render_paper(paper, bookmarked=bookmarked, extra=extra))
        self.scroll_home(animate=False)

    def show_message(self, message: str) -> None:
        self.query_one("#abstract-body", Static).update(Text(message, style="dim"))
