"""The user's notes, tags, reading lists and downloaded PDFs (library schema V2).

Everything lives in ``library.sqlite3`` next to the bookmarks: the user data
dir, never touched by ``cache clear``. Each change is one SQLite transaction
(atomic, and safe with two papers-tui processes open on the same file).
A snapshot of every paper referred to is kept, so a list still exports after
the cache is cleared.

Names typed by users (tags, list names) pass :func:`clean_name`: control
characters and escape sequences are refused with a clear message, never stored.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui.models import Paper, utcnow
from tui.services.sanitize import clean_block
from tui.services.storage.sqlite_util import Database

MAX_NAME = 64
MAX_NOTE = 1_000_000
"""Characters in one note (a long Markdown file; larger is refused, nothing is cut)."""

CONFLICT_MARK = "<!-- papers-tui: kept from another window, saved {when} -->"


class InvalidName(ValueError):
    """A tag or list name that cannot be stored (the message says why)."""


class NoteTooLong(ValueError):
    """A note over :data:`MAX_NOTE` characters."""


@dataclass(frozen=True, slots=True)
class Note:
    paper_id: str
    body: str
    updated_at: datetime
    revision: int


@dataclass(frozen=True, slots=True)
class NoteSaved:
    note: Note | None
    """The stored note (None when an empty text deleted it)."""
    merged: bool
    """Another window changed the note meanwhile: both texts were kept."""


def clean_name(raw: str, *, what: str = "tag") -> str:
    """*raw* as a tag (no whitespace) or list name; raises :class:`InvalidName` with the reason."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in raw if ch not in " \t"):
        raise InvalidName(f"a {what} name cannot contain control characters or escape sequences")
    name = " ".join(raw.split())
    if what == "tag":
        name = name.lstrip("#")
        if " " in name or "," in name:
            raise InvalidName("a tag is one word (use - or _ instead of spaces or commas)")
    if not name:
        raise InvalidName(f"a {what} name cannot be empty")
    if len(name) > MAX_NAME:
        raise InvalidName(f"a {what} name has at most {MAX_NAME} characters")
    return name


def _stamp(value: float) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)


def _paper_json(paper: Paper) -> str:
    return json.dumps(paper.to_dict(), ensure_ascii=False)


def _load(raw: str) -> Paper | None:
    try:
        return Paper.from_dict(json.loads(raw))
    except (ValueError, KeyError, TypeError):
        return None


class ReadingLists:
    """Notes, tags, lists, PDF records and arXiv categories in one library :class:`Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def _conn(self) -> sqlite3.Connection:
        return self.db.connection

    # -- paper snapshots ------------------------------------------------------------

    @staticmethod
    def _keep(tx: sqlite3.Connection, papers: Iterable[Paper]) -> None:
        now = utcnow().timestamp()
        tx.executemany(
            "INSERT INTO papers(paper_id, paper, saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT(paper_id) DO UPDATE SET paper = excluded.paper, saved_at = excluded.saved_at",
            [(p.id, _paper_json(p), now) for p in papers],
        )

    def paper(self, paper_id: str) -> Paper | None:
        row = self._conn.execute("SELECT paper FROM papers WHERE paper_id = ?", (paper_id,)).fetchone()
        return _load(row[0]) if row else None

    def papers(self, ids: Iterable[str]) -> list[Paper]:
        """Snapshots for *ids*, in that order (unknown ids skipped)."""
        found = []
        for paper_id in ids:
            paper = self.paper(paper_id)
            if paper is not None:
                found.append(paper)
        return found

    def refresh_snapshots(self, papers: Iterable[Paper]) -> None:
        """Store fresher copies of papers already kept."""
        known = {r[0] for r in self._conn.execute("SELECT paper_id FROM papers")}
        fresh = [p for p in papers if p.id in known]
        if fresh:
            with self.db.transaction() as tx:
                self._keep(tx, fresh)

    # -- notes ----------------------------------------------------------------------

    def note(self, paper_id: str) -> Note | None:
        row = self._conn.execute(
            "SELECT body, updated_at, revision FROM notes WHERE paper_id = ?", (paper_id,)
        ).fetchone()
        return Note(paper_id, row[0], _stamp(row[1]), row[2]) if row else None

    def note_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT paper_id FROM notes")}

    def save_note(self, paper: Paper, body: str, *, base_revision: int | None) -> NoteSaved:
        """Store *body* as the note of *paper* (an empty text deletes it).

        Args:
            base_revision: The revision the user started editing (None: there was no note).
                When another window saved meanwhile, its text is kept below ours.

        Raises:
            NoteTooLong: over :data:`MAX_NOTE` characters (nothing is stored).
        """
        body = clean_block(body).rstrip() + "\n" if body.strip() else ""
        if len(body) > MAX_NOTE:
            raise NoteTooLong(f"the note has {len(body):,} characters; at most {MAX_NOTE:,} are kept")
        now = utcnow()
        with self.db.transaction() as tx:
            row = tx.execute("SELECT body, revision FROM notes WHERE paper_id = ?", (paper.id,)).fetchone()
            current_revision = row[1] if row else None
            merged = False
            if row and current_revision != base_revision and row[0].strip() != body.strip():
                merged = True
                mark = CONFLICT_MARK.format(when=now.astimezone().strftime("%Y-%m-%d %H:%M"))
                body = f"{body.rstrip()}\n\n{mark}\n{row[0]}" if body else row[0]
            if not body:
                tx.execute("DELETE FROM notes WHERE paper_id = ?", (paper.id,))
                return NoteSaved(None, merged)
            revision = (current_revision or 0) + 1
            tx.execute(
                "INSERT OR REPLACE INTO notes(paper_id, body, updated_at, revision) VALUES (?, ?, ?, ?)",
                (paper.id, body, now.timestamp(), revision),
            )
            self._keep(tx, [paper])
        return NoteSaved(Note(paper.id, body, now, revision), merged)

    def notes_matching(self, words: Iterable[str]) -> set[str]:
        """Ids of papers whose note contains every word (case-insensitive)."""
        wanted = [w.lower() for w in words if w]
        rows = self._conn.execute("SELECT paper_id, body FROM notes").fetchall()
        return {r[0] for r in rows if all(w in r[1].lower() for w in wanted)}

    # -- tags -----------------------------------------------------------------------

    def tags_of(self, paper_id: str) -> list[str]:
        rows = self._conn.execute("SELECT tag FROM tags WHERE paper_id = ? ORDER BY tag COLLATE NOCASE", (paper_id,))
        return [r[0] for r in rows]

    def tags_by_paper(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for paper_id, tag in self._conn.execute("SELECT paper_id, tag FROM tags ORDER BY tag COLLATE NOCASE"):
            result.setdefault(paper_id, []).append(tag)
        return result

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag with its number of papers, most used first."""
        rows = self._conn.execute(
            "SELECT tag, count(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag COLLATE NOCASE"
        )
        return [(r[0], r[1]) for r in rows]

    def add_tag(self, papers: Iterable[Paper], tag: str) -> int:
        """Tag every paper; returns how many were not tagged yet. Raises :class:`InvalidName`."""
        name = clean_name(tag)
        items = list(papers)
        now = utcnow().timestamp()
        with self.db.transaction() as tx:
            # Reuse the spelling already stored ("BERT" stays "BERT" when "bert" is typed).
            row = tx.execute("SELECT tag FROM tags WHERE tag = ? LIMIT 1", (name,)).fetchone()
            name = row[0] if row else name
            added = 0
            for paper in items:
                added += tx.execute(
                    "INSERT OR IGNORE INTO tags(paper_id, tag, added_at) VALUES (?, ?, ?)", (paper.id, name, now)
                ).rowcount
            self._keep(tx, items)
        return added

    def remove_tag(self, paper_ids: Iterable[str], tag: str) -> int:
        with self.db.transaction() as tx:
            return sum(
                tx.execute("DELETE FROM tags WHERE paper_id = ? AND tag = ?", (i, tag.strip())).rowcount
                for i in paper_ids
            )

    def tagged(self, tag: str) -> list[Paper]:
        rows = self._conn.execute("SELECT paper_id FROM tags WHERE tag = ? ORDER BY added_at DESC", (tag.strip(),))
        return self.papers(r[0] for r in rows)

    def tagged_ids(self, tag: str) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT paper_id FROM tags WHERE tag = ?", (tag.strip(),))}

    # -- reading lists --------------------------------------------------------------

    def lists(self) -> list[tuple[str, int]]:
        """Every list with its number of papers, in creation order."""
        rows = self._conn.execute(
            "SELECT l.name, count(i.paper_id) FROM lists l LEFT JOIN list_items i USING (list_id) "
            "GROUP BY l.list_id ORDER BY l.created_at, l.list_id"
        )
        return [(r[0], r[1]) for r in rows]

    def _list_id(self, tx: sqlite3.Connection, name: str, *, create: bool) -> int | None:
        row = tx.execute("SELECT list_id FROM lists WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        if not create:
            return None
        cursor = tx.execute("INSERT INTO lists(name, created_at) VALUES (?, ?)", (name, utcnow().timestamp()))
        return int(cursor.lastrowid or 0)

    def create_list(self, name: str) -> str:
        clean = clean_name(name, what="list")
        with self.db.transaction() as tx:
            self._list_id(tx, clean, create=True)
        return clean

    def list_name(self, name: str) -> str | None:
        """The stored spelling of list *name* (case-insensitive), or None."""
        row = self._conn.execute("SELECT name FROM lists WHERE name = ?", (" ".join(name.split()),)).fetchone()
        return str(row[0]) if row else None

    def rename_list(self, old: str, new: str) -> str:
        clean = clean_name(new, what="list")
        with self.db.transaction() as tx:
            list_id = self._list_id(tx, " ".join(old.split()), create=False)
            if list_id is None:
                raise InvalidName(f"there is no list {old!r}")
            clash = tx.execute("SELECT list_id FROM lists WHERE name = ?", (clean,)).fetchone()
            if clash and clash[0] != list_id:
                raise InvalidName(f"a list named {clean!r} already exists")
            tx.execute("UPDATE lists SET name = ? WHERE list_id = ?", (clean, list_id))
        return clean

    def delete_list(self, name: str) -> int:
        """Delete list *name*; returns how many papers it held (the papers themselves stay)."""
        with self.db.transaction() as tx:
            list_id = self._list_id(tx, " ".join(name.split()), create=False)
            if list_id is None:
                raise InvalidName(f"there is no list {name!r}")
            count = tx.execute("SELECT count(*) FROM list_items WHERE list_id = ?", (list_id,)).fetchone()[0]
            tx.execute("DELETE FROM lists WHERE list_id = ?", (list_id,))
        return int(count)

    def add_to_list(self, name: str, papers: Iterable[Paper]) -> int:
        """Add *papers* to list *name* (created when new); returns how many were new to it."""
        clean = clean_name(name, what="list")
        items = list(papers)
        now = utcnow().timestamp()
        with self.db.transaction() as tx:
            list_id = self._list_id(tx, clean, create=True)
            added = sum(
                tx.execute(
                    "INSERT OR IGNORE INTO list_items(list_id, paper_id, added_at) VALUES (?, ?, ?)",
                    (list_id, p.id, now),
                ).rowcount
                for p in items
            )
            self._keep(tx, items)
        return added

    def remove_from_list(self, name: str, paper_ids: Iterable[str]) -> int:
        with self.db.transaction() as tx:
            list_id = self._list_id(tx, " ".join(name.split()), create=False)
            if list_id is None:
                return 0
            return sum(
                tx.execute("DELETE FROM list_items WHERE list_id = ? AND paper_id = ?", (list_id, i)).rowcount
                for i in paper_ids
            )

    def list_ids(self, name: str) -> list[str]:
        """Paper ids in list *name*, oldest addition first (stable export order)."""
        rows = self._conn.execute(
            "SELECT i.paper_id FROM list_items i JOIN lists l USING (list_id) WHERE l.name = ? "
            "ORDER BY i.added_at, i.rowid",
            (" ".join(name.split()),),
        )
        return [r[0] for r in rows]

    def list_papers(self, name: str) -> list[Paper]:
        return self.papers(self.list_ids(name))

    def lists_of(self, paper_id: str) -> list[str]:
        rows = self._conn.execute(
            "SELECT l.name FROM lists l JOIN list_items i USING (list_id) WHERE i.paper_id = ? ORDER BY l.name",
            (paper_id,),
        )
        return [r[0] for r in rows]

    # -- PDFs -----------------------------------------------------------------------

    def record_pdf(self, paper: Paper, path: Path, size: int) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT OR REPLACE INTO pdfs(paper_id, path, size, downloaded_at) VALUES (?, ?, ?, ?)",
                (paper.id, str(path), size, utcnow().timestamp()),
            )
            self._keep(tx, [paper])

    def pdf_path(self, paper_id: str) -> Path | None:
        """The downloaded PDF of *paper_id*, when the file is still there."""
        row = self._conn.execute("SELECT path FROM pdfs WHERE paper_id = ?", (paper_id,)).fetchone()
        if row is None:
            return None
        path = Path(row[0])
        return path if path.is_file() else None

    def pdf_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT paper_id FROM pdfs")}

    # -- arXiv primary categories ---------------------------------------------------

    def categories(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT paper_id, category FROM arxiv_categories WHERE paper_id IN ({marks})", chunk
            )
            found.update({r[0]: r[1] for r in rows})
        return found

    def save_categories(self, categories: dict[str, str]) -> None:
        """Remember categories; an empty string records that arXiv does not know the id."""
        now = utcnow().timestamp()
        with self.db.transaction() as tx:
            tx.executemany(
                "INSERT OR REPLACE INTO arxiv_categories(paper_id, category, fetched_at) VALUES (?, ?, ?)",
                [(i, c, now) for i, c in categories.items()],
            )

