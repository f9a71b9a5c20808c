"""The authors of the highlighted paper, and the selected author's profile."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.models import Paper
from tui.services.sanitize import clean_line


class AuthorSidebar(Vertical):
    """Author names (pick with j/k or arrows) above the selected author's profile."""

    DEFAULT_CSS = """
    AuthorSidebar { padding: 0 0; }
    AuthorSidebar > Label { padding: 0 1; text-style: bold; width: 1fr; background: $panel; }
    AuthorSidebar > OptionList { height: auto; max-height: 40%; border: none; }
    AuthorSidebar > #profile { height: 1fr; padding: 0 1; }
    """

    BINDINGS = []

    @dataclass
    class AuthorChosen(Message):
        """The user moved onto another author of the paper."""

        paper: Paper
        index: int
        name: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None

    def compose(self) -> ComposeResult:
        yield Label("Authors", id="authors-title")
        yield OptionList(id="author-list")
        with VerticalScroll(id="profile"):
            yield Static(Text("Press a to browse the authors' profiles.", style="dim"), id="profile-body")

    @property
    def names(self) -> OptionList:
        return self.query_one("#author-list", OptionList)

    def show_paper(self, paper: Paper | None) -> None:
        """List *paper*'s visible authors (kept when it is the same paper)."""
        if paper is not None and self.paper is not None and paper.id == self.paper.id:
            return
        self.paper = paper
        names = self.names
        names.clear_options()
        title = self.query_one("#authors-title", Label)
        if paper is None:
            title.update("Authors")
            return
        count = len(paper.authors)
        title.update(f"Authors ({count})" if count else "Authors (not listed)")
        # 2,000-author papers: list them all, the OptionList is virtual.
        names.add_options([Option(Text(clean_line(a.name))) for a in paper.authors])
        if count:
            names.highlighted = 0

    def show_profile(self, content: Text | object) -> None:
        self.query_one("#profile-body", Static).update(content)  # type: ignore[arg-type]
