"""One line at the bottom: which view, how fresh, where from, and what is going on."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.models import Listing, utcnow


def age(when: datetime | None, now: datetime | None = None) -> str:
    """``just now``, ``3 min ago``, ``5 h ago``, ``2 days ago``."""
    if when is None:
        return "unknown time"
    seconds = max(0.0, ((now or utcnow()) - when).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


def freshness(listing: Listing, *, offline: bool, now: datetime | None = None) -> str:
    """The status wording for where a listing came from."""
    if listing.source == "sample":
        return "offline - bundled sample" if offline else "bundled sample"
    if listing.key.kind in ("bookmarks", "library"):
        return "offline - local" if offline else "local"
    when = age(listing.fetched_at, now)
    if offline:
        return f"offline - cached {when}"
    return f"updated {when}" if listing.source == "network" else f"cached {when}"


class StatusLine(Static):
    """Left: view, count and freshness. Right: activity or the last problem."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    view: reactive[str] = reactive("")
    detail: reactive[str] = reactive("")
    activity: reactive[str] = reactive("")
    problem: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self.view, style="bold")
        if self.detail:
            text.append("  " + self.detail)
        right = Text()
        if self.activity:
            right.append(self.activity, style="italic")
        if self.problem:
            right.append(("  " if self.activity else "") + self.problem, style="bold red")
        if right.plain:
            width = max(0, self.content_size.width - text.cell_len - right.cell_len - 2)
            text.append(" " * max(2, width))
            text.append_text(right)
        return text
