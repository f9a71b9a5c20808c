"""The author sidebar's behaviour: profiles fetched, cached and shown (``a``).

Profiles are fetched only once the user is in the sidebar (``a``, or ``tab``
into the author list): moving through the feed lists the highlighted paper's
authors but never calls Semantic Scholar, whose shared anonymous pool
rate-limits quickly. In the sidebar every choice runs one exclusive worker
(group ``author``): a cached profile is painted at once; a network fetch
starts only after :data:`AUTHOR_DEBOUNCE` seconds without another choice, and a
newer choice cancels the older worker, sleep or request alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Literal, Protocol

from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import FeedKey, Listing, Paper, Source, utcnow
from tui.services.author.cache import (
    build_author_service,
    cached_papers_by_name,
    close_author_service,
    is_local,
    match_author,
    offline_profile,
    paper_from_author_paper,
)
from tui.services.author.papers import newest_first
from tui.services.author.profiles import DEFAULT_MAX_AGE, AuthorService
from tui.services.errors import OfflineError, ServiceError
from tui.view_state import age

if TYPE_CHECKING:
    from tui.controllers import ReaderUI
    from tui.services.session import Session

AUTHOR_DEBOUNCE = 0.25
"""Seconds the sidebar waits for the user to stop choosing before it asks the network."""

BYLINE_PROFILES = 20
"""Authors whose full profiles the full-screen view fetches at once (the rest load when highlighted)."""
BYLINE_LINES = 3_000
"""Authors the full-screen list shows (as the sidebar's list)."""

Tone = Literal["info", "busy", "warn", "error"]
_Show = Callable[[AuthorProfile, str, Tone], None]
ShowLine = Callable[[int, AuthorProfile | None, str], None]
"""``line(byline index, profile or None, note)``: one author's line in the full-screen list."""


class AuthorView(Protocol):
    """The part of the sidebar a profile load draws on."""

    target: tuple[str, int] | None

    def show_loading(self, name: str, status: str = "loading…") -> None: ...
    def show_profile(self, profile: AuthorProfile, status: str, tone: Tone = "info") -> None: ...
    def set_status(self, status: str, tone: Tone = "info") -> None: ...


def _matched(metrics: list[AuthorProfile], names: list[str]) -> list[AuthorProfile]:
    """The profile of each byline name (exact names looked up at once: a 3,000-name byline stays fast)."""
    by_name: dict[str, list[AuthorProfile]] = {}
    for profile in metrics:
        by_name.setdefault(" ".join(profile.name.casefold().split()), []).append(profile)
    result = []
    for index, name in enumerate(names):
        exact = by_name.get(" ".join(name.casefold().split()), [])
        result.append(exact[0] if len(exact) == 1 else match_author(metrics, index, name))
    return result


def _listed_below(count: int) -> str:
    return f"{count} cached paper{'s' if count != 1 else ''} by this name listed below"


class AuthorController:
    """Loads the profile of the author chosen in the sidebar; opens a profile's papers in the feed."""

    def __init__(self, session: Session, ui: ReaderUI, view: Callable[[], AuthorView]) -> None:
        self.session = session
        self.ui = ui
        self._view = view
        self.debounce: float = AUTHOR_DEBOUNCE
        """Seconds of quiet before a network request (tests lengthen it to make speed irrelevant)."""
        self._service: AuthorService | None = None
        self._hub_papers: dict[str, Paper] = {}
        """Papers the Code-marker lookups fetched from Hugging Face (links included)."""
        self._sample: tuple[list[Paper], list[AuthorProfile]] | None = None
        self._drawing: AuthorView | None = None
        """The view the latest load draws on (retry notices go there)."""

    @property
    def offline(self) -> bool:
        return self.session.offline

    def service(self) -> AuthorService:
        """The profile service, created on first use from the session and environment."""
        if self._service is None:
            self._service = build_author_service(self.session, on_retry=self._retrying, seen=self._hub_papers)
        return self._service

    async def aclose(self) -> None:
        """Close the Semantic Scholar and arXiv clients (on unmount)."""
        if self._service is not None:
            service, self._service = self._service, None
            await close_author_service(service)

    def _retrying(self, reason: str, seconds: float) -> None:
        view = self._drawing if self._drawing is not None else self._view()
        if view.target is not None:
            view.set_status(reason, "warn")

    # -- loading ------------------------------------------------------------------

    async def load(self, paper: Paper, index: int, *, view: AuthorView | None = None, force: bool = False) -> None:
        """Show author *index* of *paper*: sample, cache, then (debounced) the network.

        Args:
            view: where to draw (default: the reader's sidebar); the full-screen
                authors view passes its own.
            force: ask the network even when the cached profile is fresh (``r``).
        """
        view = view if view is not None else self._view()
        self._drawing = view
        key = (paper.id, index)
        name = paper.authors[index].name

        def show(profile: AuthorProfile, status: str, tone: Tone = "info") -> None:
            if view.target == key:
                view.show_profile(profile, status, tone)

        try:
            sample = self._sample_profile(paper, name)
            if sample is not None:
                show(sample, "bundled sample profile (works offline)" + (" · nothing to refresh" if force else ""))
                return
            service = self.service()
            cached = await self._cached(service, paper, index, name)
            if cached is not None:
                status, tone = self.profile_status(cached)
                fresh = cached.fetched_at is not None and utcnow() - cached.fetched_at <= DEFAULT_MAX_AGE
                if self.offline:
                    show(cached, status + (" · cannot refresh offline" if force else ""), tone)
                    return
                if fresh and not force:
                    show(cached, status, tone)
                    return
                show(cached, status + " · refreshing…", "busy")
            elif self.offline:
                papers = await self._papers_by_name(paper, name)
                show(offline_profile(name, papers), f"offline – not cached ({_listed_below(len(papers))})", "warn")
                return
            elif view.target == key:
                view.show_loading(name)
            await asyncio.gather(asyncio.sleep(self.debounce), service.prepare())
            await self._fetch(service, paper, index, name, have_cache=cached is not None, show=show,
                              view=view, max_age=timedelta(0) if force else DEFAULT_MAX_AGE)
        except Exception as error:  # a bug must not leave "loading…" on screen forever
            if view.target == key:
                view.set_status(f"internal error: {error}", "error")
            raise

    async def warm(self, paper: Paper) -> None:
        """Fetch every author of *paper* side by side, so moving down the list shows them at once.

        Their arXiv ids share requests; the author on screen joins its fetch
        instead of starting another (:meth:`AuthorService.full_profile`).
        """
        if self.offline or is_local(paper):
            return
        await asyncio.sleep(self.debounce)
        try:
            await self.service().paper_profiles(paper)
        except ServiceError:
            pass  # the author on screen reports it

    async def fill_byline(self, paper: Paper, line: ShowLine, *, limit: int = BYLINE_PROFILES) -> None:
        """Every author's metrics for the full-screen list, then each main category as it arrives.

        One Semantic Scholar request gives every author's h-index, paper and
        citation counts (painted at once); the first *limit* authors' profiles
        are then fetched side by side (their arXiv ids share requests) and each
        line completed as its profile is ready. Offline: what is cached. The
        author on screen shares these fetches (:meth:`load`).
        """
        names = [a.name for a in paper.authors[:BYLINE_LINES]]
        if is_local(paper):
            for i, name in enumerate(names):
                sample = self._sample_profile(paper, name)
                line(i, sample, "" if sample is not None else "no sample profile")
            return
        service = self.service()
        metrics: list[AuthorProfile] | None = None
        try:
            metrics = await service.paper_authors(paper, offline=True)
        except OfflineError:
            pass
        if metrics is not None:
            self._paint_metrics(metrics, names, line)
        if self.offline:
            if metrics is None:
                for i in range(len(names)):
                    line(i, AuthorProfile(name=names[i]), "offline – not cached")
                return
            for i, found in enumerate(_matched(metrics, names)):
                if found.author_id:
                    try:
                        line(i, await service.full_profile(found, offline=True), "")
                    except OfflineError:
                        pass
            return
        try:
            metrics = await service.paper_authors(paper)
        except ServiceError as error:
            if metrics is None:
                for i in range(len(names)):
                    line(i, AuthorProfile(name=names[i]), f"no metrics: {error}")
            return
        rows = self._paint_metrics(metrics, names, line)

        def ready(index: int, full: AuthorProfile | None, error: ServiceError | None) -> None:
            author_id = (full or metrics[index]).author_id or ""
            shown = full or metrics[index]
            note = (f"no papers: {error}" if error is not None
                    else "match uncertain (found by name)" if shown.uncertain else "")
            for row in rows.get(author_id, []):
                line(row, shown, note)

        try:
            await service.paper_profiles(paper, limit=limit, on_ready=ready)
        except ServiceError:
            pass  # the metrics are on screen; the author on show reports what failed

    @staticmethod
    def _paint_metrics(metrics: list[AuthorProfile], names: list[str], line: ShowLine) -> dict[str, list[int]]:
        """Each name's metrics on its line; author id -> the lines showing it."""
        rows: dict[str, list[int]] = {}
        for i, found in enumerate(_matched(metrics, names)):
            if found.author_id is None:
                line(i, found, "not found on Semantic Scholar")
                continue
            rows.setdefault(found.author_id, []).append(i)
            line(i, found, "match uncertain (found by name)" if found.uncertain else "")
        return rows

    async def _cached(self, service: AuthorService, paper: Paper, index: int, name: str) -> AuthorProfile | None:
        """The full cached profile of the author, without any request; None when not cached."""
        try:
            metrics = match_author(await service.paper_authors(paper, offline=True), index, name)
            if metrics.author_id is None:
                return None
            return await service.full_profile(metrics, offline=True)
        except OfflineError:
            return None

    async def _fetch(
        self, service: AuthorService, paper: Paper, index: int, name: str, *, have_cache: bool, show: _Show,
        view: AuthorView, max_age: timedelta,
    ) -> None:
        try:
            metrics = match_author(await service.paper_authors(paper, max_age=max_age), index, name)
            if metrics.author_id is None:
                papers = await self._papers_by_name(paper, name)
                show(
                    offline_profile(name, papers),
                    f"not found on Semantic Scholar ({_listed_below(len(papers))})",
                    "warn",
                )
                return
            if not have_cache:
                show(metrics, "loading papers…", "busy")

            def papers_known(partial: AuthorProfile) -> None:
                text, _ = self.profile_status(partial)
                show(partial, f"{text} · categories from arXiv…", "busy")

            full = await service.full_profile(metrics, max_age=max_age,
                                              on_papers=None if have_cache else papers_known)
        except ServiceError as error:
            if have_cache:
                if view.target == (paper.id, index):
                    view.set_status(f"{error} – showing the cached profile", "warn")
                return
            papers = await self._papers_by_name(paper, name)
            show(offline_profile(name, papers), f"{error} ({_listed_below(len(papers))})", "error")
            return
        text, tone = self.profile_status(full)
        failed = service.refresh_errors.get(full.author_id or "")
        if full.source == "cache" and failed is not None:
            text += f" (refresh failed: {failed})"
            tone = "warn"
        show(full, text, tone)

    def profile_status(self, profile: AuthorProfile) -> tuple[str, Tone]:
        parts: list[str] = []
        if profile.uncertain:
            parts.append("match uncertain (found by name)")
        if profile.source == "cache":
            parts.append(("offline – " if self.offline else "") + f"cached {age(profile.fetched_at)}")
        else:
            parts.append("Semantic Scholar · arXiv")
        return " · ".join(parts), "warn" if profile.uncertain else "info"

    # -- the bundled sample and the cache -------------------------------------------

    def _sample_data(self) -> tuple[list[Paper], list[AuthorProfile]]:
        if self._sample is None:
            from tui.services.reader.sample import load_sample

            self._sample = load_sample()
        return self._sample

    def _sample_profile(self, paper: Paper, name: str) -> AuthorProfile | None:
        """The bundled profile of *name* when *paper* is one of the sample's (local) papers."""
        if not is_local(paper):
            return None
        wanted = " ".join(name.casefold().split())
        for profile in self._sample_data()[1]:
            if " ".join(profile.name.casefold().split()) == wanted:
                return replace(profile, source="sample", papers=newest_first(profile.papers))
        return None

    async def _papers_by_name(self, paper: Paper, name: str) -> list[AuthorPaper]:
        extra = self._sample_data()[0] if is_local(paper) else []
        return await asyncio.to_thread(cached_papers_by_name, self.session.store, name, extra=extra)

    # -- opening a profile's paper in the feed ----------------------------------------

    async def open_paper(self, profile: AuthorProfile, index: int) -> None:
        """Show the author's papers as a feed listing, cursor on the chosen one."""
        papers = await asyncio.to_thread(self.feed_papers, profile)
        if not papers or not 0 <= index < len(profile.papers):
            return
        wanted = paper_from_author_paper(profile.papers[index]).id
        source: Source = "network" if profile.source == "network" else "cache"
        # A search for the name: `r` then asks Hugging Face for papers matching it.
        listing = Listing(FeedKey("search", profile.name), papers, profile.fetched_at or utcnow(), source)
        self.ui.key = listing.key
        self.ui.show_listing(listing, cursor_id=wanted)
        origin = {"network": "Semantic Scholar", "cache": "cached profile", "sample": "bundled sample"}
        self.ui.status = self.ui.status._replace(
            view=f"Papers of {profile.name}",
            how_many=f"{len(papers)} papers",
            freshness=f"from the {origin.get(profile.source, 'profile')}",
            notes=(),
        )
        self.ui.focus_feed()

    def feed_papers(self, profile: AuthorProfile) -> list[Paper]:
        """The profile's papers as feed papers, richer copies (cache, Hub, sample) preferred."""
        built = [paper_from_author_paper(item) for item in profile.papers]
        ids = list(dict.fromkeys(p.id for p in built))
        known = {p.id: p for p in self.session.store.papers(ids)}
        known.update({k: v for k, v in self._hub_papers.items() if k not in known})
        if any(is_local(p) for p in built):
            known.update({p.id: p for p in self._sample_data()[0] if p.id not in known})
        seen: set[str] = set()
        result: list[Paper] = []
        for paper in built:
            if paper.id in seen:
                continue
            seen.add(paper.id)
            better = known.get(paper.id)
            result.append(paper.merged_with(better) if better is not None else paper)
        return result
