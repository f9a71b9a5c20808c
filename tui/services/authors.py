"""Author profiles for the sidebar: metrics, papers, categories, Code markers.

:class:`AuthorService` resolves a paper's authors through Semantic Scholar's
paper route (so two people with the same name are never merged), falls back
to a name search when S2 does not know the paper, completes a profile with the
author's papers and their arXiv primary categories, and keeps everything in
an :class:`AuthorCache` (local first: fresh cache means no request; when the
network fails a stale profile is returned with ``source="cache"``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from tui.models import (
    AuthorPaper,
    AuthorProfile,
    Paper,
    code_link_in_text,
    is_arxiv_id,
    utcnow,
)
from tui.services.errors import NotFoundError, OfflineError, ServiceError
from tui.services.scholar import S2_SERVICE, ArxivClient, ScholarClient, main_category, short_category

DEFAULT_MAX_AGE = timedelta(days=7)
HasCode = Callable[[str], Awaitable[bool | None]]
"""``await has_code(arxiv_id)``: True/False when known, None when unknown."""


class AuthorCache(Protocol):
    """Where profiles persist between runs (the SQLite store implements it)."""

    def get_profiles(self, paper_id: str) -> tuple[list[AuthorProfile], datetime] | None:
        """The authors stored for *paper_id* and when they were fetched."""

    def put_profiles(self, paper_id: str, profiles: list[AuthorProfile]) -> None:
        """Store a paper's authors (metrics only), stamped now."""

    def get_author(self, author_id: str) -> AuthorProfile | None:
        """A full profile (with papers); its ``fetched_at`` tells its age."""

    def put_author(self, profile: AuthorProfile) -> None:
        """Store a full profile under its ``author_id``."""


class MemoryAuthorCache:
    """An in-memory :class:`AuthorCache` that round-trips through dicts like a store would."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock
        self._papers: dict[str, tuple[list[dict[str, Any]], datetime]] = {}
        self._authors: dict[str, dict[str, Any]] = {}

    def get_profiles(self, paper_id: str) -> tuple[list[AuthorProfile], datetime] | None:
        stored = self._papers.get(paper_id)
        if stored is None:
            return None
        rows, stamp = stored
        return [AuthorProfile.from_dict(row) for row in rows], stamp

    def put_profiles(self, paper_id: str, profiles: list[AuthorProfile]) -> None:
        self._papers[paper_id] = ([p.to_dict() for p in profiles], self.clock())

    def get_author(self, author_id: str) -> AuthorProfile | None:
        row = self._authors.get(author_id)
        return AuthorProfile.from_dict(row) if row is not None else None

    def put_author(self, profile: AuthorProfile) -> None:
        if profile.author_id:
            self._authors[profile.author_id] = profile.to_dict()


# --------------------------------------------------------------------------- helpers


def _sort_key(paper: AuthorPaper) -> str:
    if paper.date:
        return paper.date
    return f"{paper.year:04d}-00-00" if paper.year else ""


def newest_first(papers: list[AuthorPaper]) -> list[AuthorPaper]:
    """Papers by publication date (or year alone), newest first; undated last."""
    return sorted(papers, key=_sort_key, reverse=True)


def _paper_year(paper: AuthorPaper) -> int | None:
    if paper.year:
        return paper.year
    if paper.date and paper.date[:4].isdigit():
        return int(paper.date[:4])
    return None


def papers_per_year(profile: AuthorProfile) -> list[tuple[int, int]]:
    """``[(year, count), ...]`` oldest year first, gap years filled with 0.

    Papers without any year are left out.
    """
    years = [y for y in (_paper_year(p) for p in profile.papers) if y is not None]
    if not years:
        return []
    counts = {year: years.count(year) for year in set(years)}
    return [(year, counts.get(year, 0)) for year in range(min(years), max(years) + 1)]


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _paper_key(paper: AuthorPaper) -> str:
    return paper.arxiv_id or paper.s2_paper_id or paper.title


# --------------------------------------------------------------------------- service


class AuthorService:
    """Assembles author profiles from Semantic Scholar, arXiv and a cache."""

    def __init__(
        self,
        scholar: ScholarClient,
        arxiv: ArxivClient,
        *,
        cache: AuthorCache | None = None,
        has_code: HasCode | None = None,
        code_concurrency: int = 4,
        max_code_lookups: int = 30,
        max_name_searches: int = 20,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        """Create the service.

        Args:
            has_code: asks another source (the app: Hugging Face
                ``/api/papers/{id}`` ``githubRepo``) whether a paper has code;
                None means the Code marker comes only from abstract links.
            code_concurrency: parallel ``has_code`` calls at most.
            max_code_lookups: ``has_code`` is asked only for this many of the
                newest papers (the rest keep cached or abstract-based markers),
                so one prolific author cannot eat the Hub's rate limit.
            max_name_searches: fallback name searches per paper; further
                authors get a name-only profile.
        """
        self.scholar = scholar
        self.arxiv = arxiv
        self.cache: AuthorCache = cache if cache is not None else MemoryAuthorCache(clock)
        self.has_code = has_code
        self.code_concurrency = max(1, code_concurrency)
        self.max_code_lookups = max_code_lookups
        self.max_name_searches = max_name_searches
        self.clock = clock

    # ----------------------------------------------------------------- paper authors

    async def paper_authors(
        self, paper: Paper, *, max_age: timedelta = DEFAULT_MAX_AGE, offline: bool = False
    ) -> list[AuthorProfile]:
        """Metrics for every author of *paper*, from cache when fresh.

        Resolved through the paper's arXiv id; when S2 has no such paper (404)
        or the paper has no arXiv id, each visible author is looked up by name
        and the top hit (an exact-name hit preferred) is marked ``uncertain``.

        Raises:
            OfflineError: *offline* and nothing cached.
            ServiceError: the network failed and nothing is cached.
        """
        cached = self.cache.get_profiles(paper.id)
        if cached is not None:
            profiles, stamp = cached
            if offline or self.clock() - stamp <= max_age:
                return self._from_cache(profiles, stamp)
        if offline:
            raise OfflineError("offline: no cached author metrics for this paper", service=S2_SERVICE)
        try:
            fetched = await self._fetch_paper_authors(paper)
        except ServiceError:
            if cached is not None:
                return self._from_cache(*cached)
            raise
        now = self.clock()
        for profile in fetched:
            profile.fetched_at = now
            profile.source = "network"
        self.cache.put_profiles(paper.id, fetched)
        return fetched

    @staticmethod
    def _from_cache(profiles: list[AuthorProfile], stamp: datetime) -> list[AuthorProfile]:
        return [replace(p, source="cache", fetched_at=p.fetched_at or stamp) for p in profiles]

    async def _fetch_paper_authors(self, paper: Paper) -> list[AuthorProfile]:
        if paper.has_arxiv_id:
            try:
                profiles = await self.scholar.paper_authors(paper.id)
            except NotFoundError:
                profiles = []
            if profiles:
                return profiles
        return await self._search_authors(paper.author_names)

    async def _search_authors(self, names: list[str]) -> list[AuthorProfile]:
        result: list[AuthorProfile] = []
        for index, name in enumerate(names):
            hits: list[AuthorProfile] = []
            if index < self.max_name_searches:
                try:
                    hits = await self.scholar.search_author(name)
                except NotFoundError:
                    hits = []
            if not hits:
                result.append(AuthorProfile(name=name))
                continue
            top = next((h for h in hits if _same_name(h.name, name)), hits[0])
            top.uncertain = True
            result.append(top)
        return result

    # ----------------------------------------------------------------- full profile

    async def full_profile(
        self, profile: AuthorProfile, *, max_age: timedelta = DEFAULT_MAX_AGE, offline: bool = False
    ) -> AuthorProfile:
        """*profile* completed with its papers (newest first), categories and Code markers.

        A cached profile younger than *max_age* is returned without any
        request; an older one is refreshed, and returned as it was (with
        ``source="cache"``) when Semantic Scholar cannot be reached. arXiv or
        ``has_code`` failures never fail the profile: categories fall back to
        the cached ones, Code markers to abstract links.

        Raises:
            OfflineError: *offline* and nothing cached.
            ServiceError: Semantic Scholar failed and nothing is cached.
        """
        if profile.author_id is None:
            return replace(profile, main_category=main_category([p.category or "" for p in profile.papers]))
        cached = self.cache.get_author(profile.author_id)
        if cached is not None:
            fresh = cached.fetched_at is not None and self.clock() - cached.fetched_at <= max_age
            if offline or fresh:
                return replace(cached, source="cache", uncertain=profile.uncertain)
        if offline:
            raise OfflineError("offline: this author's profile is not cached", service=S2_SERVICE)
        try:
            papers = await self.scholar.author_papers(profile.author_id)
            metrics = profile
            if profile.h_index is None and profile.paper_count is None:
                metrics = await self.scholar.author(profile.author_id)
        except ServiceError:
            if cached is not None:
                return replace(cached, source="cache", uncertain=profile.uncertain)
            raise
        papers = newest_first(papers)
        previous = {_paper_key(p): p for p in (cached.papers if cached else [])}
        await self._fill_categories(papers, previous)
        await self._fill_code(papers, previous)
        result = replace(
            metrics,
            name=metrics.name or profile.name,
            author_id=profile.author_id,
            papers=papers,
            main_category=main_category([p.category or "" for p in papers]),
            uncertain=profile.uncertain,
            fetched_at=self.clock(),
            source="network",
        )
        self.cache.put_author(result)
        return result

    async def _fill_categories(self, papers: list[AuthorPaper], previous: dict[str, AuthorPaper]) -> None:
        ids = [p.arxiv_id for p in papers if p.arxiv_id and is_arxiv_id(p.arxiv_id)]
        try:
            terms = await self.arxiv.primary_categories(ids) if ids else {}
        except ServiceError:
            terms = {}
        for paper in papers:
            term = terms.get(paper.arxiv_id or "")
            if term:
                paper.category = short_category(term)
            else:
                old = previous.get(_paper_key(paper))
                paper.category = old.category if old else None

    async def _fill_code(self, papers: list[AuthorPaper], previous: dict[str, AuthorPaper]) -> None:
        for paper in papers:
            old = previous.get(_paper_key(paper))
            paper.has_code = code_link_in_text(paper.abstract or "") is not None or bool(old and old.has_code)
        lookup = self.has_code
        if lookup is None:
            return
        todo = [p for p in papers if not p.has_code and p.arxiv_id and is_arxiv_id(p.arxiv_id)]
        todo = todo[: max(0, self.max_code_lookups)]
        gate = asyncio.Semaphore(self.code_concurrency)

        async def check(paper: AuthorPaper) -> None:
            async with gate:
                try:
                    found = await lookup(paper.arxiv_id or "")
                except Exception:  # noqa: BLE001 - a Code marker is never worth failing a profile
                    found = False
            paper.has_code = bool(found)

        await asyncio.gather(*(check(p) for p in todo))
