"""Opening local files safely: SQLite (WAL, one connection per thread, corruption moved
aside, one :func:`connect` for every open), path checks, and one atomic write.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

Migration = str
"""A SQL script that upgrades the schema by one version (run in one transaction)."""


class SchemaTooNewError(Exception):
    """The file was written by a newer papers-tui."""


class UnusablePathError(OSError):
    """The path is a FIFO, a device, a directory, or the same file as another store."""


def path_problem(path: Path, what: str, *, other: Path | None = None) -> str | None:
    """Why *path* must not be opened as the *what* file, or None when it may.

    Refused: a directory, a FIFO, a device (``/dev/zero``), anything but a
    regular file, and a path (a symlink, a hard link) that is the same file as
    *other*: the cache must never open the library, whose data cannot be rebuilt.
    A missing path is fine: it will be created.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot use {path} as the {what}: {error.strerror}"
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return f"{path} is a directory, not the {what} file"
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else (
            "not a regular file"
        )
        return f"{path} is {kind}, not the {what} file"
    if other is not None:
        try:
            twin = other.stat()
        except OSError:
            return None
        if (twin.st_dev, twin.st_ino) == (info.st_dev, info.st_ino):
            return f"{path} is the same file as {other}; refusing to use one file for both"
    return None


def connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    """Every SQLite connection papers-tui opens (file, URI or ``:memory:``) comes from here."""
    conn = sqlite3.connect(target, timeout=10.0, check_same_thread=False, isolation_level=None, uri=uri)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def atomic_write(path: Path, text: str, *, private: bool = False) -> Path:
    """Write *text* to *path* through a temporary file, so a crash never leaves half a file.

    Args:
        private: keep the file ``0600`` (copied text); otherwise it gets the
            usual umask permissions (an exported ``.bib``).
    """
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


class Database:
    """A SQLite file with versioned migrations and a connection per thread.

    Args:
        path: the file, or ``None`` for a private in-memory database.
        migrations: ``migrations[i]`` upgrades schema version ``i`` to ``i + 1``.
    """

    def __init__(self, path: Path | None, migrations: list[Migration], *, other: Path | None = None) -> None:
        if path is not None:
            problem = path_problem(path, "database", other=other)
            if problem:
                raise UnusablePathError(problem)
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
        conn = connect(target)
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
            try:
                conn.executescript(
                    f"BEGIN IMMEDIATE;\n{self.migrations[index]}\nPRAGMA user_version = {index + 1};\nCOMMIT;"
                )
            except sqlite3.OperationalError:
                # Another connection (a second window, another thread) may have run this step
                # between our version check and our lock: then its work stands.
                if conn.in_transaction:
                    conn.rollback()
                if conn.execute("PRAGMA user_version").fetchone()[0] <= index:
                    raise

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


def triggers(conn: sqlite3.Connection) -> list[str]:
    """Names of the triggers in the file."""
    return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]


def read_only_copy(path: Path, migrations: list[Migration]) -> Database | None:
    """An in-memory copy of *path* opened without writing anything next to it.

    Triggers in the copy are dropped: changes made this session then stay plain.
    """
    if not path.exists():
        return None
    # mode=ro still reads a WAL left by a crash; immutable=1 works where even that can't.
    for query in ("mode=ro", "immutable=1"):
        try:
            source = connect(f"file:{path}?{query}", uri=True)
            try:
                memory = Database(None, [])
                source.backup(memory.connection)
            finally:
                source.close()
            for name in triggers(memory.connection):
                memory.connection.execute(f'DROP TRIGGER "{name.replace(chr(34), chr(34) * 2)}"')
            memory.migrations = migrations
            if memory.connection.execute("PRAGMA user_version").fetchone()[0] < memory.version:
                memory._migrate(memory.connection)  # an older file gains the newer tables, in memory only
            return memory
        except (sqlite3.Error, OSError):
            continue
    return None
