"""Opening SQLite files safely: WAL, one connection per thread, corruption moved aside."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

Migration = str
"""A SQL script that upgrades the schema by one version (run in one transaction)."""


class SchemaTooNewError(Exception):
    """The file was written by a newer papers-tui."""


class Database:
    """A SQLite file with versioned migrations and a connection per thread.

    Args:
        path: the file, or ``None`` for a private in-memory database.
        migrations: ``migrations[i]`` upgrades schema version ``i`` to ``i + 1``.
    """

    def __init__(self, path: Path | None, migrations: list[Migration]) -> None:
        self.path = path
        self.migrations = migrations
        self._local = threading.local()
        self._lock = threading.Lock()
        self._memory: sqlite3.Connection | None = None
        self._all: list[sqlite3.Connection] = []
        if path is None:
            self._memory = self._connect(":memory:")
        self._migrate(self.connection)

    @property
    def version(self) -> int:
        return len(self.migrations)

    def _connect(self, target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=10.0, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 10000")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        with self._lock:
            self._all.append(conn)
        return conn

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (created on first use)."""
        if self._memory is not None:
            return self._memory
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            assert self.path is not None
            conn = self._connect(str(self.path))
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on error)."""
        conn = self.connection
        if self._memory is not None:
            # One shared in-memory connection: serialise writers across threads.
            with self._lock:
                yield from _transaction(conn)
        else:
            yield from _transaction(conn)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > self.version:
            raise SchemaTooNewError(
                f"{self.path} has schema version {current}; this papers-tui knows {self.version}"
            )
        if current == self.version:
            return
        for index in range(current, self.version):
            # executescript commits before it runs, so the script brings its own
            # transaction: a crash mid-migration leaves the previous version.
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{self.migrations[index]}\nPRAGMA user_version = {index + 1};\nCOMMIT;"
            )

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
        self._local = threading.local()


def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite may already have rolled back (disk full, I/O error): don't mask that.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def move_aside(path: Path, reason: str) -> Path:
    """Rename a broken database (and its WAL files) out of the way; return the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            try:
                side.replace(target.with_name(target.name + suffix))
            except OSError:
                side.unlink(missing_ok=True)
    return target


def probe(conn: sqlite3.Connection) -> None:
    """Touch the schema so a file that is not a database fails now, not later."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
