"""A references / citations / similar list as feed rows: the narrow interface between the graph and the feed.

:class:`GraphRows` is a :class:`~tui.services.reader.rows.RowSource`, so any feed
table draws it. Rows on arXiv keep their arXiv id (every paper action works as
usual); the others get a local id (``local-s2-…``), their venue and year in the
row, and their DOI / URL as the paper's project page, so "open links" reaches
them. The citing-context sentence and the influential flag go into the text
the abstract pane shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tui.models import GRAPH_ID_PREFIX, Author, Paper, is_arxiv_id
from tui.services.net.graph import GraphEntry, GraphListing
from tui.services.storage.store import FeedRow

INFLUENTIAL = "◆"


def entry_id(entry: GraphEntry, index: int) -> str:
    if entry.arxiv_id and is_arxiv_id(entry.arxiv_id):
        return entry.arxiv_id
    return f"{GRAPH_ID_PREFIX}{entry.s2_id or index}"


def entry_summary(entry: GraphEntry, kind: str) -> str:
    """What the abstract pane shows: where it was published, how it cites, then the abstract."""
    parts: list[str] = []
    where = " · ".join(p for p in (entry.venue, str(entry.year) if entry.year else None) if p)
    if not entry.arxiv_id:
        link = entry.link
        parts.append(f"Not on arXiv{': ' + where if where else ''}." + (f" Read it at {link}" if link else ""))
    elif where:
        parts.append(f"Published: {where}.")
    if entry.influential:
        parts.append(f"{INFLUENTIAL} Semantic Scholar marks this citation as influential.")
    if entry.intents:
        parts.append("Cited for: " + ", ".join(entry.intents) + ".")
    for context in entry.contexts[:3]:
        label = "How it cites this paper" if kind == "citations" else "How this paper cites it"
        parts.append(f"{label}: “{context}”")
    if entry.citation_count is not None:
        parts.append(f"Cited by {entry.citation_count:,} (Semantic Scholar).")
    parts.append(entry.abstract or "No abstract from Semantic Scholar (often elided by the publisher).")
    return "\n\n".join(parts)


def entry_paper(entry: GraphEntry, index: int, kind: str = "references") -> Paper:
    published = None
    if entry.date:
        try:
            published = datetime.fromisoformat(entry.date).replace(tzinfo=UTC)
        except ValueError:
            published = None
    if published is None and entry.year:
        published = datetime(entry.year, 1, 1, tzinfo=UTC)
    return Paper(
        id=entry_id(entry, index),
        title=entry.title,
        summary=entry_summary(entry, kind),
        authors=tuple(Author(name) for name in entry.authors),
        published_at=published,
        project_page=None if entry.arxiv_id else entry.link,
        organization=entry.venue,
    )


class GraphRows:
    """Rows of one :class:`GraphListing`, in its order (citations: newest first)."""

    def __init__(self, listing: GraphListing) -> None:
        self.listing = listing
        self._papers: dict[int, Paper] = {}
        self._rows: dict[int, FeedRow] = {}

    def __len__(self) -> int:
        return len(self.listing.entries)

    def entry(self, index: int) -> GraphEntry | None:
        entries = self.listing.entries
        return entries[index] if 0 <= index < len(entries) else None

    def row(self, index: int) -> FeedRow:
        row = self._rows.get(index)
        if row is None:
            entry = self.listing.entries[index]
            title = (f"{INFLUENTIAL} " if entry.influential else "") + entry.title
            if not entry.arxiv_id and entry.venue:
                title += f" · {entry.venue}"
            row = self._rows[index] = FeedRow(
                id=entry_id(entry, index),
                title=title,
                first_author=entry.authors[0] if entry.authors else "",
                day=entry.date or (str(entry.year) if entry.year else ""),
                upvotes=entry.citation_count or 0,
                num_comments=0,
                has_code=False,
            )
        return row

    def paper(self, index: int) -> Paper | None:
        entry = self.entry(index)
        if entry is None:
            return None
        paper = self._papers.get(index)
        if paper is None:
            paper = self._papers[index] = entry_paper(entry, index, self.listing.kind)
        return paper

    def ids(self) -> Sequence[str]:
        return [entry_id(e, i) for i, e in enumerate(self.listing.entries)]
