"""``u``: every link a paper has, chosen with a number key or the arrows and enter.

The paper's own links (code, project page, arXiv, PDF, Hugging Face page) show
at once; the Hub's linked models, datasets and Spaces are fetched in a worker
and added when they arrive, so the menu never waits on the network.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.models import Paper
from tui.services.errors import NotFoundError, ServiceError
from tui.services.net.hub import HubClient, PaperDetails
from tui.services.sanitize import clean_line
from tui.services.system.links import PaperLink, paper_links

NUMBERED = 9
"""Links 1..9 can be chosen with their number key."""

def link_prompt(index: int, link: PaperLink) -> Text:
    """One menu entry: the number key and label, then the URL dimmed on its own line."""
    text = Text()
    text.append(f"{index + 1} " if index < NUMBERED else "  ", style="bold")
    text.append(clean_line(link.label))
    text.append("\n  " + clean_line(link.url), style="dim")
    return text


def linked_summary(details: PaperDetails) -> str:
    """``2 models · 1 dataset · 1 Space linked on Hugging Face`` (or that there are none)."""
    counts = [
        (len(details.linked_models), "model"),
        (len(details.linked_datasets), "dataset"),
        (len(details.linked_spaces), "Space"),
    ]
    if not any(n for n, _ in counts):
        return "no models, datasets or Spaces linked on Hugging Face"
    return " · ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts) + " linked on Hugging Face"


class LinkMenu(ModalScreen[PaperLink | None]):
    """The links of *paper*; dismisses with the chosen link, or None on escape.

    Args:
        paper: The paper.
        hub: Where to fetch linked models / datasets / Spaces; None skips it
            (offline, or no arXiv id).
        skip_reason: Shown when *hub* is None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss_menu", "Close", id="close-links"),
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, NUMBERED + 1)),
    ]
    DEFAULT_CSS = """
    LinkMenu { align: center middle; }
    LinkMenu > Vertical {
        width: 110; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    LinkMenu OptionList, LinkMenu OptionList:focus { height: auto; max-height: 24; border: none; padding: 0; }
    LinkMenu #links-status { color: $text-muted; }
    """

    def __init__(self, paper: Paper, hub: HubClient | None, *, skip_reason: str = "") -> None:
        super().__init__()
        self.paper = paper
        self.hub = hub
        self.skip_reason = skip_reason
        self.links: list[PaperLink] = paper_links(paper)

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box") as box:
            box.border_title = Text(f"Links · {clean_line(self.paper.title)[:70]}")  # never markup
            box.border_subtitle = "1-9 or ↑↓ enter to open · esc to close"
            yield OptionList(*self._options(), id="links-list")
            yield Static(Text(self.skip_reason), id="links-status")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if self.hub is not None:
            self.set_status("fetching linked models, datasets and Spaces…")
            self.load_details(self.hub)

    def _options(self) -> list[Option]:
        return [Option(link_prompt(i, link), id=f"link-{i}") for i, link in enumerate(self.links)]

    def set_status(self, message: str) -> None:
        self.query_one("#links-status", Static).update(Text(message))

    @work(exclusive=True, group="link-details", exit_on_error=False)
    async def load_details(self, hub: HubClient) -> None:
        """Add the Hub's linked repositories (and any fresher code link) to the menu."""
        try:
            details = await hub.paper(self.paper.id)
        except NotFoundError:
            self.set_status("Hugging Face has no page for this paper")
            return
        except ServiceError as error:
            self.set_status(f"linked models unavailable: {error}")
            return
        self.links = paper_links(self.paper.merged_with(details.paper), details)
        menu = self.query_one(OptionList)
        highlighted = menu.highlighted
        menu.set_options(self._options())
        if self.links:
            menu.highlighted = min(highlighted or 0, len(self.links) - 1)
        self.set_status(linked_summary(details))

    def action_choose(self, index: int) -> None:
        if 0 <= index < len(self.links):
            self.dismiss(self.links[index])

    def action_dismiss_menu(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(event.option_index)
