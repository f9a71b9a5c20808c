"""Re-ordering and narrowing the view on screen: sort cycle (``s``), quick filter (``f``), reset (``z``).

No Textual import: the reader applies :meth:`Arrangement.apply` to a listing's
papers before drawing them and shows :meth:`Arrangement.describe` in the status line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from tui.models import Paper
from tui.services.sanitize import clean_line

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

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class QuickFilter:
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
        if self.kind == "code":
            return paper.code_url is not None
        wanted = self.value.casefold()
        if self.kind == "org":
            return wanted in clean_line(paper.organization or "").casefold()
        haystack = " ".join([paper.title, *paper.author_names, *paper.ai_keywords, paper.organization or ""])
        return wanted in clean_line(haystack).casefold()


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


@dataclass(frozen=True, slots=True)
class Arrangement:
    """The order and the filter applied to the view on screen."""

    sort: str = "hub"
    filter: QuickFilter | None = None

    @property
    def active(self) -> bool:
        return self.sort != "hub" or self.filter is not None

    def next_sort(self) -> Arrangement:
        return replace(self, sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    def filtered(self, quick: QuickFilter | None) -> Arrangement:
        return replace(self, filter=quick)

    def apply(self, papers: Sequence[Paper]) -> list[Paper]:
        """*papers* narrowed by the filter, then ordered (stable: ties keep the Hub's order)."""
        kept = [p for p in papers if self.filter is None or self.filter.keeps(p)]
        if self.sort == "upvotes":
            kept.sort(key=lambda p: -p.upvotes)
        elif self.sort == "comments":
            kept.sort(key=lambda p: -p.num_comments)
        elif self.sort == "stars":
            kept.sort(key=lambda p: -(p.github_stars or 0))
        elif self.sort == "newest":
            kept.sort(key=lambda p: p.published_at or p.submitted_at or _EPOCH, reverse=True)
        return kept

    def describe(self) -> str:
        """``sorted by ▲ upvotes · filter has code · z resets`` ("" when nothing is applied)."""
        parts = []
        if self.sort != "hub":
            parts.append(f"sorted by {SORT_LABELS[self.sort]}")
        if self.filter is not None:
            parts.append(f"filter {self.filter.label}")
        return " · ".join(parts) + " · z resets" if parts else ""
