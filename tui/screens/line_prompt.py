"""A one-line prompt at the bottom of the screen (search, go to a date, quick filter): enter answers, esc cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class LinePrompt(ModalScreen[str | None]):
    """Asks for one line; *check* may refuse it with a one-line reason (shown, the prompt stays).

    Keys typed before the input has focus (a fast typist, a paste, keys batched over SSH)
    still land in it. With *on_submit* the prompt stays up after enter (the caller dismisses
    it once the answer is painted: one repaint instead of two); without it, enter dismisses
    with the text. An empty answer is ``None`` when *blank_is_cancel*.
    """

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
        check: Callable[[str], str] | None = None, on_submit: Callable[[str], None] | None = None,
        blank_is_cancel: bool = False, busy: str = "",
    ) -> None:
        super().__init__()
        self._title = title
        self._hint = hint
        self._initial = initial
        self._placeholder = placeholder
        self._check = check
        self._on_submit = on_submit
        self._blank_is_cancel = blank_is_cancel
        self._busy = busy
        self._early = ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Input(self._initial, placeholder=self._placeholder, id="prompt-input")
            yield Static(Text(self._hint), id="prompt-hint")

    def on_key(self, event: events.Key) -> None:
        if not (event.is_printable and event.character):
            return
        event.stop()
        event.prevent_default()
        try:
            box = self.query_one("#prompt-input", Input)
        except NoMatches:
            self._early += event.character
            return
        box.focus()
        box.insert_text_at_cursor(event.character)

    def on_mount(self) -> None:
        box = self.query_one("#prompt-input", Input)
        box.focus()
        if self._early:
            box.insert_text_at_cursor(self._early)
            self._early = ""

    def _say(self, text: str, *, error: bool = False) -> None:
        hint = self.query_one("#prompt-hint", Static)
        hint.update(Text(text))
        hint.set_class(error, "-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip() if self._blank_is_cancel else event.value
        if self._blank_is_cancel and not text:
            self.dismiss(None)
            return
        problem = self._check(text) if self._check is not None else ""
        if problem:
            self._say(problem, error=True)
            return
        if self._on_submit is None:
            self.dismiss(text)
            return
        self._say(self._busy)
        self._on_submit(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self.query_one("#prompt-hint", Static).has_class("-error"):
            self._say(self._hint)

    def action_cancel(self) -> None:
        self.dismiss(None)
