"""A yes/no question before the reader changes a Hugging Face collection for the first time."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmSyncScreen(ModalScreen[bool]):
    """Shows *lines* (built as plain Text: nothing in them is markup); y applies, n / esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-sync-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-sync-no"),
    ]
    DEFAULT_CSS = """
    ConfirmSyncScreen { align: center middle; }
    ConfirmSyncScreen > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ConfirmSyncScreen #confirm-body { width: 1fr; margin: 1 0 0 0; }
    ConfirmSyncScreen #confirm-keys { width: 1fr; margin: 1 0 0 0; color: $text-muted; }
    """

    def __init__(self, title: str, lines: list[str], question: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = self.title_text
            yield Static(Text("\n".join(self.lines)), id="confirm-body")
            yield Static(Text(f"{self.question}   y = yes, n / esc = no"), id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
