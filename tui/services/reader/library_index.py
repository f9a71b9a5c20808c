"""The library view's index: every cached paper id in order, paged, never loaded whole."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from tui.services.reader.rows import FIRST_SCREEN_ROWS
from tui.services.storage.store import CacheStore
from tui.services.storage.store_queries import ids_of_rowids, library_head, library_rowids


class LibraryIds(Sequence[str]):
    """Every cached paper id, newest day first (the Hub's order within a day), without loading 100,000 strings up front.

    Opening costs a count and the first screenful of ids (:attr:`HEAD`),
    whatever the size of the cache. The first access past them takes a snapshot of row numbers (one
    8-byte int per paper, from the day index: ~15 ms at 100,000) that fixes
    the order; ids are then looked up a page at a time as the feed draws them.
    The length is fixed when opened: papers cached later show up when the view
    is opened again, papers deleted meanwhile read as ``""`` (shown as missing).
    """

    PAGE = 512
    HEAD = FIRST_SCREEN_ROWS
    """Ids read when the view opens: the rows a view primes before its first frame."""

    def __init__(self, store: CacheStore) -> None:
        self._store = store
        self._length, head = library_head(store, self.HEAD)
        self._head = [rowid for rowid, _ in head]
        self._head_ids = [paper_id for _, paper_id in head]
        self._pages: dict[int, list[str]] = {}
        self._rowids: array[int] | None = None

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and stop <= len(self._head_ids) and 0 not in self._pages:
                return self._head_ids[start:stop]
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            result: list[str] = []
            position = start
            while position < stop:
                page_no, offset = divmod(position, self.PAGE)
                page = self._page(page_no)
                take = min(stop - position, len(page) - offset)
                result.extend(page[offset : offset + take])
                position += take
            return result
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index < len(self._head_ids) and 0 not in self._pages:
            return self._head_ids[index]
        page_no, offset = divmod(index, self.PAGE)
        return self._page(page_no)[offset]

    def __iter__(self) -> Iterator[str]:
        for page_no in range((len(self) + self.PAGE - 1) // self.PAGE):
            yield from self._page(page_no)

    def warm(self) -> None:
        """Take the order snapshot and the first two pages now (call in a thread: ~20 ms at 100,000).

        Otherwise the first scroll past the first screenful would take them on the event loop.
        """
        for page_no in range(min(2, (len(self) + self.PAGE - 1) // self.PAGE)):
            self._page(page_no)

    def _fit(self, page_no: int, ids: list[str]) -> list[str]:
        """*ids* padded or cut to the size this page had when the view was opened."""
        size = max(0, min(self.PAGE, self._length - page_no * self.PAGE))
        return (ids + [""] * size)[:size]

    def _snapshot(self) -> array[int]:
        if self._rowids is None:
            rowids = library_rowids(self._store)
            if rowids[: len(self._head)] != self._head:
                # The cache changed since the first page was drawn: keep that page as it is
                # on screen and let the rest follow, without repeating any of its papers.
                shown = set(self._head)
                rowids = self._head + [r for r in rowids if r not in shown]
            self._rowids = array("q", rowids)
        return self._rowids

    def _page(self, page_no: int) -> list[str]:
        page = self._pages.get(page_no)
        if page is not None:
            return page
        if len(self._pages) > 256:  # bound memory after scrolling through everything
            self._pages.clear()
        rowids = self._snapshot()[page_no * self.PAGE : (page_no + 1) * self.PAGE].tolist()
        found = ids_of_rowids(self._store, rowids)
        # A paper deleted since the snapshot (cache cleared in another process) keeps its
        # place with an empty id; the feed shows it as missing rather than shifting rows.
        page = self._fit(page_no, [found.get(rowid, "") for rowid in rowids])
        self._pages[page_no] = page
        return page
