"""The local side of list sync: a narrow reading-list protocol and its adapters (no Textual).

The sync engine only needs a list's members with their notes, and to add,
remove and re-note a member. :class:`ReadingListStore` is that much and no
more, so the engine does not care how lists are stored. Today the library
has one list, the bookmarks (``services/storage/library.py``), and no notes, so
:class:`BookmarksStore` keeps the notes that come with a synced list in a
small file of its own (``list-notes.json`` in the user data dir) until the
library grows notes of its own; then only the adapter changes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from tui.models import Paper
from tui.services.storage.library import UserLibrary

BOOKMARKS = "bookmarks"
NOTES_FILE = "list-notes.json"
MAX_LOCAL_NOTE = 100_000
"""A local note is kept whole up to this size (only the copy sent to Hugging Face is cut)."""


class ListStoreError(Exception):
    """The list does not exist, or cannot be changed (read-only library)."""


class ReadingListStore(Protocol):
    """What list sync needs from the local library."""

    def list_names(self) -> list[str]:
        """The lists that can be linked, bookmarks first."""
        ...

    def has_list(self, name: str) -> bool: ...

    def resolve(self, name: str) -> str | None:
        """The stored spelling of list *name* (``bookmarks`` for its aliases), None when there is none."""
        ...

    def members(self, name: str) -> dict[str, str]:
        """Paper id -> note ("" when none) for every paper in list *name*."""
        ...

    def add(self, name: str, paper: Paper, note: str = "") -> None: ...

    def remove(self, name: str, paper_id: str) -> None: ...

    def set_note(self, name: str, paper_id: str, note: str) -> None: ...


def canonical_list_name(name: str) -> str:
    """``Bookmarks``/``bookmark``/``B`` all mean the bookmarks; other names are kept as typed."""
    folded = name.strip().casefold()
    return BOOKMARKS if folded in ("bookmarks", "bookmark", "b") else name.strip()


def write_json_atomic(path: Path, data: Any, *, mode: int = 0o600) -> None:
    """Write *data* as JSON through a temporary file (a crash leaves the old file whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in *path*; None when missing.

    Raises:
        ListStoreError: the file exists but is not a JSON object (it is left alone).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ListStoreError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ListStoreError(f"{path} is damaged (not JSON); left as it is, move it aside to start over") from None
    if not isinstance(data, dict):
        raise ListStoreError(f"{path} is damaged (not a JSON object); left as it is")
    return data


@contextmanager
def file_lock(path: Path, *, wait: bool = False) -> Iterator[None]:
    """An exclusive advisory lock on *path* (created), so two papers-tui processes take turns.

    Raises:
        ListStoreError: *wait* is False and another process holds it.
    """
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise ListStoreError("another papers-tui is syncing right now; try again in a moment") from None
        yield
    finally:
        os.close(fd)


class BookmarksStore:
    """The bookmarks as a :class:`ReadingListStore` (notes in ``list-notes.json``)."""

    def __init__(self, library: UserLibrary, data_dir: Path) -> None:
        self.library = library
        self.notes_path = data_dir / NOTES_FILE
        self._lock_path = data_dir / f".{NOTES_FILE}.lock"

    def list_names(self) -> list[str]:
        return [BOOKMARKS]

    def has_list(self, name: str) -> bool:
        return name == BOOKMARKS

    def resolve(self, name: str) -> str | None:
        return BOOKMARKS if canonical_list_name(name) == BOOKMARKS else None

    def _check(self, name: str, *, writing: bool = False) -> None:
        if name != BOOKMARKS:
            raise ListStoreError(f"no reading list named {name!r} (only bookmarks can be synced in this version)")
        if writing and not self.library.persistent:
            raise ListStoreError(f"cannot change bookmarks: {self.library.notice or 'the library is read-only'}")

    def _notes(self) -> dict[str, str]:
        data = read_json(self.notes_path) or {}
        notes = data.get(BOOKMARKS)
        if not isinstance(notes, dict):
            return {}
        return {str(k): v for k, v in notes.items() if isinstance(v, str)}

    def _change_notes(self, paper_id: str, note: str | None) -> None:
        with file_lock(self._lock_path, wait=True):
            data = read_json(self.notes_path) or {"version": 1}
            notes = data.get(BOOKMARKS) if isinstance(data.get(BOOKMARKS), dict) else {}
            assert isinstance(notes, dict)
            if note:
                notes[paper_id] = note[:MAX_LOCAL_NOTE]
            else:
                notes.pop(paper_id, None)
            data[BOOKMARKS] = notes
            write_json_atomic(self.notes_path, data)

    def members(self, name: str) -> dict[str, str]:
        self._check(name)
        notes = self._notes()
        return {paper_id: notes.get(paper_id, "") for paper_id in self.library.bookmarked_ids()}

    def note(self, name: str, paper_id: str) -> str:
        self._check(name)
        return self._notes().get(paper_id, "")

    def add(self, name: str, paper: Paper, note: str = "") -> None:
        self._check(name, writing=True)
        self.library.add_bookmark(paper)
        self._change_notes(paper.id, note or None)

    def remove(self, name: str, paper_id: str) -> None:
        """Unbookmark; the note stays in the notes file (re-adding the paper brings it back)."""
        self._check(name, writing=True)
        self.library.remove_bookmark(paper_id)

    def set_note(self, name: str, paper_id: str, note: str) -> None:
        self._check(name, writing=True)
        self._change_notes(paper_id, note or None)
