"""Plain data types shared by the core and the UI (no Textual imports)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, NamedTuple

FeedKind = Literal["day", "week", "month", "trending", "search", "bookmarks", "library", "latest", "for-you"]

LOCAL_ID_PREFIX = "local-"
GRAPH_ID_PREFIX = f"{LOCAL_ID_PREFIX}s2-"
"""A reference / citation not on arXiv: ``local-s2-<Semantic Scholar id>`` (see services/paper/graph_rows.py)."""
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})$")
_CODE_LINK = re.compile(r"https?://(?:www\.)?github\.com/[\w.\-]+/[\w.\-]+", re.IGNORECASE)


def is_arxiv_id(value: str) -> bool:
    """True when *value* looks like a real arXiv identifier (new or old style)."""
    return bool(_ARXIV_ID.fullmatch(value))  # fullmatch: `$` alone would accept a trailing newline


def code_link_in_text(text: str) -> str | None:
    """The first GitHub repository URL written in *text* (an abstract), if any."""
    match = _CODE_LINK.search(text or "")
    if not match:
        return None
    return match.group(0).rstrip(".,;:)}]")


class Author(NamedTuple):
    """One visible author of a paper."""

    name: str
    hf_user: str | None = None
    """The Hugging Face username when the author claimed the paper."""


class Paper(NamedTuple):
    """A paper as the app shows it, whatever service it came from (immutable: ``_replace`` makes a changed copy)."""

    id: str
    """The arXiv id, or a local id (``local-…``) for papers that have none."""
    title: str
    summary: str = ""
    authors: tuple[Author, ...] = ()
    published_at: datetime | None = None
    """The arXiv (first version) date."""
    submitted_at: datetime | None = None
    """When the paper was added to Hugging Face Daily Papers."""
    upvotes: int = 0
    num_comments: int = 0
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    organization: str | None = None
    submitted_by: str | None = None
    thumbnail: str | None = None
    withdrawn: bool = False

    @property
    def has_arxiv_id(self) -> bool:
        return not self.id.startswith(LOCAL_ID_PREFIX) and is_arxiv_id(self.id)

    @property
    def code_url(self) -> str | None:
        """The GitHub repo, or a GitHub link written in the abstract."""
        return self.github_repo or code_link_in_text(self.summary)

    @property
    def author_names(self) -> list[str]:
        return [author.name for author in self.authors]

    @property
    def short_authors(self) -> str:
        """``A, B, C et al.`` past three authors."""
        return short_author_list(self.author_names)

    @property
    def day(self) -> date | None:
        stamp = self.submitted_at or self.published_at
        return stamp.date() if stamp else None

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["authors"] = [a._asdict() for a in self.authors]
        data["ai_keywords"] = list(self.ai_keywords)
        for name in ("published_at", "submitted_at"):
            value = getattr(self, name)
            data[name] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        authors = tuple(Author(**a) for a in data.get("authors") or ())
        return cls(
            id=str(data["id"]),
            title=str(data.get("title") or ""),
            summary=str(data.get("summary") or ""),
            authors=authors,
            published_at=parse_datetime(data.get("published_at")),
            submitted_at=parse_datetime(data.get("submitted_at")),
            upvotes=int(data.get("upvotes") or 0),
            num_comments=int(data.get("num_comments") or 0),
            github_repo=data.get("github_repo"),
            github_stars=data.get("github_stars"),
            project_page=data.get("project_page"),
            ai_summary=data.get("ai_summary"),
            ai_keywords=tuple(data.get("ai_keywords") or ()),
            organization=data.get("organization"),
            submitted_by=data.get("submitted_by"),
            thumbnail=data.get("thumbnail"),
            withdrawn=bool(data.get("withdrawn")),
        )

    def merged_with(self, newer: Paper) -> Paper:
        """*newer* with the fields it lacks filled from this (older) record."""
        updates: dict[str, Any] = {}
        for name in ("summary", "github_repo", "github_stars", "project_page", "ai_summary",
                     "organization", "submitted_by", "thumbnail", "published_at", "submitted_at"):
            if not getattr(newer, name) and getattr(self, name):
                updates[name] = getattr(self, name)
        if not newer.authors and self.authors:
            updates["authors"] = self.authors
        if not newer.ai_keywords and self.ai_keywords:
            updates["ai_keywords"] = self.ai_keywords
        return newer._replace(**updates) if updates else newer


def short_author_list(names: list[str], limit: int = 3) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + " et al."


def parse_datetime(value: Any) -> datetime | None:
    """Parse ISO 8601 (with ``Z``) or ``YYYY-MM-DD``; None for anything else."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


class FeedKey(NamedTuple):
    """Which listing a feed shows: a day, week, month, trending, a search ..."""

    kind: FeedKind
    value: str = ""
    """``2025-03-12``, ``2025-W11``, ``2025-03``, the search query, or empty."""

    @property
    def cache_key(self) -> str:
        return f"{self.kind}:{self.value}"

    @property
    def label(self) -> str:
        if self.kind == "day":
            try:
                return date.fromisoformat(self.value).strftime("%a %d %b %Y")
            except ValueError:
                return self.value
        if self.kind == "week":
            return f"Week {self.value}"
        if self.kind == "month":
            try:
                return date.fromisoformat(self.value + "-01").strftime("%B %Y")
            except ValueError:
                return self.value
        if self.kind == "search":
            return f"Search: {self.value}"
        return {"trending": "Trending", "bookmarks": "Bookmarks", "library": "Library",
                "latest": "Latest", "for-you": "For you"}.get(self.kind, self.kind)

    @property
    def is_dated(self) -> bool:
        return self.kind in ("day", "week", "month")

    def shifted(self, steps: int) -> FeedKey:
        """The previous (-1) or next (+1) day/week/month; other kinds stay put."""
        if self.kind == "day":
            return FeedKey("day", (date.fromisoformat(self.value) + timedelta(days=steps)).isoformat())
        if self.kind == "week":
            start = week_start(self.value) + timedelta(weeks=steps)
            return FeedKey("week", iso_week(start))
        if self.kind == "month":
            year, month = (int(x) for x in self.value.split("-"))
            index = year * 12 + (month - 1) + steps
            return FeedKey("month", f"{index // 12:04d}-{index % 12 + 1:02d}")
        return self

    def days(self) -> list[date]:
        """Every calendar day a dated key covers."""
        if self.kind == "day":
            return [date.fromisoformat(self.value)]
        if self.kind == "week":
            start = week_start(self.value)
            return [start + timedelta(days=i) for i in range(7)]
        if self.kind == "month":
            first = date.fromisoformat(self.value + "-01")
            nxt = FeedKey("month", self.value).shifted(1).value
            last = date.fromisoformat(nxt + "-01")
            return [first + timedelta(days=i) for i in range((last - first).days)]
        return []


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_start(value: str) -> date:
    year, _, week = value.partition("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def validate_feed_value(kind: FeedKind, value: str) -> str | None:
    """An error message when *value* is not a valid day/week/month, else None."""
    try:
        if kind == "day":
            date.fromisoformat(value)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
        elif kind == "week":
            if not re.fullmatch(r"\d{4}-W\d{2}", value):
                raise ValueError
            week_start(value)
        elif kind == "month":
            if not re.fullmatch(r"\d{4}-\d{2}", value):
                raise ValueError
            date.fromisoformat(value + "-01")
    except ValueError:
        example = {"day": "2025-03-12", "week": "2025-W11", "month": "2025-03"}.get(kind, "")
        return f"not a valid {kind}: {value!r} (expected e.g. {example})"
    return None


Source = Literal["network", "cache", "sample"]


class Listing(NamedTuple):
    """A feed's papers with where and when they came from."""

    key: FeedKey
    papers: list[Paper]
    fetched_at: datetime | None = None
    source: Source = "network"


def utcnow() -> datetime:
    return datetime.now(UTC)
