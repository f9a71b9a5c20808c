"""One bibliography entry, reached from an inline citation: open it in papers-tui, or its DOI / URL."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.services.paper.model import BibEntry

ReferenceChoice = Literal["open", "link"]


def entry_link(entry: BibEntry) -> str | None:
    if entry.doi:
        return f"https://doi.org/{entry.doi}"
    return entry.url


class ReferenceModal(ModalScreen[ReferenceChoice | None]):
    """Shows the reference; ``enter`` opens it here when it has an arXiv id, ``u`` its DOI / URL."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", id="reference-close"),
        Binding("enter,o", "choose('open')", "Open in papers-tui", id="reference-open"),
        Binding("u", "choose('link')", "Open DOI / URL", id="reference-link"),
    ]
    DEFAULT_CSS = """
    ReferenceModal { align: center middle; }
    ReferenceModal > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ReferenceModal #reference-text { margin: 1 0; }
    ReferenceModal #reference-keys { color: $text-muted; }
    """

    def __init__(self, entry: BibEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        with Vertical() as box:
            box.border_title = "Reference"
            yield Static(Text(entry.label, style="bold"), id="reference-label")
            yield Static(Text(entry.text), id="reference-text")
            keys = []
            if entry.arxiv_id:
                keys.append(f"enter: read arXiv:{entry.arxiv_id} here")
            link = entry_link(entry)
            if link:
                keys.append(f"u: open {link}")
            keys.append("esc: back to the paper")
            yield Static(Text("   ".join(keys)), id="reference-keys")

    def action_choose(self, choice: ReferenceChoice) -> None:
        if choice == "open" and not self.entry.arxiv_id:
            self.notify("this reference has no arXiv id" + (": u opens its link" if entry_link(self.entry) else ""),
                        severity="warning", timeout=4)
            return
        if choice == "link" and entry_link(self.entry) is None:
            self.notify("this reference has no DOI or URL", severity="warning", timeout=4)
            return
        self.dismiss(choice)
