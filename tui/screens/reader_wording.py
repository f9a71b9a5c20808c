"""What the reader says about the view it draws: status-line count and label, empty-view messages.

Plain functions of plain values (no Textual), used by
:class:`~tui.screens.reader_view.ReaderView` when it paints a view.
"""

from __future__ import annotations

from tui.models import FeedKey, Listing
from tui.view_state import freshness, plural

EMPTY_HINT = "Press [ or ] for other days, L for every cached paper, ? for help."


def listing_words(listing: Listing, shown: int, *, offline: bool) -> tuple[str, str, str]:
    """(view label, count, freshness) of *listing* when *shown* of its papers pass the filter."""
    label = "Sample papers" if listing.source == "sample" else listing.key.label
    count = plural(len(listing.papers), "paper")
    if shown != len(listing.papers):
        count = f"{shown} of {count}"
    return label, count, freshness(listing, offline=offline)


def nothing_shown(key: FeedKey, *, hide_read: bool) -> str:
    """The abstract pane's message when a painted view has no rows."""
    if key.kind == "bookmarks" and not hide_read:
        return "No bookmarks yet: press b on a paper to keep it here (works offline)."
    return "No papers in this view." + (" Press x to show read papers." if hide_read else "")


def nothing_here(key: FeedKey, detail: str) -> str:
    """The abstract pane's message for a view with nothing to show (*detail* says why)."""
    return f"{detail or 'Nothing here yet for ' + key.label}.\n\n{EMPTY_HINT}"
