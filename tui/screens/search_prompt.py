"""``/``: a one-line search box at the bottom of the screen."""

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

from tui.services.search import SearchQueryError, build_fts_query

SEARCH_HINT = 'words match as prefixes · "exact phrase" · AND OR NOT · -word · title: author: keyword:'


class SearchPrompt(ModalScreen[str | None]):
    """A one-line search box at the bottom: enter searches, esc cancels."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="cancel-search")]
    AUTO_FOCUS = "#search-input"
    DEFAULT_CSS = """
    SearchPrompt { align: center bottom; background: $background 30%; }
    SearchPrompt > Vertical {
        width: 100%; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    SearchPrompt #search-hint { color: $text-muted; height: 1; }
    SearchPrompt #search-hint.-error { color: $error; }
    """

    def __init__(
        self, initial: str = "", *, offline: bool = False, on_submit: Callable[[str], None] | None = None
    ) -> None:
        """*on_submit* starts the search and leaves the prompt up until the results are
        painted (one repaint instead of two); without it, enter dismisses with the text."""
        super().__init__()
        self._initial = initial
        self._offline = offline
        self._on_submit = on_submit
        self._early = ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Search the cache" if self._offline else "Search the cache and Hugging Face"
            yield Input(self._initial, placeholder="attention, \"state space\", author:hinton …", id="search-input")
            yield Static(SEARCH_HINT, id="search-hint", markup=False)

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after "/" (a fast typist, a paste, keys batched over SSH) can
        # reach this screen before its input has focus: they belong to the query.
        if not (event.is_printable and event.character):
            return
        event.stop()
        event.prevent_default()
        try:
            box = self.query_one("#search-input", Input)
        except NoMatches:
            self._early += event.character
            return
        box.focus()
        box.insert_text_at_cursor(event.character)

    def on_mount(self) -> None:
        box = self.query_one("#search-input", Input)
        box.focus()
        if self._early:
            box.insert_text_at_cursor(self._early)
            self._early = ""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        try:
            build_fts_query(text)
        except SearchQueryError as error:
            hint = self.query_one("#search-hint", Static)
            hint.update(Text(str(error)))
            hint.add_class("-error")
            return
        if self._on_submit is None:
            self.dismiss(text)
            return
        self.query_one("#search-hint", Static).update("searching…")
        self._on_submit(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        hint = self.query_one("#search-hint", Static)
        if hint.has_class("-error"):
            hint.update(SEARCH_HINT)
            hint.remove_class("-error")

    def action_cancel(self) -> None:
        self.dismiss(None)
