"""A full backup of the user library as one JSON file, and its restore.

``papers-tui library export --all -o backup.json`` writes bookmarks, read
state, notes, tags, lists, PDF records (paths, not the files), paper snapshots
and remembered arXiv categories. ``papers-tui library import backup.json``
merges it into the library in one transaction: nothing already there is
removed, and where a note differs both texts are kept.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from tui.models import Paper, utcnow
from tui.services.storage.library import UserLibrary
from tui.services.storage.reading_lists import CONFLICT_MARK

FORMAT = "papers-tui-library"
VERSION = 1

_TABLES: dict[str, tuple[str, ...]] = {
    "bookmarks": ("paper_id", "added_at", "paper"),
    "read_state": ("paper_id", "read_at"),
    "visits": ("view_key", "visited_at"),
    "papers": ("paper_id", "paper", "saved_at"),
    "notes": ("paper_id", "body", "updated_at", "revision"),
    "tags": ("paper_id", "tag", "added_at"),
    "pdfs": ("paper_id", "path", "size", "downloaded_at"),
    "arxiv_categories": ("paper_id", "category", "fetched_at"),
}


class BadBackup(ValueError):
    """Not a papers-tui backup, or one from a newer version."""


@dataclass
class Restored:
    counts: dict[str, int]
    merged_notes: int


def export_all(library: UserLibrary) -> dict[str, Any]:
    conn = library.db.connection
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat()}
    for table, columns in _TABLES.items():
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        for record in records:
            if "paper" in record:
                record["paper"] = json.loads(record["paper"])
        data[table] = records
    lists = []
    for list_id, name, created in conn.execute("SELECT list_id, name, created_at FROM lists ORDER BY created_at"):
        items = conn.execute(
            "SELECT paper_id, added_at FROM list_items WHERE list_id = ? ORDER BY added_at, rowid", (list_id,)
        ).fetchall()
        lists.append({"name": name, "created_at": created, "items": [{"paper_id": i, "added_at": a} for i, a in items]})
    data["lists"] = lists
    return data


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _check(data: object) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadBackup("not a papers-tui library backup (made by: papers-tui library export --all)")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BadBackup(f"backup version {version!r} is newer than this papers-tui reads ({VERSION}); upgrade")
    return data


def import_all(library: UserLibrary, data: object) -> Restored:
    """Merge backup *data* into *library* (one transaction: all or nothing).

    Raises:
        BadBackup: not a backup, or a malformed one (nothing is changed).
    """
    backup = _check(data)
    counts: dict[str, int] = {}
    merged = 0
    try:
        with library.db.transaction() as tx:
            for table, columns in _TABLES.items():
                records = backup.get(table) or []
                if not isinstance(records, list):
                    raise BadBackup(f"backup field {table!r} is not a list")
                added = 0
                for record in records:
                    values = _values(record, columns, table)
                    if table == "notes":
                        outcome = _merge_note(tx, values)
                        merged += outcome == "merged"
                        added += outcome != "same"
                        continue
                    added += tx.execute(
                        f"INSERT OR IGNORE INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        values,
                    ).rowcount
                counts[table] = added
            counts["lists"] = _restore_lists(tx, backup.get("lists") or [])
    except (sqlite3.IntegrityError, TypeError, ValueError, KeyError) as error:
        if isinstance(error, BadBackup):
            raise
        raise BadBackup(f"malformed backup: {error}") from error
    return Restored(counts, merged)


def _values(record: object, columns: tuple[str, ...], table: str) -> tuple[Any, ...]:
    if not isinstance(record, dict):
        raise BadBackup(f"an entry of {table!r} is not an object")
    values = []
    for column in columns:
        value = record.get(column)
        if column == "paper":
            if not isinstance(value, dict):
                raise BadBackup(f"an entry of {table!r} has no paper")
            value = json.dumps(Paper.from_dict(value).to_dict(), ensure_ascii=False)  # validates it
        if value is None:
            raise BadBackup(f"an entry of {table!r} has no {column!r}")
        values.append(value)
    return tuple(values)


def _merge_note(tx: sqlite3.Connection, values: tuple[Any, ...]) -> str:
    paper_id, body, _updated_at, revision = values
    row = tx.execute("SELECT body, revision FROM notes WHERE paper_id = ?", (paper_id,)).fetchone()
    if row is None:
        tx.execute("INSERT INTO notes(paper_id, body, updated_at, revision) VALUES (?, ?, ?, ?)", values)
        return "added"
    if row[0].strip() == str(body).strip():
        return "same"
    mark = CONFLICT_MARK.format(when="from a backup")
    tx.execute(
        "UPDATE notes SET body = ?, revision = ? WHERE paper_id = ?",
        (f"{row[0].rstrip()}\n\n{mark}\n{body}", max(row[1], int(revision)) + 1, paper_id),
    )
    return "merged"


def _restore_lists(tx: sqlite3.Connection, lists: object) -> int:
    if not isinstance(lists, list):
        raise BadBackup("backup field 'lists' is not a list")
    added = 0
    for entry in lists:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise BadBackup("a list in the backup has no name")
        tx.execute(
            "INSERT OR IGNORE INTO lists(name, created_at) VALUES (?, ?)",
            (entry["name"], float(entry.get("created_at") or 0)),
        )
        list_id = tx.execute("SELECT list_id FROM lists WHERE name = ?", (entry["name"],)).fetchone()[0]
        for item in entry.get("items") or []:
            added += tx.execute(
                "INSERT OR IGNORE INTO list_items(list_id, paper_id, added_at) VALUES (?, ?, ?)",
                (list_id, str(item["paper_id"]), float(item["added_at"])),
            ).rowcount
    return added
