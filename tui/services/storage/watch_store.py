"""The watch list and what it has matched, in ``watch.sqlite3`` in the user data dir.

Its own file (not the library's), beside ``library.sqlite3``: clearing the
cache never loses it. SQLite in WAL mode makes every change one transaction
(a crash mid-write leaves the previous state) and lets two papers-tui
processes (the reader and a cron digest) share the file; every write is an
``INSERT OR IGNORE`` / ``DELETE`` that means the same whoever runs it first.

Tables:

- ``watches``: what the user follows (an author by Semantic Scholar id, a
  topic query, a Hugging Face organization, a keyword).
- ``matches``: every (paper, watch) pair ever found, with when papers-tui
  first saw it (``0`` for matches that existed when the watch was added:
  known, so never "new") and whether it was announced.
- ``marks``: named instants (last For you visit, last ``digest --mark-seen``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

from tui.models import utcnow
from tui.services.sanitize import clean_line
from tui.services.storage.sqlite_util import Database, SchemaTooNewError, probe

WatchKind = Literal["author", "topic", "org", "keyword"]
WATCH_KINDS: tuple[WatchKind, ...] = get_args(WatchKind)
MAX_VALUE_CHARS = 300
"""A watch's value (a query, a name) is cut to this length."""

_AUTHOR_ID = re.compile(r"^(?=[A-Za-z]*\d)[A-Za-z0-9]{1,64}$")
"""Semantic Scholar author ids are numbers (``2261391``); letters are allowed, a name is not."""

FOR_YOU_MARK = "for-you-visit"
DIGEST_MARK = "digest-seen"

_V1 = """
        CREATE TABLE watches (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            added_at REAL NOT NULL,
            UNIQUE (kind, value)
        );
        CREATE TABLE matches (
            paper_id TEXT NOT NULL,
            watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
            first_seen REAL NOT NULL,
            announced INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (paper_id, watch_id)
        ) WITHOUT ROWID;
        CREATE INDEX matches_by_first_seen ON matches(first_seen);
        CREATE TABLE marks (
            name TEXT PRIMARY KEY,
            at REAL NOT NULL
        );
"""

MIGRATIONS = [_V1]


class WatchError(ValueError):
    """A watch that cannot be added as given; ``str(error)`` is one line for the user."""


@dataclass(frozen=True, slots=True)
class Watch:
    """One thing the user follows."""

    id: int
    kind: WatchKind
    value: str
    """The author id, the query, the organization name or the keyword."""
    label: str = ""
    """What to call it: an author's name (the value is only an id)."""
    added_at: datetime | None = None

    @property
    def why(self) -> str:
        """``author: Kaiwen Hu``, ``topic: "diffusion" title:video``, ``org: Google``, ``keyword: RLHF``."""
        if self.kind == "author":
            return f"author: {self.label or self.value}"
        return f"{self.kind}: {self.value}"


@dataclass(frozen=True, slots=True)
class MatchRow:
    """A (paper, watch) pair as stored."""

    paper_id: str
    watch_id: int
    first_seen: float
    """Epoch seconds; ``0`` = it already matched when the watch was added."""
    announced: bool


def normalise_value(kind: str, value: str) -> str:
    """The stored form of a watch value, or :class:`WatchError` saying what is wrong."""
    if kind not in WATCH_KINDS:
        raise WatchError(f"unknown watch kind {kind!r}: use one of {', '.join(WATCH_KINDS)}")
    text = clean_line(value)[:MAX_VALUE_CHARS]
    if not text:
        raise WatchError(f"an empty {kind} cannot be watched")
    if kind == "author":
        if not _AUTHOR_ID.match(text):
            raise WatchError(
                f"{text!r} is not a Semantic Scholar author id (digits, e.g. 2261391: the number at the end"
                " of the author's semanticscholar.org URL, or follow from the author sidebar)"
            )
    elif kind == "org":
        text = " ".join(text.split())
    elif kind == "keyword" and not any(ch.isalnum() for ch in text):
        raise WatchError(f"keyword {text!r} has no letters or digits")
    return text


def _stamp(value: float) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)


def _open_database(path: Path | None) -> tuple[Database, str | None]:
    if path is None:
        return Database(None, MIGRATIONS), None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path, MIGRATIONS)
        probe(db.connection)
        return db, None
    except SchemaTooNewError as error:
        return Database(None, MIGRATIONS), f"{error}; the watch list is not available this session"
    except (sqlite3.DatabaseError, OSError) as error:
        # User data: never moved aside or rewritten; the user can inspect it.
        return Database(None, MIGRATIONS), f"cannot open {path} ({error}); the watch list is not available"


class WatchStore:
    """The watch list file.

    Args:
        path: ``watch.sqlite3`` in the user data dir; ``None`` keeps it in memory (tests).
        clock: "now" for every stamp (tests pass a settable clock).
    """

    def __init__(self, path: Path | None, clock: Callable[[], datetime] = utcnow) -> None:
        self.path = path
        self.clock = clock
        self.db, self.notice = _open_database(path)
        self.persistent = path is not None and self.notice is None

    def close(self) -> None:
        self.db.close()

    # -- the watch list ---------------------------------------------------------

    def watches(self) -> list[Watch]:
        """Every watch: authors, topics, organizations, keywords; oldest first within a kind."""
        rows = self.db.connection.execute(
            "SELECT id, kind, value, label, added_at FROM watches ORDER BY added_at, id"
        ).fetchall()
        found = [
            Watch(row["id"], row["kind"], row["value"], row["label"], _stamp(row["added_at"]))
            for row in rows
            if row["kind"] in WATCH_KINDS
        ]
        return sorted(found, key=lambda w: WATCH_KINDS.index(w.kind))

    def find(self, kind: str, value: str) -> Watch | None:
        stored = normalise_value(kind, value)
        return next((w for w in self.watches() if w.kind == kind and _same(w, stored)), None)

    def add(self, kind: str, value: str, *, label: str = "") -> tuple[Watch, bool]:
        """Follow *value*; (the watch, True when it is new). Raises :class:`WatchError`."""
        stored = normalise_value(kind, value)
        existing = self.find(kind, stored)
        if existing is not None:
            if label and not existing.label:
                self.set_label(existing.id, label)
            return existing, False
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT OR IGNORE INTO watches(kind, value, label, added_at) VALUES (?, ?, ?, ?)",
                (kind, stored, clean_line(label)[:MAX_VALUE_CHARS], self.clock().timestamp()),
            )
        added = self.find(kind, stored)
        assert added is not None
        return added, True

    def set_label(self, watch_id: int, label: str) -> None:
        with self.db.transaction() as tx:
            tx.execute("UPDATE watches SET label = ? WHERE id = ?", (clean_line(label)[:MAX_VALUE_CHARS], watch_id))

    def remove(self, kind: str, value: str) -> Watch | None:
        """Stop following; the removed watch, or None when it was not followed."""
        watch = self.find(kind, value)
        if watch is None:
            return None
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM matches WHERE watch_id = ?", (watch.id,))
            tx.execute("DELETE FROM watches WHERE id = ?", (watch.id,))
        return watch

    # -- matches ----------------------------------------------------------------

    def record_matches(self, found: Iterable[tuple[str, int, bool]]) -> int:
        """Store (paper id, watch id, known) matches not stored before; how many were new.

        *known* matches are stored with ``first_seen = 0``: what already
        matched when a watch was added is not news, and is never announced.
        A watch removed meanwhile (by another process) gets no rows.
        """
        now = self.clock().timestamp()
        rows = [(paper_id, watch_id, 0.0 if known else now) for paper_id, watch_id, known in found]
        if not rows:
            return 0
        with self.db.transaction() as tx:
            before = tx.total_changes
            tx.executemany(
                "INSERT OR IGNORE INTO matches(paper_id, watch_id, first_seen) SELECT ?1, ?2, ?3"
                " WHERE EXISTS (SELECT 1 FROM watches WHERE id = ?2)",
                rows,
            )
            return tx.total_changes - before

    def matches(self) -> list[MatchRow]:
        rows = self.db.connection.execute(
            "SELECT paper_id, watch_id, first_seen, announced FROM matches"
        ).fetchall()
        return [MatchRow(r["paper_id"], r["watch_id"], r["first_seen"], bool(r["announced"])) for r in rows]

    def unannounced(self) -> list[MatchRow]:
        """Matches found after their watch was added and not announced yet."""
        rows = self.db.connection.execute(
            "SELECT paper_id, watch_id, first_seen, announced FROM matches WHERE announced = 0 AND first_seen > 0"
        ).fetchall()
        return [MatchRow(r["paper_id"], r["watch_id"], r["first_seen"], False) for r in rows]

    def mark_announced(self, rows: Iterable[MatchRow]) -> list[MatchRow]:
        """Flag *rows* as announced; those this process flagged (another process may have been first)."""
        mine: list[MatchRow] = []
        with self.db.transaction() as tx:
            for row in rows:
                cursor = tx.execute(
                    "UPDATE matches SET announced = 1 WHERE paper_id = ? AND watch_id = ? AND announced = 0",
                    (row.paper_id, row.watch_id),
                )
                if cursor.rowcount:
                    mine.append(row)
        return mine

    # -- marks ------------------------------------------------------------------

    def mark(self, name: str) -> datetime | None:
        row = self.db.connection.execute("SELECT at FROM marks WHERE name = ?", (name,)).fetchone()
        return _stamp(row["at"]) if row else None

    def set_mark(self, name: str, when: datetime | None = None) -> datetime:
        stamp = when or self.clock()
        with self.db.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO marks(name, at) VALUES (?, ?)", (name, stamp.timestamp()))
        return stamp


def _same(watch: Watch, value: str) -> bool:
    if watch.kind in ("org", "keyword"):
        return watch.value.casefold() == value.casefold()
    return watch.value == value


def watch_db_path(data_dir: Path) -> Path:
    return data_dir / "watch.sqlite3"
