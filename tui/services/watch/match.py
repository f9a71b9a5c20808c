"""Which cached papers each watch matches.

- **topic**: the query means exactly what it means in ``/`` (the same
  :func:`~tui.services.reader.search.build_fts_query`: prefixes, ``"phrases"``,
  ``AND``/``OR``/``NOT``, ``-word``, ``title:``/``author:``...), newest first.
- **keyword**: the word or phrase as a phrase in the title, abstract or AI keywords.
- **org**: the Hugging Face organization a paper was submitted under (name or
  full name, case and ``-``/``_``/space insensitive).
- **author**: by Semantic Scholar author id, never by name, so namesakes stay
  apart: the author's newest papers from Semantic Scholar
  (:mod:`tui.services.watch.authors`) and every cached paper whose byline the
  author sidebar resolved to that id.

Every function reads the cache and returns ids, newest first, at most *limit*.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import weakref
from dataclasses import dataclass, field

from tui.services.reader.search import SearchQueryError, build_fts_query
from tui.services.storage.store import CacheStore
from tui.services.storage.watch_store import Watch
from tui.services.watch.authors import cached_author

PER_WATCH_LIMIT = 200
"""At most this many papers per watch (the newest): a feed, not an archive."""


def _newest_matching(store: CacheStore, match: str, limit: int) -> list[str]:
    cursor = store.db.connection.cursor()
    cursor.row_factory = None
    try:
        rows = cursor.execute(
            "SELECT p.id FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid"
            " WHERE papers_fts MATCH ? ORDER BY p.day DESC, p.rowid DESC LIMIT ?",
            (match, limit),
        ).fetchall()
    finally:
        cursor.close()
    return [row[0] for row in rows]


def topic_ids(store: CacheStore, query: str, limit: int = PER_WATCH_LIMIT) -> list[str]:
    """Cached papers matching *query* as ``/`` would, newest first.

    Raises:
        SearchQueryError: the query has nothing to search for.
    """
    match = build_fts_query(query)
    if match is None:
        raise SearchQueryError("an empty topic matches nothing")
    try:
        return _newest_matching(store, match, limit)
    except sqlite3.OperationalError as error:
        raise SearchQueryError(f"cannot search for {query!r}: {error}") from error


def keyword_ids(store: CacheStore, keyword: str, limit: int = PER_WATCH_LIMIT) -> list[str]:
    """Cached papers with *keyword* (as a phrase) in the title, abstract or AI keywords."""
    phrase = build_fts_query('"' + keyword.replace('"', " ") + '"')
    if phrase is None:
        return []
    try:
        return _newest_matching(store, f"{{title summary keywords}} : ({phrase})", limit)
    except sqlite3.OperationalError:
        return []


def normalise_org(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").replace("_", " ").split())


@dataclass(slots=True)
class _OrgIndex:
    """Organization -> papers, built once per process and then extended with new rows only."""

    last_rowid: int = 0
    papers: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    """Normalised organization -> (day, rowid, paper id)."""


_ORG_INDEXES: weakref.WeakKeyDictionary[CacheStore, _OrgIndex] = weakref.WeakKeyDictionary()
_ORG_LOCK = threading.Lock()


def _org_index(store: CacheStore) -> _OrgIndex:
    # Reading every paper's JSON costs ~0.5 s at 100,000 papers: do it once, then only
    # look at rows added since (rowids only grow; a paper's organization never changes).
    with _ORG_LOCK:
        index = _ORG_INDEXES.setdefault(store, _OrgIndex())
        newest = store.db.connection.execute("SELECT max(rowid) FROM papers").fetchone()[0] or 0
        if newest < index.last_rowid:  # the cache was cleared meanwhile: start again
            index = _ORG_INDEXES[store] = _OrgIndex()
        rows = store.db.connection.execute(
            "SELECT rowid, id, day, json_extract(data, '$.organization') FROM papers WHERE rowid > ?",
            (index.last_rowid,),
        ).fetchall()
        for rowid, paper_id, day, org in rows:
            index.last_rowid = max(index.last_rowid, rowid)
            if isinstance(org, str) and org:
                index.papers.setdefault(normalise_org(org), []).append((day or "", rowid, paper_id))
        return index


def org_ids(store: CacheStore, org: str, limit: int = PER_WATCH_LIMIT) -> list[str]:
    """Cached papers submitted under the organization *org*, newest first."""
    found = _org_index(store).papers.get(normalise_org(org), [])
    return [paper_id for _, _, paper_id in sorted(found, reverse=True)[:limit]]


def resolved_byline_ids(store: CacheStore, author_id: str, limit: int = PER_WATCH_LIMIT) -> list[str]:
    """Cached papers whose Semantic Scholar byline (resolved by the sidebar) holds *author_id*."""
    needle = json.dumps({"author_id": author_id}, ensure_ascii=False)[1:-1]
    rows = store.db.connection.execute(
        "SELECT key, data FROM author_profiles WHERE key LIKE 'paper:%' AND instr(data, ?) > 0",
        (needle,),
    ).fetchall()
    found: list[str] = []
    for row in rows:
        try:
            profiles = json.loads(row["data"]).get("profiles") or []
        except (ValueError, AttributeError):
            continue
        if any(isinstance(p, dict) and p.get("author_id") == author_id for p in profiles):
            found.append(str(row["key"])[len("paper:") :])
    if not found:
        return []
    # Newest first, like every other watch; papers not in the cache are dropped.
    marks = ",".join("?" * len(found))
    ordered = store.db.connection.execute(
        f"SELECT id FROM papers WHERE id IN ({marks}) ORDER BY day DESC, rowid DESC LIMIT ?", (*found, limit)
    ).fetchall()
    return [row[0] for row in ordered]


def watch_ids(store: CacheStore, watch: Watch, limit: int = PER_WATCH_LIMIT) -> list[str]:
    """The cached papers *watch* matches (author watches: cached bylines only, see :func:`author_papers`)."""
    try:
        if watch.kind == "topic":
            return topic_ids(store, watch.value, limit)
        if watch.kind == "keyword":
            return keyword_ids(store, watch.value, limit)
        if watch.kind == "org":
            return org_ids(store, watch.value, limit)
        return resolved_byline_ids(store, watch.value, limit)
    except SearchQueryError:
        return []


def followed_name(store: CacheStore, watch: Watch) -> str:
    """The name to show for an author watch: its label, else what Semantic Scholar said."""
    if watch.label:
        return watch.label
    known = cached_author(store, watch.value)
    return known.name if known and known.name else watch.value
