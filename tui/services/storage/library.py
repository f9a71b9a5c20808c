"""The user's own data: bookmarks, read state and last visits.

Kept in the user data dir, apart from the cache, so clearing the cache never
loses it. SQLite in WAL mode makes each change atomic (a crash mid-write
leaves the previous state) and lets two papers-tui processes share the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.models import Paper, utcnow
from tui.services.storage.sqlite_util import (
    Database,
    SchemaTooNewError,
    UnusablePathError,
    probe,
    read_only_copy,
    triggers,
)

if TYPE_CHECKING:
    from tui.services.storage.reading_lists import ReadingLists

_V1 = """
        CREATE TABLE bookmarks (
            paper_id TEXT PRIMARY KEY,
            added_at REAL NOT NULL,
            paper TEXT NOT NULL
        );
        CREATE TABLE read_state (
            paper_id TEXT PRIMARY KEY,
            read_at REAL NOT NULL
        );
        CREATE TABLE visits (
            view_key TEXT PRIMARY KEY,
            visited_at REAL NOT NULL
        );
"""

_V2 = """
        CREATE TABLE papers (
            paper_id TEXT PRIMARY KEY,
            paper TEXT NOT NULL,
            saved_at REAL NOT NULL
        );
        CREATE TABLE notes (
            paper_id TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            updated_at REAL NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE tags (
            paper_id TEXT NOT NULL,
            tag TEXT NOT NULL COLLATE NOCASE,
            added_at REAL NOT NULL,
            PRIMARY KEY (paper_id, tag)
        );
        CREATE INDEX tags_by_tag ON tags(tag);
        CREATE TABLE lists (
            list_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at REAL NOT NULL
        );
        CREATE TABLE list_items (
            list_id INTEGER NOT NULL REFERENCES lists(list_id) ON DELETE CASCADE,
            paper_id TEXT NOT NULL,
            added_at REAL NOT NULL,
            PRIMARY KEY (list_id, paper_id)
        );
        CREATE TABLE pdfs (
            paper_id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            downloaded_at REAL NOT NULL
        );
        CREATE TABLE arxiv_categories (
            paper_id TEXT PRIMARY KEY,
            category TEXT NOT NULL,
            fetched_at REAL NOT NULL
        );
"""
"""Notes, tags, reading lists, downloaded PDFs (see :mod:`tui.services.storage.reading_lists`),
snapshots of the papers they refer to (so exports work after ``cache clear``),
and arXiv primary categories (they never change)."""

MIGRATIONS = [_V1, _V2]


class UserLibrary:
    """Bookmarks and read state in ``library.sqlite3`` (user data dir).

    When the file cannot be opened for writing, the library still works for
    this run in memory, :attr:`notice` says so, and nothing on disk is touched.
    """

    def __init__(self, path: Path | None, *, other: Path | None = None) -> None:
        self.path = path
        self.notice: str | None = None
        self.persistent = path is not None
        self.read_only = False
        """True when the file is shown from a copy and never written this session."""
        self._other = other
        self.db = self._open(path)
        self._reading_lists: ReadingLists | None = None

    @property
    def reading_lists(self) -> ReadingLists:
        """Notes, tags, reading lists and PDF records (schema V2); its module is imported on first use."""
        if self._reading_lists is None:
            from tui.services.storage.reading_lists import ReadingLists

            self._reading_lists = ReadingLists(self.db)
        return self._reading_lists

    def _open(self, path: Path | None) -> Database:
        if path is None:
            return Database(None, MIGRATIONS)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = Database(path, MIGRATIONS, other=self._other)
            probe(db.connection)
            found = triggers(db.connection)
            if not found:
                return db
            # papers-tui never creates triggers in the library: someone else's code would run on every change.
            db.close()
            return self._read_only(
                path, f"{path} contains triggers papers-tui never creates ({', '.join(found[:3])})"
            )
        except UnusablePathError as error:
            self.notice = f"{error}; bookmarks and read state won't be saved this session"
        except SchemaTooNewError as error:
            return self._read_only(path, f"{error} (upgrade papers-tui)")
        except (sqlite3.DatabaseError, OSError) as error:
            # Never move user data aside: leave the file for the user, and show
            # what it holds if it can at least be read (a read-only data dir).
            return self._read_only(path, f"cannot write {path} ({error})")
        self.persistent = False
        return Database(None, MIGRATIONS)

    def _read_only(self, path: Path, why: str) -> Database:
        """Show what the file holds from an in-memory copy; never write the file this session."""
        self.persistent = False
        self.read_only = True
        snapshot = read_only_copy(path, MIGRATIONS)
        if snapshot is not None:
            try:
                snapshot.connection.execute("SELECT count(*) FROM bookmarks").fetchone()
            except sqlite3.Error:
                snapshot = None
        if snapshot is not None:
            self.notice = f"{why}: opened read-only, bookmarks shown, changes won't be saved this session"
            return snapshot
        self.notice = f"{why}: cannot read it either; bookmarks and read state won't be saved this session"
        return Database(None, MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    # -- bookmarks ------------------------------------------------------------

    def is_bookmarked(self, paper_id: str) -> bool:
        row = self.db.connection.execute("SELECT 1 FROM bookmarks WHERE paper_id = ?", (paper_id,)).fetchone()
        return row is not None

    def bookmarked_ids(self) -> set[str]:
        return {r[0] for r in self.db.connection.execute("SELECT paper_id FROM bookmarks")}

    def add_bookmark(self, paper: Paper) -> bool:
        """Bookmark *paper* (a snapshot is kept); False if it already was."""
        with self.db.transaction() as tx:
            cursor = tx.execute(
                "INSERT OR IGNORE INTO bookmarks(paper_id, added_at, paper) VALUES (?, ?, ?)",
                (paper.id, utcnow().timestamp(), json.dumps(paper.to_dict(), ensure_ascii=False)),
            )
            return cursor.rowcount > 0

    def remove_bookmark(self, paper_id: str) -> bool:
        with self.db.transaction() as tx:
            return tx.execute("DELETE FROM bookmarks WHERE paper_id = ?", (paper_id,)).rowcount > 0

    def toggle_bookmark(self, paper: Paper) -> bool:
        """Flip the bookmark; True when the paper is now bookmarked."""
        if self.remove_bookmark(paper.id):
            return False
        self.add_bookmark(paper)
        return True

    def bookmarks(self) -> list[tuple[Paper, datetime]]:
        """Bookmarked papers with when they were added, newest first."""
        rows = self.db.connection.execute(
            "SELECT paper, added_at FROM bookmarks ORDER BY added_at DESC, rowid DESC"
        ).fetchall()
        result = []
        for row in rows:
            try:
                paper = Paper.from_dict(json.loads(row["paper"]))
            except (ValueError, KeyError, TypeError):
                continue
            result.append((paper, datetime.fromtimestamp(row["added_at"], tz=UTC)))
        return result

    def refresh_snapshots(self, papers: Iterable[Paper]) -> None:
        """Update stored snapshots of bookmarked papers with fresher copies."""
        marked = self.bookmarked_ids()
        fresh = [p for p in papers if p.id in marked]
        if not fresh:
            return
        with self.db.transaction() as tx:
            tx.executemany(
                "UPDATE bookmarks SET paper = ? WHERE paper_id = ?",
                [(json.dumps(p.to_dict(), ensure_ascii=False), p.id) for p in fresh],
            )

    # -- read state -----------------------------------------------------------

    def mark_read(self, paper_id: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT OR IGNORE INTO read_state(paper_id, read_at) VALUES (?, ?)",
                (paper_id, utcnow().timestamp()),
            )

    def mark_unread(self, paper_id: str) -> None:
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM read_state WHERE paper_id = ?", (paper_id,))

    def read_ids(self) -> set[str]:
        return {r[0] for r in self.db.connection.execute("SELECT paper_id FROM read_state")}

    # -- visits ---------------------------------------------------------------

    def last_visit(self, view_key: str) -> datetime | None:
        row = self.db.connection.execute(
            "SELECT visited_at FROM visits WHERE view_key = ?", (view_key,)
        ).fetchone()
        return datetime.fromtimestamp(row[0], tz=UTC) if row else None

    def record_visit(self, view_key: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO visits(view_key, visited_at) VALUES (?, ?)",
                (view_key, utcnow().timestamp()),
            )
