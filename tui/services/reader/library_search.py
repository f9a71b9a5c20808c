"""``note:WORD`` and ``tag:NAME`` in a search: filters over the user's own library.

They are taken out of the query before it reaches the cache's full-text
search (:mod:`tui.services.reader.search`); what remains is searched as usual and
the results are narrowed to papers whose note holds every ``note:`` word and
that carry every ``tag:``. A query of only these filters lists the matching
library papers, cached or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.services.storage.reading_lists import ReadingLists

_FILTER = re.compile(r'(?<!\S)(-?)(note|notes|tag|tags|list):("([^"]*)"|\S*)', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LibraryFilter:
    rest: str
    """The query without the library filters (may be empty)."""
    note_words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    without_tags: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    """``list:"to read"``: the view of a reading list is this search."""

    @property
    def active(self) -> bool:
        return bool(self.note_words or self.tags or self.without_tags or self.lists)


def split_filters(text: str) -> LibraryFilter:
    notes: list[str] = []
    tags: list[str] = []
    without: list[str] = []
    lists: list[str] = []
    for match in _FILTER.finditer(text):
        value = (match.group(4) if match.group(4) is not None else match.group(3)).strip()
        if not value:
            continue
        if match.group(2).lower().startswith("note"):
            notes += value.split()
        elif match.group(2).lower() == "list":
            lists.append(value)
        elif match.group(1):
            without.append(value.lstrip("#"))
        else:
            tags.append(value.lstrip("#"))
    rest = " ".join(_FILTER.sub(" ", text).split())
    return LibraryFilter(rest, tuple(notes), tuple(tags), tuple(without), tuple(lists))


def matching_ids(lists: ReadingLists, wanted: LibraryFilter) -> set[str] | None:
    """Ids passing the note/tag filters, or None when there are none (everything passes)."""
    if not wanted.note_words and not wanted.tags and not wanted.lists:
        return None
    found: set[str] | None = None
    for name in wanted.lists:
        stored = lists.list_name(name)
        ids = set(lists.list_ids(stored)) if stored else set()
        found = ids if found is None else found & ids
    if wanted.note_words:
        notes = lists.notes_matching(wanted.note_words)
        found = notes if found is None else found & notes
    for tag in wanted.tags:
        ids = lists.tagged_ids(tag)
        found = ids if found is None else found & ids
    return found or set()


def ordered_ids(lists: ReadingLists, wanted: LibraryFilter, keep: set[str]) -> list[str]:
    """*keep* in a stable order: a list's own order, else newest note/tag first."""
    if wanted.lists:
        stored = lists.list_name(wanted.lists[0])
        order = lists.list_ids(stored) if stored else []
        return [i for i in order if i in keep]
    return sorted(keep)


def list_query(name: str) -> str:
    """The search that shows reading list *name*."""
    return 'list:"' + name.replace('"', "") + '"'


def tag_query(name: str) -> str:
    return "tag:" + name


def excluded_ids(lists: ReadingLists, wanted: LibraryFilter) -> set[str]:
    excluded: set[str] = set()
    for tag in wanted.without_tags:
        excluded |= lists.tagged_ids(tag)
    return excluded
