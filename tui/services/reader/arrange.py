"""Re-ordering and narrowing the view on screen: sort cycle (``s``), quick filter (``f``), reset (``z``).

No Textual import. Every view gets the same arrangement: a listing's papers
through :meth:`Arrangement.apply`; rows already in memory (lists, For you,
references) through :func:`arrange_rows`; rows paged out of SQLite (the library,
search results) through :func:`arranged_ids`, one query in a worker thread that
reads a few columns per paper, never the papers themselves. The status line
shows :meth:`Arrangement.describe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from tui.models import Paper
from tui.services.reader.rows import IndexedRows, RowSource
from tui.services.sanitize import clean_line
from tui.services.storage.store import CacheStore

SORTS: tuple[str, ...] = ("hub", "upvotes", "comments", "stars", "newest")
"""The sort cycle; ``hub`` is Hugging Face's own order (the listing as it came)."""
SORT_LABELS = {
    "hub": "Hugging Face's order",
    "upvotes": "▲ upvotes",
    "comments": "✉ comments",
    "stars": "GitHub ★ stars",
    "newest": "newest first",
}
FILTER_HELP = "code · org:NAME · any word (title, authors, keywords) · empty clears"


class SortFields(NamedTuple):
    """What the sorts and filters read of one paper (from a Paper, or a few SQLite columns)."""

    upvotes: int
    comments: int
    stars: int
    newest: str
    """The arXiv date (else the Daily Papers date) as ISO text: ISO text sorts as time does."""
    has_code: bool
    organization: str
    words: str
    """Title, authors, keywords and organization (what a word filter looks in)."""

    @classmethod
    def of(cls, paper: Paper) -> SortFields:
        stamp = paper.published_at or paper.submitted_at
        return cls(
            paper.upvotes, paper.num_comments, paper.github_stars or 0, stamp.isoformat() if stamp else "",
            paper.code_url is not None, paper.organization or "",
            " ".join([paper.title, *paper.author_names, *paper.ai_keywords, paper.organization or ""]),
        )


class QuickFilter(NamedTuple):
    """``code`` (has code), ``org`` (an organization) or ``word`` (in title, authors, keywords)."""

    kind: str
    value: str = ""

    @property
    def label(self) -> str:
        if self.kind == "code":
            return "has code"
        if self.kind == "org":
            return f"org {self.value}"
        return f"“{self.value}”"

    def keeps(self, paper: Paper) -> bool:
        return self.keeps_fields(SortFields.of(paper))

    def keeps_fields(self, fields: SortFields) -> bool:
        if self.kind == "code":
            return fields.has_code
        wanted = self.value.casefold()
        if self.kind == "org":
            return wanted in clean_line(fields.organization).casefold()
        return wanted in clean_line(fields.words).casefold()


def parse_filter(text: str) -> QuickFilter | None:
    """``code`` / ``has code``, ``org:NAME`` (or ``org NAME``), else a word; None for empty text."""
    value = " ".join(text.split())
    if not value:
        return None
    lowered = value.casefold()
    if lowered in ("code", "has code", "has:code", "with code"):
        return QuickFilter("code")
    for prefix in ("org:", "org ", "organization:"):
        if lowered.startswith(prefix) and value[len(prefix):].strip():
            return QuickFilter("org", value[len(prefix):].strip())
    return QuickFilter("word", value)


class Arrangement(NamedTuple):
    """The order and the filter applied to the view on screen."""

    sort: str = "hub"
    filter: QuickFilter | None = None

    @property
    def active(self) -> bool:
        return self.sort != "hub" or self.filter is not None

    def next_sort(self) -> Arrangement:
        return self._replace(sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def filtered(self, quick: QuickFilter | None) -> Arrangement:
        return self._replace(filter=quick)

    def apply(self, papers: Sequence[Paper]) -> list[Paper]:
        """*papers* narrowed by the filter, then ordered (stable: ties keep the Hub's order)."""
        if not self.active:
            return list(papers)  # the Hub's order, unfiltered: no fields to compute (a month: ~1,000 papers)
        return [papers[i] for i in self.order(SortFields.of(p) for p in papers)]

    def order(self, fields: Iterable[SortFields]) -> list[int]:
        """The positions of the rows kept, in the new order (stable: ties keep the view's order)."""
        kept = [(i, f) for i, f in enumerate(fields) if self.filter is None or self.filter.keeps_fields(f)]
        if self.sort == "upvotes":
            kept.sort(key=lambda pair: -pair[1].upvotes)
        elif self.sort == "comments":
            kept.sort(key=lambda pair: -pair[1].comments)
        elif self.sort == "stars":
            kept.sort(key=lambda pair: -pair[1].stars)
        elif self.sort == "newest":
            kept.sort(key=lambda pair: pair[1].newest, reverse=True)
        return [i for i, _ in kept]

    def describe(self) -> str:
        """``sorted by ▲ upvotes · filter has code · z resets`` ("" when nothing is applied)."""
        parts = []
        if self.sort != "hub":
            parts.append(f"sorted by {SORT_LABELS[self.sort]}")
        if self.filter is not None:
            parts.append(f"filter {self.filter.label}")
        return " · ".join(parts) + " · z resets" if parts else ""


class ArrangedRows(IndexedRows):
    """Another row source, re-ordered and narrowed: a :class:`~tui.services.reader.rows.RowSource`."""

    def __init__(self, inner: RowSource, index: Sequence[int], *, total: int | None = None) -> None:
        super().__init__(inner, index)
        self.total = len(inner) if total is None else total
        """How many rows the view had before the filter."""


def arrange_rows(source: RowSource, arrangement: Arrangement) -> ArrangedRows:
    """*source* (rows already in memory) arranged; the papers are read from the source itself."""
    fields = []
    for index in range(len(source)):
        paper, row = source.paper(index), source.row(index)
        # The counts as the row shows them (a references feed shows citations in the ▲ column).
        base = SortFields.of(paper) if paper is not None else SortFields(0, 0, 0, "", False, "", row.title)
        fields.append(base._replace(upvotes=row.upvotes, comments=row.num_comments, has_code=row.has_code))
    return ArrangedRows(source, arrangement.order(fields))


def arranged_ids(store: CacheStore, ids: Sequence[str] | None, arrangement: Arrangement) -> list[str]:
    """Cached papers *ids* (None: the whole library, in its order) arranged; run it in a thread.

    Reads a few columns per paper in SQLite (:func:`~tui.services.storage.store_queries.sort_fields`).
    """
    from tui.services.storage.store_queries import sort_fields

    found = sort_fields(store, ids, words=arrangement.filter is not None and arrangement.filter.kind == "word")
    rows = [(paper_id, SortFields(*values)) for paper_id, values in found]
    order = arrangement.order(f for _, f in rows)
    return [rows[i][0] for i in order]
