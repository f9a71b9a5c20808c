"""The local cache: papers, listings, full-text index and author profiles.

Everything here can be rebuilt from the network, so a broken file is moved
aside and replaced by an empty cache (the reason lands in :attr:`CacheStore.notice`).
User data (bookmarks, read state) lives in :mod:`tui.services.storage.library` instead.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from tui.models import FeedKey, Listing, Paper, utcnow
from tui.services.storage.sqlite_util import Database, SchemaTooNewError, UnusablePathError, move_aside, probe
from tui.services.storage.store_schema import (
    MIGRATIONS,
    NEWEST_DAY_FIRST,
    PAPER_COLUMNS,
    PAPER_TOTAL,
    TEX_MISSING,
    UNLISTED_RANK,
    from_stamp,
    paper_from_row,
    paper_row_values,
    search_text,
    stamp,
)


class FeedRow(NamedTuple):
    """The few fields one feed line needs (cheap to load by the thousand)."""

    id: str
    title: str
    first_author: str
    day: str
    upvotes: int
    num_comments: int
    has_code: bool
    authors: str = ""
    """Every author, comma separated (the two-line rows show them)."""
    title_shown: str | None = None
    """The title as the screen shows it (sanitised, TeX converted), when the cache holds it: a feed of
    cached rows draws without the TeX converter. ``None``: convert :attr:`title` when drawn."""


class CacheStats(NamedTuple):
    papers: int
    listings: int
    author_profiles: int
    size_bytes: int
    oldest_day: str | None
    newest_day: str | None


class CacheStore:
    """The SQLite cache file (``cache.sqlite3`` in the user cache dir).

    Args:
        path: the database file; ``None`` keeps everything in memory (tests,
            or a cache dir that cannot be written).
    """

    def __init__(self, path: Path | None, *, other: Path | None = None) -> None:
        self.path = path
        self.notice: str | None = None
        """A one-off message for the user (cache moved aside, read-only ...)."""
        self._other = other
        """The library file: the cache must never be the same file."""
        self.db = self._open(path)

    def _open(self, path: Path | None) -> Database:
        if path is None:
            return Database(None, MIGRATIONS)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.notice = f"cache dir {path.parent} is not writable ({error.strerror}); cache kept in memory"
            return Database(None, MIGRATIONS)
        try:
            db = Database(path, MIGRATIONS, other=self._other)
            probe(db.connection)
            self._fill_search_text(db)
            return db
        except UnusablePathError as error:
            # Never moved aside: it is not a broken cache but something else (a FIFO, a directory, the library).
            self.notice = f"{error}; cache kept in memory this session"
            return Database(None, MIGRATIONS)
        except SchemaTooNewError as error:
            reason, message = "newer", str(error)
        except sqlite3.DatabaseError as error:
            reason, message = "corrupt", f"{path} is unreadable ({error})"
        except OSError as error:
            reason, message = "unreadable", f"{path} is unreadable ({error})"
        try:
            moved = move_aside(path, reason)
            self.notice = f"{message}; moved aside to {moved.name}, starting with an empty cache"
            return Database(path, MIGRATIONS)
        except (OSError, sqlite3.Error) as error:
            self.notice = f"{message}; cannot replace it ({error}); cache kept in memory"
            return Database(None, MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def _fill_search_text(db: Database) -> None:
        """Index the converted text of rows that hold TeX (once, after the V2 migration).

        Rows written by an older papers-tui or a bulk loader (``title_tex`` NULL) are filled in too.
        A partial index holds only such rows, so looking for them costs nothing when there are
        none (a full scan took 280 ms at 100,000 papers, on every start). It is created outside
        the numbered migrations: an older papers-tui opens the file as before and keeps it up.
        """
        conn = db.connection
        conn.execute(f"CREATE INDEX IF NOT EXISTS papers_tex_missing ON papers(id) WHERE {TEX_MISSING}")
        todo = conn.execute(f"SELECT id, title, summary FROM papers WHERE {TEX_MISSING}").fetchall()
        if not todo:
            return
        with db.transaction() as tx:
            tx.executemany(
                "UPDATE papers SET title_tex = ?, summary_tex = ? WHERE id = ?",
                [(*search_text(Paper(id=r["id"], title=r["title"], summary=r["summary"])), r["id"]) for r in todo],
            )

    # -- papers -------------------------------------------------------------

    def upsert_papers(self, papers: Iterable[Paper], conn: sqlite3.Connection | None = None) -> tuple[int, int]:
        """Insert or refresh papers, keeping fields the new copy lacks; (new, updated)."""
        new = updated = 0
        now = utcnow().timestamp()

        def write(tx: sqlite3.Connection) -> None:
            nonlocal new, updated
            for paper in papers:
                old_row = tx.execute(f"SELECT {PAPER_COLUMNS} FROM papers p WHERE id = ?", (paper.id,)).fetchone()
                if old_row is None:
                    tx.execute(
                        "INSERT INTO papers(id, title, summary, authors, keywords, day, has_code, data, updated_at,"
                        " title_tex, summary_tex, day_rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*paper_row_values(paper, now), *search_text(paper), UNLISTED_RANK - paper.upvotes),
                    )
                    new += 1
                    continue
                merged = paper_from_row(old_row).merged_with(paper)
                values = paper_row_values(merged, now)
                tx.execute(
                    "UPDATE papers SET title=?, summary=?, authors=?, keywords=?, day=?, has_code=?, data=?, updated_at=?,"
                    " title_tex=?, summary_tex=? WHERE id=?",
                    (*values[1:], *search_text(merged), paper.id),
                )
                updated += 1

        if conn is not None:
            write(conn)
        else:
            with self.db.transaction() as tx:
                write(tx)
        return new, updated

    def paper(self, paper_id: str) -> Paper | None:
        row = self.db.connection.execute(
            f"SELECT {PAPER_COLUMNS} FROM papers p WHERE id = ?", (paper_id,)
        ).fetchone()
        return paper_from_row(row) if row else None

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        """Papers by id, in the order given (unknown ids skipped)."""
        found: dict[str, Paper] = {}
        conn = self.db.connection
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"SELECT {PAPER_COLUMNS} FROM papers p WHERE id IN ({marks})", chunk):
                found[row["id"]] = paper_from_row(row)
        return [found[i] for i in ids if i in found]

    # -- listings -----------------------------------------------------------

    def save_listing(self, key: FeedKey, papers: Sequence[Paper], fetched_at: datetime | None = None) -> tuple[int, int]:
        """Store a fetched listing (replacing the old one) and its papers."""
        with self.db.transaction() as tx:
            counts = self.upsert_papers(papers, conn=tx)
            tx.execute("DELETE FROM listing_items WHERE key = ?", (key.cache_key,))
            tx.executemany(
                "INSERT OR IGNORE INTO listing_items(key, position, paper_id) VALUES (?, ?, ?)",
                [(key.cache_key, i, p.id) for i, p in enumerate(papers)],
            )
            if key.kind == "day":  # the library lists each day in the Hub's order
                tx.executemany(
                    "UPDATE papers SET day_rank = ? WHERE id = ? AND day = ?",
                    [(i, p.id, key.value) for i, p in enumerate(papers)],
                )
            tx.execute(
                "INSERT OR REPLACE INTO listings(key, fetched_at, size) VALUES (?, ?, ?)",
                (key.cache_key, stamp(fetched_at), len(papers)),
            )
        return counts

    def listing(self, key: FeedKey, today: date | None = None) -> Listing | None:
        """A cached listing, or None when this key was never fetched.

        A week or month never fetched as such is assembled from its cached days
        (when every past day of it is cached); *today* bounds "past".
        """
        conn = self.db.connection
        head = conn.execute("SELECT fetched_at FROM listings WHERE key = ?", (key.cache_key,)).fetchone()
        if head is None:
            return self._listing_from_days(key, today)
        rows = conn.execute(
            f"SELECT {PAPER_COLUMNS} FROM listing_items li JOIN papers p ON p.id = li.paper_id"
            " WHERE li.key = ? ORDER BY li.position",
            (key.cache_key,),
        ).fetchall()
        return Listing(key, [paper_from_row(r) for r in rows], from_stamp(head["fetched_at"]), "cache")

    def assemble_period(self, key: FeedKey, today: date | None = None) -> Listing | None:
        """A week or month rebuilt from its cached days and saved as that listing.

        The write side of :meth:`_listing_from_days` (one rule for both): the
        period's own cached listing may predate the days just fetched, this
        replaces it. None when some past day of the period is not cached.
        """
        assembled = self._listing_from_days(key, today)
        if assembled is None:
            return None
        fetched_at = utcnow()
        self.save_listing(key, assembled.papers, fetched_at)
        return Listing(key, assembled.papers, fetched_at, "cache")

    def period_days_cached(self, key: FeedKey, today: date | None = None) -> tuple[int, int]:
        """(cached days, days so far) of a week or month."""
        days = [d for d in key.days() if d <= (today or date.today())]
        keys = [FeedKey("day", d.isoformat()).cache_key for d in days]
        if not keys:
            return 0, 0
        marks = ",".join("?" * len(keys))
        found = self.db.connection.execute(f"SELECT count(*) FROM listings WHERE key IN ({marks})", keys).fetchone()
        return int(found[0]), len(keys)

    def partial_period(self, key: FeedKey, today: date | None = None) -> Listing | None:
        """A week or month from the days of it that are cached (None when none is)."""
        return self._listing_from_days(key, today, partial=True)

    def _listing_from_days(self, key: FeedKey, today: date | None = None, *, partial: bool = False) -> Listing | None:
        """A week or month assembled from cached days, when every past day is cached (or any, *partial*)."""
        if key.kind not in ("week", "month"):
            return None
        today = today or date.today()
        days = [d for d in key.days() if d <= today]
        if not days:
            return None
        keys = [FeedKey("day", d.isoformat()).cache_key for d in days]
        conn = self.db.connection
        marks = ",".join("?" * len(keys))
        heads = conn.execute(f"SELECT key, fetched_at FROM listings WHERE key IN ({marks})", keys).fetchall()
        if not heads or (len(heads) < len(keys) and not partial):
            return None
        rows = conn.execute(
            f"SELECT {PAPER_COLUMNS}, li.key FROM listing_items li JOIN papers p ON p.id = li.paper_id"
            f" WHERE li.key IN ({marks}) ORDER BY li.key DESC, li.position",
            keys,
        ).fetchall()
        seen: set[str] = set()
        papers = []
        for row in rows:
            if row["id"] not in seen:
                seen.add(row["id"])
                papers.append(paper_from_row(row))
        papers.sort(key=lambda p: p.upvotes, reverse=True)
        oldest = min(h["fetched_at"] for h in heads)
        return Listing(key, papers, from_stamp(oldest), "cache")

    def has_listing(self, key: FeedKey) -> bool:
        row = self.db.connection.execute("SELECT 1 FROM listings WHERE key = ?", (key.cache_key,)).fetchone()
        return row is not None

    def listing_fetched_at(self, keys: Sequence[FeedKey]) -> dict[FeedKey, datetime]:
        """When each of *keys* was last fetched (keys never fetched are left out); cheap."""
        found: dict[FeedKey, datetime] = {}
        conn = self.db.connection
        for start in range(0, len(keys), 500):
            chunk = {k.cache_key: k for k in keys[start : start + 500]}
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"SELECT key, fetched_at FROM listings WHERE key IN ({marks})", list(chunk)):
                found[chunk[row["key"]]] = from_stamp(row["fetched_at"])
        return found

    def listing_days(self) -> list[str]:
        """Days (``YYYY-MM-DD``) that have a cached, non-empty daily listing, newest first."""
        rows = self.db.connection.execute(
            "SELECT substr(key, 5) AS day FROM listings WHERE key LIKE 'day:%' AND size > 0 ORDER BY key DESC"
        ).fetchall()
        return [r["day"] for r in rows]

    def latest_listing(self) -> Listing | None:
        """The newest cached day that has papers (for an offline start)."""
        for day in self.listing_days()[:1]:
            return self.listing(FeedKey("day", day))
        return None

    # -- the whole library ----------------------------------------------------

    def count_papers(self) -> int:
        return int(self.db.connection.execute(PAPER_TOTAL).fetchone()[0])

    def library_ids(self) -> list[str]:
        """Every cached paper id, newest day first, Hugging Face's order within a day (ids only)."""
        rows = self.db.connection.execute(f"SELECT p.id FROM papers p{NEWEST_DAY_FIRST}")
        return [r[0] for r in rows]

    def feed_rows(self, ids: Sequence[str]) -> list[FeedRow]:
        """Light rows for the feed, in the order given."""
        found: dict[str, FeedRow] = {}
        conn = self.db.connection
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT id, title, title_tex, authors, day, has_code, {_FEED_COUNTS} FROM papers"
                f" WHERE id IN ({marks})", chunk
            ):
                found[row["id"]] = _feed_row(row)
        return [found[i] for i in ids if i in found]

    # -- author profiles ------------------------------------------------------

    def get_profile_blob(self, key: str) -> tuple[Any, datetime] | None:
        row = self.db.connection.execute(
            "SELECT data, fetched_at FROM author_profiles WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return json.loads(row["data"]), from_stamp(row["fetched_at"])

    def put_profile_blob(self, key: str, data: Any, fetched_at: datetime | None = None) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO author_profiles(key, data, fetched_at) VALUES (?, ?, ?)",
                (key, json.dumps(data, ensure_ascii=False), stamp(fetched_at)),
            )

    def papers_by_author(self, name: str, limit: int = 200) -> list[Paper]:
        """Cached papers whose author list holds *name* exactly (newest first)."""
        rows = self.db.connection.execute(
            f"SELECT {PAPER_COLUMNS} FROM papers p WHERE (' ; ' || p.authors || ' ; ') LIKE ?"
            f"{NEWEST_DAY_FIRST} LIMIT ?",
            (f"% ; {name} ; %", limit),
        ).fetchall()
        return [paper_from_row(r) for r in rows]

    # -- housekeeping -------------------------------------------------------

    def stats(self) -> CacheStats:
        conn = self.db.connection
        papers = conn.execute("SELECT count(*), min(day), max(day) FROM papers").fetchone()
        listings = conn.execute("SELECT count(*) FROM listings").fetchone()[0]
        profiles = conn.execute("SELECT count(*) FROM author_profiles").fetchone()[0]
        size = 0
        if self.path is not None:
            for suffix in ("", "-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    size += side.stat().st_size
        return CacheStats(papers[0], listings, profiles, size, papers[1], papers[2])

    def vacuum(self) -> None:
        conn = self.db.connection
        conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
        conn.execute("VACUUM")

    def clear(self) -> None:
        with self.db.transaction() as tx:
            for table in ("listing_items", "listings", "author_profiles", "papers"):
                tx.execute(f"DELETE FROM {table}")
        self.vacuum()


_FEED_COUNTS = "json_extract(data, '$.upvotes') AS upvotes, json_extract(data, '$.num_comments') AS num_comments"
"""The two numbers a feed line shows, taken out of the JSON by SQLite (parsing every blob in
Python made the first screenful of the library take 10 ms instead of 1)."""


def _feed_row(row: sqlite3.Row) -> FeedRow:
    authors = row["authors"]
    first = authors.split(" ; ", 1)[0] if authors else ""
    shown = row["title_tex"]  # "" when the converted title is the title itself; NULL: never converted
    return FeedRow(
        id=row["id"],
        title=row["title"],
        first_author=first,
        day=row["day"] or "",
        upvotes=int(row["upvotes"] or 0),
        num_comments=int(row["num_comments"] or 0),
        has_code=bool(row["has_code"]),
        authors=", ".join(authors.split(" ; ")) if authors else "",
        title_shown=None if shown is None else shown or row["title"],
    )
