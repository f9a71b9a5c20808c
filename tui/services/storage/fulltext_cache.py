"""The full-text and citation-graph cache: its own SQLite file beside the main cache.

``fulltext.sqlite3`` in the cache dir holds the documents (JSON, zlib
compressed), the references / citations / similar lists, citation counts,
Hugging Face comments and the reading position per paper. It is a separate
file so that the feed cache's schema (store.py) stays untouched and a big
text cache can be dropped on its own. Opening follows the same rules as the
main cache: a broken file is moved aside, an unwritable dir keeps it in memory.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tui.models import utcnow
from tui.services.net.graph import GraphEntry, GraphKind, GraphListing
from tui.services.paper.model import Document
from tui.services.storage.sqlite_util import Database, SchemaTooNewError, move_aside, probe

FILE_NAME = "fulltext.sqlite3"
TEXT_FRESH = timedelta(days=30)
FALLBACK_FRESH = timedelta(days=1)
"""A paper shown from its abstract is tried again the next day (arXiv may have converted it)."""
GRAPH_FRESH = timedelta(days=7)

MIGRATIONS = [
    """
    CREATE TABLE fulltext (
        paper_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        body BLOB NOT NULL,
        raw_bytes INTEGER NOT NULL,
        stored_bytes INTEGER NOT NULL,
        fetched_at REAL NOT NULL
    );
    CREATE TABLE graph (
        paper_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body BLOB NOT NULL,
        fetched_at REAL NOT NULL,
        PRIMARY KEY (paper_id, kind)
    );
    CREATE TABLE counts (
        paper_id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        fetched_at REAL NOT NULL
    );
    CREATE TABLE comments (
        paper_id TEXT PRIMARY KEY,
        body BLOB NOT NULL,
        fetched_at REAL NOT NULL
    );
    CREATE TABLE positions (
        paper_id TEXT PRIMARY KEY,
        block INTEGER NOT NULL,
        updated_at REAL NOT NULL
    );
    """
]


@dataclass(frozen=True, slots=True)
class Cached:
    """Something from the cache and when it was fetched."""

    value: Any
    fetched_at: datetime
    fresh: bool


@dataclass(frozen=True, slots=True)
class TextSpace:
    papers: int
    stored_bytes: int
    raw_bytes: int
    graph_lists: int


def _pack(data: Any) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))


class FullTextCache:
    """Documents, graph lists, counts, comments and reading positions.

    Args:
        path: the file, or None for memory only.
        now: the clock (tests set it).
    """

    def __init__(self, path: Path | None, *, now: Callable[[], datetime] = utcnow) -> None:
        self.path = path
        self.now = now
        self.notice: str | None = None
        self.db = self._open(path)

    @classmethod
    def in_cache_dir(cls, cache_dir: Path, **kwargs: Any) -> FullTextCache:
        return cls(cache_dir / FILE_NAME, **kwargs)

    def _open(self, path: Path | None) -> Database:
        if path is None:
            return Database(None, MIGRATIONS)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = Database(path, MIGRATIONS)
            probe(db.connection)
            return db
        except OSError as error:
            self.notice = f"{path} cannot be opened ({error}); full texts kept in memory"
            return Database(None, MIGRATIONS)
        except (SchemaTooNewError, sqlite3.DatabaseError) as error:
            try:
                moved = move_aside(path, "corrupt")
                self.notice = f"{path} was unreadable ({error}); moved aside to {moved.name}"
                return Database(path, MIGRATIONS)
            except (OSError, sqlite3.Error):
                self.notice = f"{path} is unreadable ({error}); full texts kept in memory"
                return Database(None, MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    def _stamp(self) -> float:
        return self.now().timestamp()

    def _cached(self, value: Any, stamp: float, fresh_for: timedelta) -> Cached:
        fetched = datetime.fromtimestamp(stamp, tz=self.now().tzinfo)
        return Cached(value, fetched, self.now() - fetched < fresh_for)

    # -- documents ------------------------------------------------------------

    def put_document(self, document: Document, raw_bytes: int = 0) -> int:
        """Store *document*; the compressed size in bytes."""
        blob = _pack(document.to_json())
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO fulltext VALUES (?, ?, ?, ?, ?, ?)",
                (document.paper_id, document.source, blob, raw_bytes, len(blob), self._stamp()),
            )
        return len(blob)

    def document(self, paper_id: str) -> Cached | None:
        row = self.db.connection.execute(
            "SELECT body, source, fetched_at FROM fulltext WHERE paper_id = ?", (paper_id,)
        ).fetchone()
        if row is None:
            return None
        try:
            document = Document.from_json(_unpack(row["body"]))
        except (ValueError, zlib.error, TypeError, KeyError, IndexError):
            return None  # an unreadable entry is refetched, never shown half
        fresh_for = FALLBACK_FRESH if row["source"] == "abstract" else TEXT_FRESH
        return self._cached(document, row["fetched_at"], fresh_for)

    def has_text(self, paper_id: str) -> bool:
        """Whether a real full text (not the abstract fallback) is cached."""
        row = self.db.connection.execute(
            "SELECT 1 FROM fulltext WHERE paper_id = ? AND source != 'abstract'", (paper_id,)
        ).fetchone()
        return row is not None

    def space(self) -> TextSpace:
        row = self.db.connection.execute(
            "SELECT count(*), coalesce(sum(stored_bytes), 0), coalesce(sum(raw_bytes), 0) FROM fulltext"
        ).fetchone()
        lists = self.db.connection.execute("SELECT count(*) FROM graph").fetchone()[0]
        return TextSpace(int(row[0]), int(row[1]), int(row[2]), int(lists))

    def clear(self) -> TextSpace:
        """Drop every cached text, graph list, count and comment thread; what was there.

        Reading positions stay: they are where the user left off, not a copy of
        anything on the network (a cleared text reopens at the same place).
        """
        before = self.space()
        with self.db.transaction() as tx:
            for table in ("fulltext", "graph", "counts", "comments"):
                tx.execute(f"DELETE FROM {table}")
        self.vacuum()
        return before

    def vacuum(self) -> None:
        """Give the freed pages back to the disk (and fold the WAL into the file)."""
        conn = self.db.connection
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def file_bytes(self) -> int:
        """The file's size on disk (0 in memory)."""
        if self.path is None:
            return 0
        return sum(p.stat().st_size for p in (self.path, self.path.with_name(self.path.name + "-wal")) if p.exists())

    # -- graph ------------------------------------------------------------------

    def put_graph(self, listing: GraphListing) -> None:
        body = _pack({"entries": [e.to_json() for e in listing.entries], "total": listing.total,
                      "more": listing.more})
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO graph VALUES (?, ?, ?, ?)",
                (listing.paper_id, listing.kind, body, self._stamp()),
            )

    def graph(self, paper_id: str, kind: GraphKind) -> Cached | None:
        row = self.db.connection.execute(
            "SELECT body, fetched_at FROM graph WHERE paper_id = ? AND kind = ?", (paper_id, kind)
        ).fetchone()
        if row is None:
            return None
        try:
            data = _unpack(row["body"])
            entries = [GraphEntry.from_json(e) for e in data["entries"]]
        except (ValueError, zlib.error, TypeError, KeyError):
            return None
        cached = self._cached(None, row["fetched_at"], GRAPH_FRESH)
        listing = GraphListing(kind, paper_id, entries, total=data.get("total"), more=bool(data.get("more")),
                               fetched_at=cached.fetched_at)
        return Cached(listing, cached.fetched_at, cached.fresh)

    # -- counts, comments -----------------------------------------------------------

    def put_counts(self, paper_id: str, counts: dict[str, int]) -> None:
        with self.db.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO counts VALUES (?, ?, ?)",
                       (paper_id, json.dumps(counts), self._stamp()))

    def counts(self, paper_id: str) -> Cached | None:
        row = self.db.connection.execute(
            "SELECT body, fetched_at FROM counts WHERE paper_id = ?", (paper_id,)
        ).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row["body"])
        except ValueError:
            return None
        return self._cached(value if isinstance(value, dict) else {}, row["fetched_at"], GRAPH_FRESH)

    def put_comments(self, paper_id: str, comments: list[dict[str, Any]]) -> None:
        with self.db.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO comments VALUES (?, ?, ?)",
                       (paper_id, _pack(comments), self._stamp()))

    def comments(self, paper_id: str) -> Cached | None:
        row = self.db.connection.execute(
            "SELECT body, fetched_at FROM comments WHERE paper_id = ?", (paper_id,)
        ).fetchone()
        if row is None:
            return None
        try:
            value = _unpack(row["body"])
        except (ValueError, zlib.error):
            return None
        return self._cached(value, row["fetched_at"], timedelta(hours=6))

    # -- reading position -------------------------------------------------------------

    def save_position(self, paper_id: str, block: int) -> None:
        with self.db.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO positions VALUES (?, ?, ?)", (paper_id, block, self._stamp()))

    def position(self, paper_id: str) -> int | None:
        row = self.db.connection.execute("SELECT block FROM positions WHERE paper_id = ?", (paper_id,)).fetchone()
        return int(row[0]) if row is not None else None
