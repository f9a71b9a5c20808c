"""One line at the bottom: which view, how fresh, where from, and what is going on.

It draws one :class:`~tui.view_state.Status` value, bound to the reader
screen's ``status`` (``data_bind``); nothing else writes to it.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.view_state import Status, age, freshness

__all__ = ["StatusLine", "age", "freshness"]


class StatusLine(Static):
    """Left: view, count and freshness. Right: activity or the last problem."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    status: reactive[Status] = reactive(Status, layout=False)

    def render(self) -> Text:
        status = self.status
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(status.view, style="bold")
        if status.detail:
            text.append("  " + status.detail)
        if status.selection:
            text.append("  " + status.selection, style="bold reverse")
        right = Text()
        if status.activity:
            right.append(status.activity, style="italic")
        if status.problem:
            right.append(("  " if status.activity else "") + status.problem, style="bold red")
        if right.plain:
            width = max(0, self.content_size.width - text.cell_len - right.cell_len - 2)
            text.append(" " * max(2, width))
            text.append_text(right)
        return text
