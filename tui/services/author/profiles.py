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
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import Paper, Source, code_link_in_text, is_arxiv_id, utcnow
from tui.services.author.categories import CategoryBatcher
from tui.services.author.papers import newest_first
from tui.services.errors import NotFoundError, OfflineError, ServiceError
from tui.services.net.arxiv_api import ArxivClient, main_category, short_category
from tui.services.net.scholar import S2_SERVICE, ScholarClient
from tui.services.storage.author_store import AuthorCache, MemoryAuthorCache

DEFAULT_MAX_AGE = timedelta(days=7)
JUST_FETCHED = timedelta(minutes=1)
"""A profile this service fetched this recently reads as fetched (the prefetch), not as cached."""
HasCode = Callable[[str], Awaitable[bool | None]]
"""``await has_code(arxiv_id)``: True/False when known, None when unknown."""
OnPapers = Callable[[AuthorProfile], None]
"""Told the profile as soon as its metrics and papers are known (categories still on their way)."""
OnReady = Callable[[int, AuthorProfile | None, ServiceError | None], None]
"""Told each author of a paper as its full profile is ready: (byline index, profile or None, error)."""
CATEGORY_PAPERS = 60
"""Categories are asked for each author's newest papers this many: five authors then fit in
three arXiv requests (100 ids each, 3 s apart) and the main category reflects recent work."""
PROFILE_CONCURRENCY = 3
"""Authors whose papers are fetched from Semantic Scholar at once."""


@dataclass
class _Build:
    """One author's profile on its way; every caller that wants it shares it."""

    task: asyncio.Task[AuthorProfile]
    partial: AuthorProfile | None = None
    papers_known: asyncio.Event = field(default_factory=asyncio.Event)


# --------------------------------------------------------------------------- helpers


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
        category_papers: int = CATEGORY_PAPERS,
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
            category_papers: each author's newest papers this many get
                their arXiv category (the rest keep cached ones).
        """
        self.scholar = scholar
        self.arxiv = arxiv
        self.cache: AuthorCache = cache if cache is not None else MemoryAuthorCache(clock)
        self.has_code = has_code
        self.code_concurrency = max(1, code_concurrency)
        self.max_code_lookups = max_code_lookups
        self.max_name_searches = max_name_searches
        self.clock = clock
        self.category_papers = max(0, category_papers)
        self.categories = CategoryBatcher(arxiv)
        self.refresh_errors: dict[str, ServiceError] = {}
        """Author id -> why the last refresh of a stale cached profile failed (cleared on success)."""
        self._builds: dict[str, _Build] = {}
        self._paper_fetches: dict[str, asyncio.Future[list[AuthorProfile]]] = {}
        self._s2_gate = asyncio.Semaphore(PROFILE_CONCURRENCY)
        self._fetched: dict[str, datetime] = {}
        """When this service fetched an author itself (a copy a minute old is still the network's answer)."""

    async def prepare(self) -> None:
        """Build the HTTP clients in threads (their SSL set-up costs tens of ms each), e.g. during a debounce."""
        await asyncio.gather(
            asyncio.to_thread(self.scholar.http.prepare), asyncio.to_thread(self.arxiv.http.prepare)
        )

    async def aclose(self) -> None:
        """Stop the profiles still being built and the category runner (the clients stay open)."""
        for build in list(self._builds.values()):
            build.task.cancel()
        for build in list(self._builds.values()):
            with contextlib.suppress(BaseException):
                await build.task
        self._builds.clear()
        await self.categories.aclose()

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
            fetched = await self._shared_paper_authors(paper)
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

    async def _shared_paper_authors(self, paper: Paper) -> list[AuthorProfile]:
        """One request for a paper's byline however many callers ask at once (sidebar + prefetch)."""
        task = self._paper_fetches.get(paper.id)
        if task is None:
            task = asyncio.ensure_future(self._fetch_paper_authors(paper))
            self._paper_fetches[paper.id] = task
            task.add_done_callback(lambda _: self._paper_fetches.pop(paper.id, None))
        return [replace(p) for p in await asyncio.shield(task)]

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
        self,
        profile: AuthorProfile,
        *,
        max_age: timedelta = DEFAULT_MAX_AGE,
        offline: bool = False,
        on_papers: OnPapers | None = None,
    ) -> AuthorProfile:
        """*profile* completed with its papers (newest first), categories and Code markers.

        A cached profile younger than *max_age* is returned without any
        request; an older one is refreshed, and returned as it was (with
        ``source="cache"``, the reason in :attr:`refresh_errors`) when Semantic
        Scholar cannot be reached. arXiv or ``has_code`` failures never fail
        the profile: categories fall back to the cached ones, Code markers to
        abstract links. Callers asking for the same author at once share one
        fetch; *on_papers* gets the profile as soon as Semantic Scholar has
        answered, before arXiv's categories arrive.

        Raises:
            OfflineError: *offline* and nothing cached.
            ServiceError: Semantic Scholar failed and nothing is cached.
        """
        if profile.author_id is None:
            return replace(profile, main_category=main_category([p.category or "" for p in profile.papers]))
        author_id = profile.author_id
        cached = self.cache.get_author(author_id)
        if cached is not None:
            fresh = cached.fetched_at is not None and self.clock() - cached.fetched_at <= max_age
            if offline or fresh:
                # Fetched by this service moments ago (the prefetch): it is the network's answer.
                fetched = self._fetched.get(author_id)
                just_now = fetched is not None and self.clock() - fetched <= JUST_FETCHED
                source: Source = "network" if just_now and not offline else "cache"
                return replace(cached, source=source, uncertain=profile.uncertain)
        if offline:
            raise OfflineError("offline: this author's profile is not cached", service=S2_SERVICE)
        build = self._builds.get(author_id)
        if build is None:
            build = self._start_build(profile, cached)
        if on_papers is not None and not build.task.done():
            waiter = asyncio.ensure_future(build.papers_known.wait())
            try:
                await asyncio.wait({build.task, waiter}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                waiter.cancel()
            if build.partial is not None and not build.task.done():
                on_papers(replace(build.partial, uncertain=profile.uncertain))
        result = await asyncio.shield(build.task)
        return replace(result, uncertain=profile.uncertain)

    def _start_build(self, profile: AuthorProfile, cached: AuthorProfile | None) -> _Build:
        author_id = profile.author_id or ""
        build = _Build(asyncio.create_task(self._build(profile, cached), name=f"author-{author_id}"))
        self._builds[author_id] = build
        build.task.add_done_callback(lambda task: self._build_done(author_id, build))
        return build

    def _build_done(self, author_id: str, build: _Build) -> None:
        if self._builds.get(author_id) is build:
            del self._builds[author_id]
        if not build.task.cancelled():
            build.task.exception()  # retrieved: an error nobody waits for is not logged as lost

    async def _build(self, profile: AuthorProfile, cached: AuthorProfile | None) -> AuthorProfile:
        author_id = profile.author_id or ""
        build = self._builds.get(author_id)
        try:
            async with self._s2_gate:  # a few authors at once; arXiv's wait is not held here
                papers = await self.scholar.author_papers(author_id)
                metrics = profile
                if profile.h_index is None and profile.paper_count is None:
                    metrics = await self.scholar.author(author_id)
        except ServiceError as error:
            self.categories.done(author_id)
            if cached is not None:
                self.refresh_errors[author_id] = error
                return replace(cached, source="cache", uncertain=profile.uncertain)
            raise
        self.refresh_errors.pop(author_id, None)
        papers = newest_first(papers)
        previous = {_paper_key(p): p for p in (cached.papers if cached else [])}
        for paper in papers:  # what is known already, until arXiv and the Hub answer
            old = previous.get(_paper_key(paper))
            paper.category = old.category if old else None
        result = replace(
            metrics,
            name=metrics.name or profile.name,
            author_id=author_id,
            papers=papers,
            main_category=main_category([p.category or "" for p in papers]),
            uncertain=profile.uncertain,
            fetched_at=self.clock(),
            source="network",
        )
        if build is not None:
            build.partial = replace(result, papers=[replace(p) for p in papers])
            build.papers_known.set()
        await asyncio.gather(
            self._fill_categories(papers, previous, author_id), self._fill_code(papers, previous)
        )
        result = replace(result, papers=papers, main_category=main_category([p.category or "" for p in papers]))
        self.cache.put_author(result)
        self._fetched[author_id] = self.clock()
        return result

    async def paper_profiles(
        self,
        paper: Paper,
        *,
        offline: bool = False,
        limit: int | None = None,
        on_ready: OnReady | None = None,
        on_papers: Callable[[int, AuthorProfile], None] | None = None,
    ) -> list[tuple[AuthorProfile, ServiceError | None]]:
        """Every author of *paper* with a full profile, fetched side by side.

        Their arXiv ids share requests (:class:`CategoryBatcher`). *on_ready* is
        told each author as soon as its profile is complete, in whatever order
        they finish; the result is in byline order. Authors past *limit* keep
        their metrics only (error None).

        Raises:
            OfflineError / ServiceError: the paper's authors (metrics) cannot be had.
        """
        metrics = await self.paper_authors(paper, offline=offline)
        results: list[tuple[AuthorProfile, ServiceError | None]] = [(m, None) for m in metrics]

        async def one(index: int, profile: AuthorProfile) -> None:
            error: ServiceError | None = None
            full: AuthorProfile | None = None
            try:
                full = await self.full_profile(
                    profile, offline=offline,
                    on_papers=(lambda p: on_papers(index, p)) if on_papers is not None else None,
                )
            except ServiceError as failure:
                error = failure
            results[index] = (full or profile, error)
            if on_ready is not None:
                on_ready(index, full, error)

        chosen = metrics if limit is None else metrics[: max(0, limit)]
        # Their papers' ids go into the same arXiv requests: hold the first one for them.
        self.categories.expect({p.author_id for p in chosen if p.author_id and not offline})
        try:
            await asyncio.gather(*(one(i, p) for i, p in enumerate(chosen)))
        finally:
            for p in chosen:
                self.categories.done(p.author_id or "")
        return results

    async def _fill_categories(
        self, papers: list[AuthorPaper], previous: dict[str, AuthorPaper], author_id: str
    ) -> None:
        ids = [p.arxiv_id for p in papers if p.arxiv_id and is_arxiv_id(p.arxiv_id)][: self.category_papers]
        terms = await self.categories.categories(ids, producer=author_id) if ids else {}
        self.categories.done(author_id)
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
