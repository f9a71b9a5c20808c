"""The reader's view state as plain values: the status line's :class:`Status` and the feed's :class:`Marks`.

No Textual import: the reader screen holds these, the widgets only draw them
(``data_bind``), and unit tests check them without an app.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple

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


def plural(count: int, noun: str) -> str:
    """``1 paper``, ``12 papers``, ``1,204 papers``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class Status(NamedTuple):
    """Everything the status line says, as one immutable value."""

    view: str = ""
    """The view's name (``Mon 10 Mar 2025``, ``Search: diffusion``)."""
    how_many: str = ""
    """How many rows (``12 papers (read hidden)``); empty while nothing is shown."""
    freshness: str = ""
    """Where the rows came from and how old they are (``cached 3 h ago``, ``loading…``)."""
    notes: tuple[str, ...] = ()
    """Extra facts about the view (``3 new since last visit``, ``4 cached · 8 remote ☁``)."""
    activity: str = ""
    """What is running now (``fetching Mon 10 Mar 2025…``); empty when idle."""
    problem: str = ""
    """The last thing that went wrong; empty when all is well."""
    selection: str = ""
    """``3 selected`` while rows are picked for a batch action (issue 13)."""
    sync: str = ""
    """Reading-list changes waiting to go to Hugging Face (``⇅ 3 to sync``); kept across views."""

    @property
    def detail(self) -> str:
        """The left part after the view name: count, freshness, notes and pending sync."""
        return " · ".join(part for part in (self.how_many, self.freshness, *self.notes, self.sync) if part)

    def doing(self, activity: str) -> Status:
        return self._replace(activity=activity)

    def failed(self, problem: str) -> Status:
        return self._replace(problem=problem)

    def noting(self, note: str) -> Status:
        return self._replace(notes=(*self.notes, note))


class Marks(NamedTuple):
    """The per-row marks the feed draws: bookmarked ★, unread •, found only by Hugging Face ☁."""

    bookmarked: frozenset[str] = frozenset()
    read: frozenset[str] = frozenset()
    remote: frozenset[str] = frozenset()
    """Search hits only Hugging Face found (empty outside search views)."""
    show_unread: bool = False
    """Draw the unread dot (off until the first view is shown)."""
    selected: frozenset[str] = frozenset()
    """Rows picked for a batch action (✓)."""
    pdfs: frozenset[str] = frozenset()
    """Papers whose PDF is downloaded (▤)."""
    tags: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """The user's tags per paper id, drawn after the title."""

    def bookmark(self, paper_id: str, on: bool) -> Marks:
        ids = self.bookmarked | {paper_id} if on else self.bookmarked - {paper_id}
        return self._replace(bookmarked=ids)

    def mark_read(self, paper_id: str, on: bool) -> Marks:
        ids = self.read | {paper_id} if on else self.read - {paper_id}
        return self._replace(read=ids, show_unread=True)
