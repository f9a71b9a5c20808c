"""What a feed shows, row by row, without loading 100,000 papers up front.

A :class:`RowSource` answers ``len()``, ``row(i)`` (the few fields one line
needs) and ``paper(i)`` (the whole paper, for the abstract pane). The library
view pages light rows out of SQLite on demand; other views hold their list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ClassVar, Protocol

from tui.models import Paper
from tui.services.storage.store import CacheStore, FeedRow


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

    def ids(self) -> Sequence[str]:
        return [p.id for p in self._papers]


class StoreRows:
    """Rows over ids in the cache, loaded a page at a time.

    The pages next to the one just drawn are read ahead in a background
    thread (one shared reader), so scrolling through 100,000 rows seldom
    waits on SQLite; a jump far away (``G``) reads its page at once.
    """

    PAGE = 256
    _reader: ClassVar[ThreadPoolExecutor | None] = None

    def __init__(self, store: CacheStore, ids: Sequence[str], *, read_ahead: bool = True) -> None:
        self._store = store
        self._ids = ids
        self._pages: dict[int, list[FeedRow]] = {}
        self._ahead: dict[int, Future[list[FeedRow]]] = {}
        self._read_ahead = read_ahead

    def __len__(self) -> int:
        return len(self._ids)

    def row(self, index: int) -> FeedRow:
        page_no, offset = divmod(index, self.PAGE)
        page = self._pages.get(page_no)
        if page is None:
            if len(self._pages) > 64:  # bound memory while scrolling far
                self._pages.clear()
            ahead = self._ahead.pop(page_no, None)
            page = ahead.result() if ahead is not None else self.load_page(page_no)
            self._pages[page_no] = page
            if self._read_ahead:
                self._read_around(page_no)
        return page[offset]

    def prime(self) -> None:
        """Read the first page now, without reading ahead (start-up: nothing may compete with the first frame)."""
        if 0 not in self._pages and len(self._ids):
            self._pages[0] = self.load_page(0)

    def load_page(self, page_no: int) -> list[FeedRow]:
        """Page *page_no* from SQLite (any thread: each has its own connection)."""
        start = page_no * self.PAGE
        wanted = list(self._ids[start : start + self.PAGE])
        loaded = {r.id: r for r in self._store.feed_rows(wanted)}
        return [loaded.get(i) or FeedRow(i, "(missing from cache)", "", "", 0, 0, False) for i in wanted]

    def _read_around(self, page_no: int) -> None:
        if StoreRows._reader is None:
            StoreRows._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="papers-tui-rows")
        # Ranked search results rank their next page only when the reader gets there ("N of M shown"):
        # read ahead within what is ranked, never rank in the background.
        ready = getattr(self._ids, "loaded", len(self._ids))
        for near in (page_no + 1, page_no - 1):
            if 0 <= near * self.PAGE < ready and near not in self._pages and near not in self._ahead:
                self._ahead[near] = StoreRows._reader.submit(self.load_page, near)

    def paper(self, index: int) -> Paper | None:
        if not 0 <= index < len(self._ids):
            return None
        return self._store.paper(self._ids[index])

    def ids(self) -> Sequence[str]:
        return self._ids


class FilteredRows:
    """Another source with some rows hidden (e.g. papers already read)."""

    def __init__(self, inner: RowSource, keep: Callable[[str], bool]) -> None:
        self._inner = inner
        self._index = [i for i, paper_id in enumerate(inner.ids()) if keep(paper_id)]

    def __len__(self) -> int:
        return len(self._index)

    def row(self, index: int) -> FeedRow:
        return self._inner.row(self._index[index])

    def paper(self, index: int) -> Paper | None:
        if not 0 <= index < len(self._index):
            return None
        return self._inner.paper(self._index[index])

    def ids(self) -> Sequence[str]:
        inner = self._inner.ids()
        return [inner[i] for i in self._index]
