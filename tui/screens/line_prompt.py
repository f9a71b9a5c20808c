"""A one-line prompt at the bottom of the screen (go to a date, quick filter): enter answers, esc cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class LinePrompt(ModalScreen[str | None]):
    """Asks for one line; *check* may refuse it with a one-line reason (shown, the prompt stays)."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="cancel-prompt")]
    AUTO_FOCUS = "#prompt-input"
    DEFAULT_CSS = """
    LinePrompt { align: center bottom; background: $background 30%; }
    LinePrompt > Vertical {
        width: 100%; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    LinePrompt #prompt-hint { color: $text-muted; height: 1; }
    LinePrompt #prompt-hint.-error { color: $error; }
    """

    def __init__(
        self, title: str, hint: str, *, initial: str = "", placeholder: str = "",
        check: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._hint = hint
        self._initial = initial
        self._placeholder = placeholder
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Input(self._initial, placeholder=self._placeholder, id="prompt-input")
            yield Static(Text(self._hint), id="prompt-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self._check(event.value) if self._check is not None else ""
        if problem:
            hint = self.query_one("#prompt-hint", Static)
            hint.update(Text(problem))
            hint.add_class("-error")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
