"""A modal that shows a URL or a block of text, ready to click, select or copy.

Used when the app cannot do the thing itself: over SSH a browser would open on
the wrong machine, so the URL is shown as a terminal hyperlink (OSC 8: most
terminals open it on click or ctrl/cmd+click); when no clipboard could be
reached the citation is shown in a read-only text area, selectable with the
keyboard (shift+arrows, ctrl+a) or the mouse (shift+drag in most terminals,
which bypasses the app's mouse reporting).
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.services.sanitize import clean_line


def link_text(url: str) -> Text:
    """*url* as a clickable hyperlink (Rich ``Style(link=...)``, drawn as OSC 8)."""
    safe = clean_line(url)
    return Text(safe, style=Style(link=safe, underline=True, bold=True))


class TextModal(ModalScreen[None]):
    """Shows *text*; with ``link=True`` it is a URL drawn as a hyperlink.

    Args:
        title: The border title.
        text: The URL or text.
        link: Draw *text* as one clickable URL instead of a text area.
        note: A line under the text: how it was copied, where it was saved.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", priority=True, id="close-text"),
        Binding("q,enter", "dismiss", "Close", show=False),
    ]
    DEFAULT_CSS = """
    TextModal { align: center middle; }
    TextModal > Vertical {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    TextModal #text-link { width: 1fr; margin: 1 0; }
    TextModal TextArea { height: auto; max-height: 24; min-height: 3; }
    TextModal #text-note { color: $text-muted; width: 1fr; }
    """

    def __init__(self, title: str, text: str, *, link: bool = False, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.link = link
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="text-box") as box:
            box.border_title = Text(clean_line(self.title_text))  # a str title would be read as markup
            box.border_subtitle = "esc to close"
            if self.link:
                yield Static(link_text(self.text), id="text-link")
            else:
                yield TextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False, id="text-area")
            if self.note:
                yield Static(Text(self.note), id="text-note")

    def on_mount(self) -> None:
        if not self.link:
            area = self.query_one(TextArea)
            area.focus()
            area.select_all()
