"""SQL that reads the cache for search and the library index (the storage side of both).

:mod:`tui.services.reader.search` and :mod:`tui.services.reader.library_index` never touch a
connection themselves: every statement over ``papers`` / ``papers_fts`` lives
here, next to the schema in :mod:`tui.services.storage.store`. bm25 weights follow the
index's column order: title, summary, authors, keywords.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from tui.services.storage.store import CacheStore
from tui.services.storage.store_schema import NEWEST_DAY_FIRST


@contextmanager
def _tuples(store: CacheStore) -> Iterator[sqlite3.Cursor]:
    """A cursor that yields plain tuples (cheaper than Row objects by the thousand)."""
    cursor = store.db.connection.cursor()
    cursor.row_factory = None
    try:
        yield cursor
    finally:
        cursor.close()


def ranked_ids(
    store: CacheStore, match: str, weights: Sequence[float], *, limit: int, offset: int = 0
) -> list[str]:
    """Ids of papers matching the FTS5 expression *match*, best bm25 score first."""
    columns = ", ".join(str(float(w)) for w in weights)
    # Rank inside the FTS table first and join only the winners: joining before
    # sorting would read every matching paper row (hundreds of ms at 100,000).
    sql = (
        f"SELECT p.id FROM (SELECT rowid, bm25(papers_fts, {columns}) AS score FROM papers_fts"
        " WHERE papers_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?) AS hit"
        " JOIN papers p ON p.rowid = hit.rowid ORDER BY hit.score, p.day DESC"
    )
    with _tuples(store) as cursor:
        return [row[0] for row in cursor.execute(sql, (match, limit, offset))]


def count_matches(store: CacheStore, match: str) -> int:
    """How many papers match *match* (no ranking: an index scan)."""
    with _tuples(store) as cursor:
        return int(cursor.execute("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (match,)).fetchone()[0])


def has_paper(store: CacheStore, paper_id: str) -> bool:
    with _tuples(store) as cursor:
        return cursor.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone() is not None


def papers_added_after(store: CacheStore, day: date) -> int:
    """How many cached papers were added to Daily Papers after *day* (uses the day index)."""
    with _tuples(store) as cursor:
        return int(cursor.execute("SELECT count(*) FROM papers WHERE day > ?", (day.isoformat(),)).fetchone()[0])


def library_head(store: CacheStore, count: int) -> tuple[int, list[tuple[int, str]]]:
    """(number of cached papers, the first *count* (rowid, id) in library order)."""
    with _tuples(store) as cursor:
        head = cursor.execute(f"SELECT p.rowid, p.id FROM papers p{NEWEST_DAY_FIRST} LIMIT ?", (count,)).fetchall()
    return store.count_papers(), [(int(rowid), str(paper_id)) for rowid, paper_id in head]


def library_rowids(store: CacheStore) -> list[int]:
    """Every row number in library order: one JSON array built in SQLite (~15 ms at 100,000)."""
    with _tuples(store) as cursor:
        row = cursor.execute(
            f"SELECT json_group_array(rowid) FROM (SELECT p.rowid FROM papers p{NEWEST_DAY_FIRST})"
        ).fetchone()
    return json.loads(row[0]) if row and row[0] else []


def ids_of_rowids(store: CacheStore, rowids: Sequence[int]) -> dict[int, str]:
    """rowid -> paper id for the rows that still exist."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    with _tuples(store) as cursor:
        return {int(r): str(i) for r, i in cursor.execute(f"SELECT rowid, id FROM papers WHERE rowid IN ({marks})", list(rowids))}


_SORT_COLUMNS = (
    "p.id, coalesce(json_extract(p.data, '$.upvotes'), 0), coalesce(json_extract(p.data, '$.num_comments'), 0),"
    " coalesce(json_extract(p.data, '$.github_stars'), 0),"
    " coalesce(json_extract(p.data, '$.published_at'), json_extract(p.data, '$.submitted_at'), ''),"
    " p.has_code, coalesce(json_extract(p.data, '$.organization'), ''), {words}"
)
_WORDS = (
    "p.title || ' ' || replace(p.authors, ' ; ', ' ') || ' ' || replace(p.keywords, ' ; ', ' ')"
    " || ' ' || coalesce(json_extract(p.data, '$.organization'), '')"
)


def sort_fields(
    store: CacheStore, ids: Sequence[str] | None, *, words: bool = True
) -> list[tuple[str, tuple[int, int, int, str, bool, str, str]]]:
    """(id, (upvotes, comments, stars, newest, has code, organization, words)) for *ids* in their
    order (None: every cached paper in library order); ids not cached are left out. *words*
    False leaves the text a word filter reads empty (cheaper at 100,000)."""
    columns = _SORT_COLUMNS.format(words=_WORDS if words else "''")

    def fields(row: tuple[object, ...]) -> tuple[str, tuple[int, int, int, str, bool, str, str]]:
        up, comments, stars, newest, code, org, text = row[1:]
        return str(row[0]), (int(up or 0), int(comments or 0), int(stars or 0),  # type: ignore[call-overload]
                             str(newest), bool(code), str(org), str(text))

    with _tuples(store) as cursor:
        if ids is None:
            return [fields(row) for row in cursor.execute(f"SELECT {columns} FROM papers p{NEWEST_DAY_FIRST}")]
        found: dict[str, tuple[str, tuple[int, int, int, str, bool, str, str]]] = {}
        wanted = list(ids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in cursor.execute(f"SELECT {columns} FROM papers p WHERE p.id IN ({marks})", chunk):
                found[str(row[0])] = fields(row)
    return [found[i] for i in wanted if i in found]
