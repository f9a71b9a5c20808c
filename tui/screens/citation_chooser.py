"""``C``: pick a citation format (with a preview) and copy it.

Each format has a number and a letter key; the arrows and enter work too. The
highlighted format is previewed below the list, rendered from the paper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.models import Paper
from tui.services.formats.citations import render

CHOICES: tuple[tuple[str, str, str], ...] = (
    ("bibtex", "BibTeX", "b"),
    ("biblatex", "BibLaTeX", "l"),
    ("apa", "APA", "a"),
    ("markdown", "Markdown link", "m"),
    ("plain", "Plain text", "t"),
    ("key", "Citation key", "k"),
)
"""``(format, label, letter key)`` in menu order; the number key is the position."""

FORMAT_LABELS: dict[str, str] = {fmt: label for fmt, label, _ in CHOICES}

Renderer = Callable[[Paper, str], str]


def choice_prompt(index: int, label: str, letter: str) -> Text:
    text = Text(no_wrap=True)
    text.append(f"{index + 1} ", style="bold")
    text.append(f"{letter} ", style="bold cyan")
    text.append(label)
    return text


class CitationChooser(ModalScreen[str | None]):
    """Dismisses with the chosen format name (a key of :data:`FORMAT_LABELS`), or None.

    Args:
        paper: The paper whose citation is previewed.
        renderer: ``(paper, format) -> text``; :func:`tui.services.formats.citations.render` by default.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss_chooser", "Close", id="close-citations"),
        *(
            Binding(f"{index + 1},{letter}", f"choose('{fmt}')", label, show=False)
            for index, (fmt, label, letter) in enumerate(CHOICES)
        ),
    ]
    DEFAULT_CSS = """
    CitationChooser { align: center middle; }
    CitationChooser > Vertical {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CitationChooser OptionList, CitationChooser OptionList:focus { height: auto; border: none; padding: 0; }
    CitationChooser #citation-preview-box {
        height: auto; max-height: 14; border-top: solid $panel-lighten-2;
    }
    CitationChooser #citation-preview { color: $text-muted; }
    """

    def __init__(self, paper: Paper, renderer: Renderer = render) -> None:
        super().__init__()
        self.paper = paper
        self.renderer = renderer

    def compose(self) -> ComposeResult:
        with Vertical(id="citation-box") as box:
            box.border_title = "Copy a citation"
            box.border_subtitle = "number, letter or ↑↓ enter · esc to close"
            yield OptionList(
                *(Option(choice_prompt(i, label, letter), id=fmt) for i, (fmt, label, letter) in enumerate(CHOICES)),
                id="citation-list",
            )
            with VerticalScroll(id="citation-preview-box"):
                yield Static(id="citation-preview")

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.focus()
        menu.highlighted = 0
        self._preview(CHOICES[0][0])

    def _preview(self, fmt: str) -> None:
        try:
            text = self.renderer(self.paper, fmt)
        except ValueError as error:  # a paper whose fields no format accepts
            text = f"cannot format: {error}"
        self.query_one("#citation-preview", Static).update(Text(text.rstrip("\n")))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self._preview(event.option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_choose(self, fmt: str) -> None:
        if fmt in FORMAT_LABELS:
            self.dismiss(fmt)

    def action_dismiss_chooser(self) -> None:
        self.dismiss(None)
