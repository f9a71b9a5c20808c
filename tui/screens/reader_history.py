"""Back and forward through the reader's views, like a browser: plain values, no Textual.

The reader screen (:class:`~tui.screens.reader_view.ReaderView`) owns one
:class:`ViewHistory`; it hands in the view it is leaving and gets back the view
to show, with the paper the cursor stood on.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.models import FeedKey, Listing


class ViewEntry(NamedTuple):
    """One view in the back / forward history: what it was and where the cursor stood."""

    key: FeedKey
    listing: Listing | None
    """The listing itself when it had one (an author's papers exist nowhere else)."""
    cursor_id: str | None
    view: str
    """Its status-line name (``Papers of Ada Lovelace``)."""


class ViewHistory:
    """The views behind and ahead of the one on screen (at most *limit* behind)."""

    def __init__(self, limit: int = 50) -> None:
        self.limit = limit
        self._back: list[ViewEntry] = []
        self._forward: list[ViewEntry] = []

    def leave(self, here: ViewEntry) -> None:
        """*here* is being replaced by a new view: it goes behind, and nothing is ahead any more."""
        self._back.append(here)
        del self._back[: -self.limit]
        self._forward.clear()

    def back(self, here: ViewEntry) -> ViewEntry | None:
        """The previous view (*here* goes ahead of it); None when there is none."""
        if not self._back:
            return None
        self._forward.append(here)
        return self._back.pop()

    def forward(self, here: ViewEntry) -> ViewEntry | None:
        """The view left by going back (*here* goes behind it); None when there is none."""
        if not self._forward:
            return None
        self._back.append(here)
        return self._forward.pop()
