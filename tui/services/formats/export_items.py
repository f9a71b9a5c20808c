"""What an export holds: papers chosen by list, tag, selection or the whole library, with notes,
tags and arXiv primary categories (fetched in batches, politely, and remembered)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Protocol

from tui.models import Paper
from tui.services.errors import ServiceError
from tui.services.formats.exports import ExportItem
from tui.services.storage.library import UserLibrary


class CategorySource(Protocol):
    """:class:`~tui.services.net.arxiv_api.ArxivClient`: batches of 100 ids, 3 s apart."""

    async def primary_categories(self, ids: list[str]) -> dict[str, str]: ...


class NoSuchSelection(LookupError):
    """A list or tag that does not exist (the message says which, and what does)."""


def library_papers(library: UserLibrary) -> list[Paper]:
    """Every paper the user keeps: bookmarks, then those in lists, tags, notes and PDFs."""
    seen: dict[str, Paper] = {}
    for paper, _ in reversed(library.bookmarks()):
        seen.setdefault(paper.id, paper)
    rows = library.db.connection.execute("SELECT paper_id FROM papers ORDER BY saved_at, rowid").fetchall()
    for paper in library.reading_lists.papers(r[0] for r in rows):
        seen.setdefault(paper.id, paper)
    return list(seen.values())


def select(library: UserLibrary, *, list_name: str | None = None, tag: str | None = None) -> list[Paper]:
    """The papers of a list, of a tag, or (neither given) of the whole library.

    Raises:
        NoSuchSelection: the list or tag does not exist.
    """
    shelf = library.reading_lists
    if list_name is not None:
        stored = shelf.list_name(list_name)
        if stored is None:
            names = ", ".join(repr(name) for name, _ in shelf.lists()) or "none yet"
            raise NoSuchSelection(f"there is no list {list_name!r} (lists: {names})")
        return shelf.list_papers(stored)
    if tag is not None:
        papers = shelf.tagged(tag)
        if not papers:
            tags = ", ".join(name for name, _ in shelf.all_tags()[:20]) or "none yet"
            raise NoSuchSelection(f"no paper is tagged {tag!r} (tags: {tags})")
        return papers
    return library_papers(library)


def export_items(library: UserLibrary, papers: Iterable[Paper], categories: dict[str, str] | None = None) -> list[ExportItem]:
    """*papers* with the user's note, tags, lists, PDF path and known category."""
    shelf = library.reading_lists
    items = []
    for paper in papers:
        note = shelf.note(paper.id)
        pdf = shelf.pdf_path(paper.id)
        items.append(
            ExportItem(
                paper=paper,
                note=note.body if note else "",
                tags=tuple(shelf.tags_of(paper.id)),
                category=(categories or {}).get(paper.id),
                pdf=str(pdf) if pdf else None,
                lists=tuple(shelf.lists_of(paper.id)),
            )
        )
    return items


async def primary_categories(
    library: UserLibrary, papers: Iterable[Paper], source: CategorySource | None
) -> tuple[dict[str, str], str | None]:
    """arXiv primary categories for *papers*: remembered ones, then *source* for the rest.

    Returns:
        ``{id: "cs.CL"}`` and a one-line problem (offline, arXiv failed) or None.
        Categories are written without ``primaryClass`` when unknown; nothing fails.
    """
    ids = [paper.id for paper in papers if paper.has_arxiv_id]
    known = library.reading_lists.categories(ids)
    missing = [i for i in ids if i not in known]
    problem = None
    if missing and source is not None:
        try:
            found = await source.primary_categories(missing)
        except ServiceError as error:
            problem = f"arXiv categories unavailable ({error}); primaryClass left out for {len(missing)}"
        else:
            known.update({i: found.get(i, "") for i in missing})
            try:
                library.reading_lists.save_categories({i: found.get(i, "") for i in missing})
            except (sqlite3.Error, OSError):
                pass  # remembering is a bonus: this export has them
    elif missing:
        problem = f"offline: primaryClass left out for {len(missing)} paper{'s' if len(missing) != 1 else ''}"
    return {i: c for i, c in known.items() if c}, problem
