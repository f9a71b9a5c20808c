"""The reader's behaviour, one feature per module, without the widgets.

Each controller takes the :class:`~tui.services.session.Session` and the
narrow :class:`ReaderUI` below (the reader screen implements it; unit tests
pass a small fake), so it can be tested without an App:

- :mod:`.views`   - opening views, refresh, ``[`` / ``]``, hide-read
- :mod:`.papers`  - links, citations and bookmarks of the highlighted paper
- :mod:`.library` - search, the whole library, read state, fetching a period
- :mod:`.authors` - the author sidebar's profiles
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Literal, Protocol

from tui.models import FeedKey, Listing, Paper
from tui.services.reader.arrange import Arrangement
from tui.services.reader.rows import RowSource
from tui.view_state import Marks, Status

Work = Coroutine[Any, Any, None] | Callable[[], Coroutine[Any, Any, None]]
"""What a screen runs as a worker: a coroutine, or an async callable called when the worker starts."""

Severity = Literal["information", "warning", "error"]


class ReaderUI(Protocol):
    """What a controller may read and ask of the reader screen."""

    status: Status
    marks: Marks
    key: FeedKey
    """The view on screen (or being opened)."""
    hide_read: bool
    arrangement: Arrangement
    """The sort and quick filter of the view (``s`` / ``f`` / ``z``)."""

    @property
    def listing(self) -> Listing | None:
        """The listing on screen (None for library, search and empty views)."""
        ...

    @property
    def current(self) -> Paper | None:
        """The paper in the abstract pane."""
        ...

    def highlighted_paper(self) -> Paper | None:
        """The paper under the feed cursor (the abstract pane lags by its debounce)."""
        ...

    def say(self, message: str, *, severity: Severity = "information", timeout: float = 3) -> None:
        """A toast."""
        ...

    def show_listing(
        self,
        listing: Listing,
        *,
        keep_cursor: bool = False,
        keep_position: bool = False,
        cursor_id: str | None = None,
        unreachable: bool = False,
    ) -> None:
        """Paint *listing* as the view (cursor on the same paper, at the same row, or on *cursor_id*)."""
        ...

    def focus_feed(self) -> None:
        """Move the keyboard focus back to the feed."""
        ...

    def open_view(self, key: FeedKey, *, refresh: bool = True) -> None:
        """Open *key* (from the cache, then refreshed unless *refresh* is False)."""
        ...

    def close_prompt(self) -> None:
        """The search prompt goes (its results, or why there are none, are on screen)."""
        ...

    def show_rows(
        self, key: FeedKey, source: RowSource, *, count: str, fresh: str, view: str | None = None,
        cursor_id: str | None = None,
    ) -> None:
        """Paint *source* as view *key*: the status says *count* and *fresh* (activity and problem stay)."""
        ...

    def show_empty(self, key: FeedKey, detail: str) -> None:
        """View *key* with nothing in it, saying why."""
        ...

    def show_text(self, title: str, text: str, *, note: str, link: bool = False) -> None:
        """A modal with text ready to select (a URL, a citation)."""
        ...

    def run(
        self, work: Work, *, group: str, exclusive: bool = True, after_paint: bool = False
    ) -> None:
        """Run *work* as a background worker of the screen (*after_paint*: once the next frame is drawn).

        *work* is a coroutine, or an async callable started only when the worker starts (a
        worker replaced or cancelled before then creates no coroutine left unawaited)."""
        ...
