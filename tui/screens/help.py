"""``?``: every key, from the same registry the bindings come from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.commands import all_commands, display_key
from tui.widgets.feed_columns import ROW_GLYPHS


def help_table(keys: dict[str, str]) -> Table:
    """A two-column table of key -> description, grouped as in the registry."""
    table = Table(box=None, show_header=False, padding=(0, 2), expand=False)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    group = None
    for command in all_commands():
        if command.group != group:
            group = command.group
            table.add_row(Text(group, style="bold underline"), "")
        # Text, not str: a Rich table reads str cells as markup, and keys come from the config.
        table.add_row(Text(display_key(keys.get(command.id, command.keys))), Text(command.description))
    return table


def glyph_legend() -> Table:
    """What each mark on a feed row means."""
    table = Table(box=None, show_header=False, padding=(0, 2), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text("Row marks", style="bold underline"), "")
    for glyph, meaning in ROW_GLYPHS:
        table.add_row(glyph, meaning)
    return table


class HelpScreen(ModalScreen[None]):
    """A modal with every binding; any of esc, q, ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 95%; height: 90%; border: round $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, keys: dict[str, str]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as scroll:
            scroll.border_title = "papers-tui keys"
            scroll.border_subtitle = Text("esc to close · rebind in config.toml [keymap] by id")
            yield Static(glyph_legend())
            yield Static(help_table(self._keys))
            yield Static(
                Text(
                    "\nConfig file keys use the command ids (papers-tui keys lists them), e.g.\n"
                    '  [keymap]\n  open-code = "Y"\n',
                    style="dim",
                )
            )

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down()
        else:
            body.scroll_up()
