"""Modal pickers for the library: a name with completion (tags, lists), a yes/no question,
the in-app note editor, and the export dialog.

Everything shown is built from :class:`rich.text.Text` (names are user text,
titles network text): nothing is ever read as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui.services.formats.exports import FORMATS
from tui.services.sanitize import clean_line

_MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 80; max-width: 95%; height: auto; max-height: 90%;
    border: round $accent; background: $surface; padding: 0 1;
}}
{name} OptionList, {name} OptionList:focus {{ height: auto; max-height: 14; border: none; padding: 0; }}
{name} .hint {{ color: $text-muted; }}
"""


class NamePicker(ModalScreen[str | None]):
    """Type a name (completed from *existing*) or pick one; dismisses with it, or None on escape.

    Args:
        title: What is asked ("Add tag", "Add to list").
        existing: ``(name, count)`` pairs, shown and used for completion.
        hint: A line under the input.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-name")]
    DEFAULT_CSS = _MODAL_CSS.format(name="NamePicker")

    def __init__(self, title: str, existing: list[tuple[str, int]], *, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.existing = existing
        self.hint = hint

    def compose(self) -> ComposeResult:
        names = [name for name, _ in self.existing]
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder="type a name (tab completes)", suggester=SuggestFromList(names, case_sensitive=False),
                        id="name-input")
            if self.existing:
                yield OptionList(
                    *(Option(Text.assemble(clean_line(name), (f"  {count}", "dim")), id=f"n{i}")
                      for i, (name, count) in enumerate(self.existing)),
                    id="name-options",
                )
            yield Static(Text(self.hint or "enter: choose · ↓: pick from the list · esc: cancel", style="dim"),
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_key(self, event: events.Key) -> None:
        field = self.query_one(Input)
        if self.focused is not field:
            return
        if event.key == "down" and self.existing:
            self.query_one(OptionList).focus()
            event.stop()
        elif event.key == "tab":
            field.action_cursor_right()  # at the end of the text this accepts the completion
            event.stop()
            event.prevent_default()

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.dismiss(value)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        index = int((event.option.id or "n0")[1:])
        self.dismiss(self.existing[index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question: ``y`` / enter on Yes confirms, ``n`` / escape declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]
    DEFAULT_CSS = _MODAL_CSS.format(name="Confirm")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question, style="bold"))
            yield Static(Text("y: yes · n / esc: no", style="dim"), classes="hint")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class NoteEditor(ModalScreen[str | None]):
    """The in-app note editor (used when ``$EDITOR`` is missing or failed): ctrl+s saves, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
    ]
    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical { width: 100; max-width: 98%; height: 90%; border: round $accent; background: $surface; }
    NoteEditor TextArea { height: 1fr; }
    NoteEditor .hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, title: str, text: str, *, problem: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"), classes="hint")
            if self.problem:
                yield Static(Text(self.problem, style="yellow"), classes="hint")
            yield TextArea(self.text, language=None, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("ctrl+s: save · esc: cancel (nothing saved) · Markdown", style="dim"), classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


FORMAT_LABELS = {
    "bibtex": "BibTeX (.bib, pdflatex + bibtex)",
    "biblatex": "BibLaTeX (.bib, biber)",
    "ris": "RIS (EndNote, Zotero, Mendeley)",
    "csl-json": "CSL-JSON (Zotero, pandoc, Zettlr)",
    "csv": "CSV (spreadsheets)",
    "markdown": "Markdown, one file per paper (a folder)",
}


class ExportDialog(ModalScreen[tuple[str, str] | None]):
    """Pick a format and a file (a folder for Markdown); dismisses with ``(format, path)``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-export")]
    DEFAULT_CSS = _MODAL_CSS.format(name="ExportDialog")

    def __init__(self, what: str, default_stem: str) -> None:
        super().__init__()
        self.what = what
        self.stem = default_stem
        self.fmt = "bibtex"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Export {self.what}", style="bold"))
            yield OptionList(*(Option(FORMAT_LABELS[f], id=f) for f in FORMATS), id="export-formats")
            with Horizontal(classes="hint"):
                yield Input(self._path_for("bibtex"), id="export-path")
            yield Static(Text("enter on a format: choose it · enter in the path: export · esc: cancel", style="dim"),
                         classes="hint")

    def _path_for(self, fmt: str) -> str:
        suffix = {"bibtex": ".bib", "biblatex": ".bib", "ris": ".ris", "csl-json": ".json", "csv": ".csv"}
        return f"{self.stem}{suffix.get(fmt, '')}" if fmt != "markdown" else f"{self.stem}-notes"

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _format(self, event: OptionList.OptionSelected) -> None:
        self.fmt = event.option.id or "bibtex"
        field = self.query_one(Input)
        field.value = self._path_for(self.fmt)
        field.focus()

    @on(Input.Submitted)
    def _path(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss((self.fmt, event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ViewPicker(ModalScreen[tuple[str, str] | None]):
    """``V``: every reading list and tag as a view; ``r`` renames and ``d`` deletes the highlighted list.

    Dismisses with ``("list", name)``, ``("tag", name)``, ``("rename", name)`` or ``("delete", name)``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Close", id="close-views"),
        Binding("r", "act('rename')", "Rename list", id="rename-list"),
        Binding("d,delete", "act('delete')", "Delete list", id="delete-list"),
    ]
    DEFAULT_CSS = _MODAL_CSS.format(name="ViewPicker")

    def __init__(self, lists: list[tuple[str, int]], tags: list[tuple[str, int]]) -> None:
        super().__init__()
        self.entries = [("list", n, c) for n, c in lists] + [("tag", n, c) for n, c in tags]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Reading lists and tags", style="bold"))
            if not self.entries:
                yield Static(Text("No lists or tags yet: l adds a paper to a list, T tags it.", style="dim"))
            else:
                yield OptionList(
                    *(Option(Text.assemble(("list " if kind == "list" else "tag  ", "dim"),
                                           ("#" if kind == "tag" else "") + clean_line(name), (f"  {count}", "dim")),
                             id=f"v{i}")
                      for i, (kind, name, count) in enumerate(self.entries)),
                    id="view-options",
                )
            yield Static(Text("enter: open the view · r: rename list · d: delete list · esc: close", style="dim"),
                         classes="hint")

    def _highlighted(self) -> tuple[str, str] | None:
        if not self.entries:
            return None
        index = self.query_one(OptionList).highlighted
        if index is None:
            return None
        kind, name, _ = self.entries[index]
        return kind, name

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        kind, name, _ = self.entries[int((event.option.id or "v0")[1:])]
        self.dismiss((kind, name))

    def action_act(self, what: str) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        if chosen[0] != "list":
            self.notify("Only reading lists can be renamed or deleted (remove a tag with T).", timeout=4)
            return
        self.dismiss((what, chosen[1]))

    def action_cancel(self) -> None:
        self.dismiss(None)
