"""An author's profile as the sidebar shows it: metrics and papers (from Semantic Scholar,
the cache, or built offline from cached papers).

Apart from :mod:`tui.models` because the reader's first screen needs papers, not profiles:
the author sidebar loads after the first paint, and this module with it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tui.models import Source, parse_datetime


@dataclass(slots=True)
class AuthorPaper:
    """One paper in an author's profile."""

    title: str
    year: int | None = None
    date: str | None = None
    """``YYYY-MM-DD`` when known."""
    arxiv_id: str | None = None
    category: str | None = None
    """Primary arXiv category without the archive prefix (``LG``, ``HEP-LAT``)."""
    has_code: bool = False
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    citation_count: int | None = None
    s2_paper_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> AuthorPaper | None:
        """The inverse of :meth:`to_dict`; None for a row without a title, odd values dropped."""
        if not isinstance(data, dict) or not isinstance(data.get("title"), str):
            return None
        return cls(
            title=data["title"],
            year=_opt_int(data.get("year")),
            date=_opt_str(data.get("date")),
            arxiv_id=_opt_str(data.get("arxiv_id")),
            category=_opt_str(data.get("category")),
            has_code=bool(data.get("has_code")),
            authors=_strings(data.get("authors")),
            abstract=_opt_str(data.get("abstract")),
            citation_count=_opt_int(data.get("citation_count")),
            s2_paper_id=_opt_str(data.get("s2_paper_id")),
        )


@dataclass(slots=True)
class AuthorProfile:
    """An author's metrics and papers, as the sidebar shows them."""

    name: str
    author_id: str | None = None
    """The Semantic Scholar author id (None for a profile built offline)."""
    affiliations: tuple[str, ...] = ()
    h_index: int | None = None
    paper_count: int | None = None
    citation_count: int | None = None
    main_category: str | None = None
    papers: list[AuthorPaper] = field(default_factory=list)
    url: str | None = None
    uncertain: bool = False
    """True when matched by a name search rather than through the paper."""
    fetched_at: datetime | None = None
    source: Source = "network"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (the cache and the bundled sample store profiles this way)."""
        return {
            "name": self.name,
            "author_id": self.author_id,
            "affiliations": list(self.affiliations),
            "h_index": self.h_index,
            "paper_count": self.paper_count,
            "citation_count": self.citation_count,
            "main_category": self.main_category,
            "papers": [paper.to_dict() for paper in self.papers],
            "url": self.url,
            "uncertain": self.uncertain,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuthorProfile:
        """The inverse of :meth:`to_dict`, tolerant of missing or odd values."""
        source = data.get("source")
        papers = [p for p in (AuthorPaper.from_dict(row) for row in data.get("papers") or []) if p is not None]
        return cls(
            name=str(data.get("name") or ""),
            author_id=_opt_str(data.get("author_id")),
            affiliations=_strings(data.get("affiliations")),
            h_index=_opt_int(data.get("h_index")),
            paper_count=_opt_int(data.get("paper_count")),
            citation_count=_opt_int(data.get("citation_count")),
            main_category=_opt_str(data.get("main_category")),
            papers=papers,
            url=_opt_str(data.get("url")),
            uncertain=bool(data.get("uncertain")),
            fetched_at=parse_datetime(data.get("fetched_at")),
            source=source if source in ("network", "cache", "sample") else "network",
        )


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list | tuple) else ()
