"""Finding papers in the cache: full-text search and the newest-first library index.

What a person types goes through :func:`build_fts_query`, which only ever
emits quoted strings, three operators and known column names, so no input can
make SQLite's FTS5 parser fail. The SQL here reads the ``papers`` /
``papers_fts`` tables that :mod:`tui.services.store` creates (bm25 weights
follow its column order: title, summary, authors, keywords).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, overload

from tui.models import Paper, is_arxiv_id
from tui.services.store import CacheStore

REMOTE_SEARCH_LIMIT = 100
"""How many results to ask Hugging Face's search for (its maximum is 120)."""
MAX_TERMS = 32
"""More terms than this are dropped (a pasted abstract is not a query)."""
MIN_PREFIX_CHARS = 3
"""Shorter words match exactly: ``a*`` would rank every paper in the cache."""
BM25_WEIGHTS = (10.0, 1.0, 4.0, 3.0)
"""Title, abstract, authors, AI keywords: a word in the title counts most."""

COLUMNS = {
    "title": "title",
    "abstract": "summary",
    "summary": "summary",
    "author": "authors",
    "authors": "authors",
    "keyword": "keywords",
    "keywords": "keywords",
}
"""``column:word`` filters a user may type, mapped to FTS5 columns."""

_OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


class SearchQueryError(ValueError):
    """The text holds nothing to search for; ``str(error)`` says why, for the status line."""


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    phrase: bool = False
    column: str | None = None
    negated: bool = False


def _clean(text: str) -> str:
    """Drop control characters and lone surrogates (they cannot be bound to SQLite)."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs", "Cf") or ch in "\t\n")


def _has_word(text: str) -> bool:
    """Whether the FTS5 tokenizer would find at least one token in *text*."""
    return any(ch.isalnum() for ch in text)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _last_word(text: str) -> str:
    words = re.findall(r"[^\W_]+", text)
    return words[-1] if words else ""


def _parse(text: str) -> list[_Term | str]:
    """Terms and operator words in the order typed (unbalanced quotes close at the end)."""
    items: list[_Term | str] = []
    for match in _TOKEN.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            if _has_word(phrase):
                items.append(_Term(" ".join(phrase.split()), phrase=True))
            continue
        if word in _OPERATORS:
            items.append(word)
            continue
        negated = word.startswith("-") and len(word) > 1
        word = word.lstrip("-")
        column = None
        head, sep, rest = word.partition(":")
        if sep and head.lower() in COLUMNS:
            column, word = COLUMNS[head.lower()], rest
        if word.startswith('"'):  # title:"exact words" arrives split by whitespace: keep it simple
            word = word.strip('"')
        if _has_word(word):
            items.append(_Term(word, column=column, negated=negated))
    return items


def build_fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 ``MATCH`` expression.

    Words match as prefixes (``transf`` finds *transformer*; words under three
    characters match exactly), ``"quoted phrases"`` match as phrases,
    upper-case ``AND`` / ``OR`` / ``NOT`` are operators between terms, ``-word``
    excludes a word, and ``title:`` / ``author:`` / ``abstract:`` /
    ``keyword:`` restrict a word to one field. Everything else (brackets,
    ``*``, ``:``, stray quotes) is treated as plain text.

    Returns:
        The expression, or None when *text* is empty (nothing typed).

    Raises:
        SearchQueryError: *text* has no word to search for (only punctuation
            or operators); the message says so.
    """
    cleaned = _clean(text).strip()
    if not cleaned:
        return None
    items = _parse(cleaned)
    parts: list[str] = []
    pending: str | None = None
    terms = 0
    for item in items:
        if isinstance(item, str):
            pending = item if parts else None  # an operator needs a term on its left
            continue
        if terms >= MAX_TERMS:
            break
        operator = "NOT" if item.negated else pending
        if not parts and operator == "NOT":
            operator = None  # "-word" or "NOT word" first: FTS5 has no unary NOT; search the word
        expression = _quote(item.text)
        if not item.phrase and len(_last_word(item.text)) >= MIN_PREFIX_CHARS:
            expression += "*"
        if item.column is not None:
            expression = f"{item.column} : {expression}"
        if parts:
            parts.append(operator or "AND")
        parts.append(expression)
        pending = None
        terms += 1
    if not parts:
        if any(isinstance(item, str) for item in items):
            raise SearchQueryError(f"nothing to search for in {text.strip()!r}: AND, OR and NOT go between words")
        raise SearchQueryError(f"nothing to search for in {text.strip()!r}: type a word")
    return " ".join(parts)


def search_cache(store: CacheStore, text: str, limit: int = 200) -> list[str]:
    """Ids of cached papers matching *text*, best first (bm25, title weighted most).

    A plain query (no ``NOT``, no ``column:``) first looks in titles and AI
    keywords only: when that alone fills *limit*, those are the results (they
    would rank first anyway, title matches weigh ten times more) and ranking
    skips the tens of thousands of abstracts a common word such as "model"
    appears in (~20 ms instead of ~80 ms at 100,000 papers).

    Raises:
        SearchQueryError: the text has nothing to search for, or SQLite refused
            the query (never expected; reported the same way rather than as a crash).
    """
    query = build_fts_query(text)
    if query is None:
        raise SearchQueryError("type something to search for")
    limit = max(1, limit)
    cursor = store.db.connection.cursor()
    cursor.row_factory = None
    try:
        ids: list[str] = []
        if " NOT " not in query and " : " not in query:
            ids = _ranked(cursor, f"{{title keywords}} : ({query})", limit)
        if len(ids) < limit:
            ids = _ranked(cursor, query, limit)
        exact = text.strip()
        if is_arxiv_id(exact) and exact not in ids and cursor.execute(
            "SELECT 1 FROM papers WHERE id = ?", (exact,)
        ).fetchone():
            ids.insert(0, exact)  # an arXiv id typed as the query: that paper first
        return ids
    except sqlite3.OperationalError as error:
        raise SearchQueryError(f"cannot search for {text.strip()!r}: {error}") from error
    finally:
        cursor.close()


def _ranked(cursor: sqlite3.Cursor, match: str, limit: int) -> list[str]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    # Rank inside the FTS table first and join only the winners: joining before
    # sorting would read every matching paper row (hundreds of ms at 100,000).
    sql = (
        "SELECT p.id FROM (SELECT rowid, bm25(papers_fts, " + weights + ") AS score FROM papers_fts"
        " WHERE papers_fts MATCH ? ORDER BY score LIMIT ?) AS hit"
        " JOIN papers p ON p.rowid = hit.rowid ORDER BY hit.score, p.day DESC"
    )
    return [row[0] for row in cursor.execute(sql, (match, limit))]


def search_cache_or_nothing(store: CacheStore, text: str, limit: int = 200) -> list[str]:
    """:func:`search_cache`, with ``[]`` for text that holds nothing to search for."""
    try:
        return search_cache(store, text, limit)
    except SearchQueryError:
        return []


Origin = Literal["cached", "remote"]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result and where it was found."""

    paper_id: str
    origin: Origin
    """``cached``: found in the local cache; ``remote``: only Hugging Face had it."""
    paper: Paper | None = None
    """The remote copy (None for cached hits: the cache has the paper)."""


def merge_results(local_ids: Iterable[str], remote_papers: Iterable[Paper]) -> list[SearchHit]:
    """Cached hits first (in rank order), then remote papers the cache did not find; no duplicates."""
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for paper_id in local_ids:
        if paper_id not in seen:
            seen.add(paper_id)
            hits.append(SearchHit(paper_id, "cached"))
    for paper in remote_papers:
        if paper.id not in seen:
            seen.add(paper.id)
            hits.append(SearchHit(paper.id, "remote", paper))
    return hits


def merged_papers(store: CacheStore, local_ids: Sequence[str], remote_papers: Sequence[Paper]) -> list[Paper]:
    """The papers of :func:`merge_results`, in its order (cached copies from *store*)."""
    hits = merge_results(local_ids, remote_papers)
    cached = {p.id: p for p in store.papers([h.paper_id for h in hits if h.origin == "cached"])}
    papers: list[Paper] = []
    for hit in hits:
        paper = hit.paper if hit.origin == "remote" else cached.get(hit.paper_id)
        if paper is not None:
            papers.append(paper)
    return papers


def origin_counts(hits: Sequence[SearchHit]) -> str:
    """``12 cached · 30 remote`` (or just the cached part when nothing came from afar)."""
    cached = sum(1 for hit in hits if hit.origin == "cached")
    remote = len(hits) - cached
    return f"{cached} cached · {remote} remote" if remote else f"{cached} cached"


def papers_added_after(store: CacheStore, day: date) -> int:
    """How many cached papers were added to Daily Papers after *day* (uses the day index)."""
    row = store.db.connection.execute("SELECT count(*) FROM papers WHERE day > ?", (day.isoformat(),)).fetchone()
    return int(row[0])


class LibraryIds(Sequence[str]):
    """Every cached paper id, newest first, without loading 100,000 strings up front.

    Opening costs a count and the first page, whatever the size of the cache.
    The first access past that page takes a snapshot of row numbers (one
    8-byte int per paper, from the day index: ~15 ms at 100,000) that fixes
    the order; ids are then looked up a page at a time as the feed draws them.
    The length is fixed when opened: papers cached later show up when the view
    is opened again, papers deleted meanwhile read as ``""`` (shown as missing).
    """

    PAGE = 512

    def __init__(self, store: CacheStore) -> None:
        self._store = store
        cursor = store.db.connection.cursor()
        cursor.row_factory = None
        try:
            self._length = int(cursor.execute("SELECT count(*) FROM papers").fetchone()[0])
            head = cursor.execute(
                "SELECT rowid, id FROM papers ORDER BY day DESC, rowid DESC LIMIT ?", (self.PAGE,)
            ).fetchall()
        finally:
            cursor.close()
        self._head = [rowid for rowid, _ in head]
        self._pages: dict[int, list[str]] = {0: self._fit(0, [paper_id for _, paper_id in head])}
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
        page_no, offset = divmod(index, self.PAGE)
        return self._page(page_no)[offset]

    def __iter__(self) -> Iterator[str]:
        for page_no in range((len(self) + self.PAGE - 1) // self.PAGE):
            yield from self._page(page_no)

    def _fit(self, page_no: int, ids: list[str]) -> list[str]:
        """*ids* padded or cut to the size this page had when the view was opened."""
        size = max(0, min(self.PAGE, self._length - page_no * self.PAGE))
        return (ids + [""] * size)[:size]

    def _snapshot(self) -> array[int]:
        if self._rowids is None:
            # One JSON array built in SQLite and parsed in C: 100,000 row numbers in ~15 ms.
            row = self._store.db.connection.execute(
                "SELECT json_group_array(rowid) FROM (SELECT rowid FROM papers ORDER BY day DESC, rowid DESC)"
            ).fetchone()
            rowids: list[int] = json.loads(row[0]) if row and row[0] else []
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
        found: dict[int, str] = {}
        cursor = self._store.db.connection.cursor()
        cursor.row_factory = None
        try:
            marks = ",".join("?" * len(rowids))
            for rowid, paper_id in cursor.execute(f"SELECT rowid, id FROM papers WHERE rowid IN ({marks})", rowids):
                found[rowid] = paper_id
        finally:
            cursor.close()
        # A paper deleted since the snapshot (cache cleared in another process) keeps its
        # place with an empty id; the feed shows it as missing rather than shifting rows.
        page = self._fit(page_no, [found.get(rowid, "") for rowid in rowids])
        self._pages[page_no] = page
        return page
