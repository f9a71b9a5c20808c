"""Named reading lists and per-paper notes (library schema V2) as a :class:`ReadingListStore`.

The library's ``reading_lists`` part (issue #13, ``services/storage/reading_lists.py``) keeps lists by name and one
Markdown note per paper; bookmarks stay in the bookmarks table. A note is
the paper's, so the same note goes to every collection the paper is synced to.
Notes that list sync kept in ``list-notes.json`` before the library had notes
are read as a fallback, so nothing kept there is lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.models import Paper
from tui.services.lists.local import BOOKMARKS, BookmarksStore, ListStoreError, canonical_list_name
from tui.services.storage.library import UserLibrary


def has_named_lists(library: UserLibrary) -> bool:
    """True when the library has named lists and notes (schema V2)."""
    return getattr(library, "reading_lists", None) is not None


class LibraryListsStore:
    """Bookmarks plus every named list; notes from the library's notes table."""

    def __init__(self, library: UserLibrary, data_dir: Path) -> None:
        self.library = library
        self.parts: Any = getattr(library, "reading_lists", None)
        if self.parts is None:
            raise ListStoreError("this library has no named lists (schema V2) yet")
        self._older = BookmarksStore(library, data_dir)

    def list_names(self) -> list[str]:
        return [BOOKMARKS, *(name for name, _count in self.parts.lists())]

    def has_list(self, name: str) -> bool:
        return name == BOOKMARKS or self.parts.list_name(name) is not None

    def resolve(self, name: str) -> str | None:
        if canonical_list_name(name) == BOOKMARKS:
            return BOOKMARKS
        stored = self.parts.list_name(name)
        return str(stored) if stored is not None else None

    def _stored(self, name: str) -> str:
        if name == BOOKMARKS:
            return name
        stored = self.parts.list_name(name)
        if stored is None:
            raise ListStoreError(f"no reading list named {name!r}")
        return str(stored)

    def _writable(self) -> None:
        if not self.library.persistent:
            raise ListStoreError(f"cannot change the library: {self.library.notice or 'it is read-only'}")

    def _note(self, paper_id: str, older: dict[str, str]) -> str:
        note = self.parts.note(paper_id)
        return str(note.body).rstrip("\n") if note is not None else older.get(paper_id, "")

    def members(self, name: str) -> dict[str, str]:
        stored = self._stored(name)
        ids = self.library.bookmarked_ids() if stored == BOOKMARKS else set(self.parts.list_ids(stored))
        older = self._older._notes()
        return {paper_id: self._note(paper_id, older) for paper_id in ids}

    def add(self, name: str, paper: Paper, note: str = "") -> None:
        self._writable()
        stored = self._stored(name)
        if stored == BOOKMARKS:
            self.library.add_bookmark(paper)
        else:
            self.parts.add_to_list(stored, [paper])
        if note:
            self._save_note(paper, note)

    def remove(self, name: str, paper_id: str) -> None:
        """Take the paper off the list; its note stays with the paper."""
        self._writable()
        stored = self._stored(name)
        if stored == BOOKMARKS:
            self.library.remove_bookmark(paper_id)
        else:
            self.parts.remove_from_list(stored, [paper_id])

    def set_note(self, name: str, paper_id: str, note: str) -> None:
        self._writable()
        self._stored(name)
        paper = self.parts.paper(paper_id) or next(
            (p for p, _ in self.library.bookmarks() if p.id == paper_id), None
        ) or Paper(id=paper_id, title=paper_id)
        self._save_note(paper, note)

    def _save_note(self, paper: Paper, note: str) -> None:
        current = self.parts.note(paper.id)
        try:
            self.parts.save_note(paper, note, base_revision=current.revision if current else None)
        except ValueError as error:  # NoteTooLong
            raise ListStoreError(str(error)) from None
