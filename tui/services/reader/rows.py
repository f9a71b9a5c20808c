"""What a feed shows, row by row, without loading 100,000 papers up front.

A :class:`RowSource` answers ``len()``, ``row(i)`` (the few fields one line
needs) and ``paper(i)`` (the whole paper, for the abstract pane). The library
view pages light rows out of SQLite on demand; other views hold their list.

The feed draws with :func:`peek_row`, which never waits: a row whose page is
not in memory yet comes back as the background read that brings it, so the
event loop never runs SQLite to draw a line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeAlias

from tui.models import Paper
from tui.services.storage.store import CacheStore, FeedRow

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


def row_of(paper: Paper) -> FeedRow:
    return FeedRow(
        id=paper.id,
        title=paper.title,
        first_author=paper.authors[0].name if paper.authors else "",
        day=paper.day.isoformat() if paper.day else "",
        upvotes=paper.upvotes,
        num_comments=paper.num_comments,
        has_code=bool(paper.code_url),
        authors=", ".join(paper.author_names),
    )


class RowSource(Protocol):
    def __len__(self) -> int: ...
    def row(self, index: int) -> FeedRow: ...
    def paper(self, index: int) -> Paper | None: ...
    def ids(self) -> Sequence[str]: ...


PageRead: TypeAlias = "Future[list[FeedRow]]"
"""A page of rows being read in the background."""


def peek_row(source: RowSource, index: int) -> FeedRow | PageRead:
    """Row *index* if it is in memory, else the background read that brings it; never waits.

    Sources held in memory always answer with the row.
    """
    if isinstance(source, (StoreRows, IndexedRows)):
        return source.peek(index)
    return source.row(index)


class PaperRows:
    """Rows over papers already in memory (a day, a search result ...)."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._papers = list(papers)
        self._rows: dict[int, FeedRow] = {}

    def __len__(self) -> int:
        return len(self._papers)

    def row(self, index: int) -> FeedRow:
        row = self._rows.get(index)
        if row is None:
            row = self._rows[index] = row_of(self._papers[index])
        return row

    def paper(self, index: int) -> Paper | None:
        return self._papers[index] if 0 <= index < len(self._papers) else None

    def days(self) -> set[str]:
        """Every row's day (ISO, ``""`` for none), without building the rows."""
        return {p.day.isoformat() if p.day else "" for p in self._papers}

    def ids(self) -> Sequence[str]:
        return [p.id for p in self._papers]


FIRST_SCREEN_ROWS = 64
"""More rows than the tallest first screen shows: what a view reads before its first frame.
:class:`~tui.services.reader.library_index.LibraryIds` reads as many ids, so priming the rows
never reaches past them (which would take the order snapshot on the event loop)."""


class StoreRows:
    """Rows over ids in the cache, loaded a page at a time.

    The pages next to the one just drawn are read ahead in a background
    thread (one shared reader), so scrolling through 100,000 rows seldom
    waits on SQLite. :meth:`peek` (what the feed draws with) never waits: a
    jump far away (``G``) starts that page's read and the feed draws it when
    it arrives; :meth:`row` reads at once (for actions on one paper).
    """

    PAGE = 256
    KEEP_PAGES = 8
    """Pages held in memory at most (the nearest to the last one read are kept)."""
    FIRST_SCREEN = FIRST_SCREEN_ROWS
    """Rows :meth:`prime` reads (a quarter of a page)."""
    _reader: ClassVar[ThreadPoolExecutor | None] = None

    def __init__(self, store: CacheStore, ids: Sequence[str], *, read_ahead: bool = True) -> None:
        self._store = store
        self._ids = ids
        self._pages: dict[int, list[FeedRow]] = {}
        self._ahead: dict[int, Future[list[FeedRow]]] = {}
        self._read_ahead = read_ahead
        self._first_screen: list[FeedRow] = []
        """The rows :meth:`prime` read, until page 0 is in memory."""

    def __len__(self) -> int:
        return len(self._ids)

    def row(self, index: int) -> FeedRow:
        """Row *index*, read now if its page is not in memory (waits; the feed draws with :meth:`peek`)."""
        page_no, offset = divmod(index, self.PAGE)
        page = self._pages.get(page_no)
        if page is None and page_no == 0 and index < len(self._first_screen):
            return self._first_screen[index]
        if page is None:
            ahead = self._ahead.pop(page_no, None)
            self._keep(page_no, ahead.result() if ahead is not None else self.load_page(page_no))
            page = self._pages[page_no]
        return page[offset]

    @property
    def pages_held(self) -> int:
        """Pages of rows in memory (at most :attr:`KEEP_PAGES`)."""
        return len(self._pages)

    def peek(self, index: int) -> FeedRow | PageRead:
        """Row *index* if its page is in memory, else the background read of that page (started if need be).

        Pages past what a ranked search has ranked are read at once: ranking the
        next page of a search belongs to the reader's own thread. So is the first
        page a new view draws (nothing to show meanwhile but ``…``).
        """
        page_no, offset = divmod(index, self.PAGE)
        page = self._pages.get(page_no)
        if page is not None:
            return page[offset]
        if page_no == 0 and index < len(self._first_screen):
            return self._first_screen[index]
        ahead = self._ahead.get(page_no)
        if ahead is None and not self._pages and not self._first_screen:
            return self.row(index)  # a view's first screenful is read at once: no flash of '…' rows
        if ahead is None and page_no * self.PAGE < self._ready():
            ahead = self._ahead[page_no] = self._pool().submit(self.load_page, page_no)
        if ahead is None:
            return self.row(index)
        if not ahead.done():
            return ahead
        del self._ahead[page_no]
        self._keep(page_no, ahead.result())
        return self._pages[page_no][offset]

    def _keep(self, page_no: int, page: list[FeedRow]) -> None:
        # The feed shows a window: a few pages around it are all it needs. Fewer live rows
        # also keep the cycle collector's passes short (each one holds the event loop).
        while len(self._pages) >= self.KEEP_PAGES:
            del self._pages[max(self._pages, key=lambda kept: abs(kept - page_no))]
        self._pages[page_no] = page
        if page_no == 0:
            self._first_screen = []
        if self._read_ahead:
            self._read_around(page_no)

    def prime(self) -> None:
        """Read the first screenful now, without reading ahead (start-up: nothing may compete with
        the first frame). The rest of its page follows with :meth:`read_first_page`."""
        if 0 not in self._pages and not self._first_screen and len(self._ids):
            self._first_screen = self._load(0, min(self.FIRST_SCREEN, self.PAGE))

    def read_first_page(self) -> None:
        """Start reading page 0 in the background (after :meth:`prime`, once the first frame is drawn)."""
        if 0 not in self._pages and 0 not in self._ahead and len(self._ids):
            self._ahead[0] = self._pool().submit(self.load_page, 0)

    def load_page(self, page_no: int) -> list[FeedRow]:
        """Page *page_no* from SQLite (any thread: each has its own connection)."""
        return self._load(page_no * self.PAGE, self.PAGE)

    def _load(self, start: int, count: int) -> list[FeedRow]:
        wanted = list(self._ids[start : start + count])
        loaded = {r.id: r for r in self._store.feed_rows(wanted)}
        return [loaded.get(i) or FeedRow(i, "(missing from cache)", "", "", 0, 0, False) for i in wanted]

    @staticmethod
    def _pool() -> ThreadPoolExecutor:
        if StoreRows._reader is None:
            from concurrent.futures import ThreadPoolExecutor  # the first read ahead, after the first paint

            StoreRows._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="papers-tui-rows")
        return StoreRows._reader

    def _ready(self) -> int:
        # Ranked search results rank their next page only when the reader gets there ("N of M shown"):
        # read ahead within what is ranked, never rank in the background.
        ready: int = getattr(self._ids, "loaded", len(self._ids))
        return ready

    def _read_around(self, page_no: int) -> None:
        ready = self._ready()
        for near in (page_no + 1, page_no - 1):
            if 0 <= near * self.PAGE < ready and near not in self._pages and near not in self._ahead:
                self._ahead[near] = self._pool().submit(self.load_page, near)

    def paper(self, index: int) -> Paper | None:
        if not 0 <= index < len(self._ids):
            return None
        return self._store.paper(self._ids[index])

    def ids(self) -> Sequence[str]:
        return self._ids


class IndexedRows:
    """Another source seen through a list of its row numbers (hidden rows, another order)."""

    def __init__(self, inner: RowSource, index: Sequence[int]) -> None:
        self._inner = inner
        self._index = list(index)

    def __len__(self) -> int:
        return len(self._index)

    def row(self, index: int) -> FeedRow:
        return self._inner.row(self._index[index])

    def peek(self, index: int) -> FeedRow | PageRead:
        return peek_row(self._inner, self._index[index])

    def paper(self, index: int) -> Paper | None:
        if not 0 <= index < len(self._index):
            return None
        return self._inner.paper(self._index[index])

    def ids(self) -> Sequence[str]:
        inner = self._inner.ids()
        return [inner[i] for i in self._index]


class FilteredRows(IndexedRows):
    """Another source with some rows hidden (e.g. papers already read)."""

    def __init__(self, inner: RowSource, keep: Callable[[str], bool]) -> None:
        super().__init__(inner, [i for i, paper_id in enumerate(inner.ids()) if keep(paper_id)])
