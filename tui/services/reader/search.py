"""Searching the cache: ranked pages of ids and the true number of matches.

The query builder is :mod:`tui.services.reader.search_query`, the SQL
:mod:`tui.services.storage.store_queries`, the merge with Hugging Face's results
:mod:`tui.services.reader.search_merge`; this module ranks and pages. A plain query
ranks every column at once with weights (title and AI keywords above the
abstract), so a word in many titles never hides the papers that only mention
it in their abstract from the rest of the ranking.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from tui.models import is_arxiv_id
from tui.services.reader.rows import StoreRows
from tui.services.reader.search_merge import SearchHit, merge_results, merged_papers
from tui.services.reader.search_query import COLUMNS, MAX_TERMS, SearchQueryError, build_fts_query
from tui.services.storage.store import CacheStore
from tui.services.storage.store_queries import count_matches, has_paper, papers_added_after, ranked_ids

__all__ = [
    "BM25_WEIGHTS", "COLUMNS", "MAX_TERMS", "PAGE_SIZE", "REMOTE_SEARCH_LIMIT", "SearchHit", "SearchIds",
    "SearchQueryError", "build_fts_query", "count_cache", "merge_results", "merged_papers", "papers_added_after",
    "search_cache", "search_cache_or_nothing",
]

REMOTE_SEARCH_LIMIT = 100
"""How many results to ask Hugging Face's search for (its maximum is 120)."""
PAGE_SIZE = StoreRows.PAGE
"""Results ranked per page: the feed's page, so drawing the first rows ranks only the first page."""
BM25_WEIGHTS = (10.0, 1.0, 4.0, 6.0)
"""Title, abstract, authors, AI keywords: a word in the title or the keywords counts most."""


def _match(text: str) -> str:
    query = build_fts_query(text)
    if query is None:
        raise SearchQueryError("type something to search for")
    return query


def search_cache(store: CacheStore, text: str, limit: int = PAGE_SIZE, offset: int = 0) -> list[str]:
    """Ids of cached papers matching *text*, best first (bm25 over every column, weighted).

    An arXiv id typed as the query puts that paper first.

    Raises:
        SearchQueryError: the text has nothing to search for, or SQLite refused
            the query (never expected; reported the same way rather than as a crash).
    """
    query = _match(text)
    try:
        ids = ranked_ids(store, query, BM25_WEIGHTS, limit=max(1, limit), offset=max(0, offset))
        exact = text.strip()
        if offset == 0 and is_arxiv_id(exact) and exact not in ids and has_paper(store, exact):
            ids.insert(0, exact)
        return ids
    except sqlite3.OperationalError as error:
        raise SearchQueryError(f"cannot search for {text.strip()!r}: {error}") from error


def count_cache(store: CacheStore, text: str) -> int:
    """The true number of cached papers matching *text*."""
    try:
        return count_matches(store, _match(text))
    except sqlite3.OperationalError as error:
        raise SearchQueryError(f"cannot search for {text.strip()!r}: {error}") from error


def search_cache_or_nothing(store: CacheStore, text: str, limit: int = PAGE_SIZE) -> list[str]:
    """:func:`search_cache`, with ``[]`` for text that holds nothing to search for."""
    try:
        return search_cache(store, text, limit)
    except SearchQueryError:
        return []


class SearchIds(Sequence[str]):
    """Every match of a query, ranked, as a sequence whose pages are ranked when first read.

    ``len()`` is the true number of matches; the first page is ranked when the
    sequence is made, the next ones when the feed draws a row past the pages
    ranked so far ("load more on scroll"). :attr:`loaded` says how many are
    ranked; *on_page* is told after each new page (for the ``200 of 519 shown`` line).
    """

    def __init__(
        self, store: CacheStore, text: str, *, page_size: int = PAGE_SIZE,
        on_page: Callable[[SearchIds], None] | None = None,
    ) -> None:
        self._store = store
        self._text = text
        self._page_size = max(1, page_size)
        self.on_page = on_page
        self._ids = search_cache(store, text, self._page_size)
        total = count_cache(store, text)
        if len(self._ids) < self._page_size:
            total = len(self._ids)  # everything fits in one page (and an exact id may add one)
        self._total = max(total, len(self._ids))
        self._ranked_total = self._total
        """How many of :attr:`total` the index ranks (the rest come from :meth:`add_unranked`)."""
        self._extra: list[str] = []

    def add_unranked(self, extra: Iterable[str]) -> None:
        """Ids found outside the index (the user's notes): listed after every ranked match."""
        seen = set(self._ids)
        self._extra = [i for i in dict.fromkeys(extra) if i not in seen]
        self._total = self._ranked_total + len(self._extra)
        if len(self._ids) >= self._ranked_total:
            self._take_extra()

    def _take_extra(self) -> None:
        seen = set(self._ids)
        self._ids.extend(i for i in self._extra if i not in seen)
        self._extra = []
        self._total = len(self._ids)

    @property
    def loaded(self) -> int:
        return len(self._ids)

    @property
    def total(self) -> int:
        return self._total

    def summary(self) -> str:
        """``519 results`` or ``200 of 519 shown``."""
        if self.loaded >= self.total:
            return f"{self.total:,} result{'s' if self.total != 1 else ''}"
        return f"{self.loaded:,} of {self.total:,} shown"

    def __len__(self) -> int:
        return self._total

    def _load_until(self, index: int) -> None:
        while index >= len(self._ids) and len(self._ids) < self._total:
            if len(self._ids) >= self._ranked_total:
                self._take_extra()
            else:
                more = search_cache(self._store, self._text, self._page_size, offset=len(self._ids))
                seen = set(self._ids)
                more = [i for i in more if i not in seen]
                if not more:
                    self._ranked_total = len(self._ids)  # the cache shrank meanwhile
                    self._take_extra()
                else:
                    self._ids.extend(more)
            if self.on_page is not None:
                self.on_page(self)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            self._load_until(stop - 1)
            return [self._ids[i] for i in range(start, min(stop, len(self._ids)), step)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        self._load_until(index)
        return self._ids[index] if index < len(self._ids) else ""

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self)):
            yield self[index]


def __getattr__(name: str) -> object:
    """``LibraryIds`` moved to :mod:`tui.services.reader.library_index`; old imports keep working."""
    if name == "LibraryIds":
        from tui.services.reader.library_index import LibraryIds

        return LibraryIds
    raise AttributeError(name)
