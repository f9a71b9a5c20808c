"""The author sidebar's behaviour: profiles fetched, cached and shown (issue 4).

A mixin of :class:`tui.app.PapersApp`. Profiles are fetched only once the user
is in the sidebar (``a``, or ``tab`` into the author list): moving through the
feed lists the highlighted paper's authors but never calls Semantic Scholar,
whose shared anonymous pool rate-limits quickly. In the sidebar every choice
runs one exclusive worker (group ``author``): a cached profile is painted at
once; a network fetch starts only after :data:`AUTHOR_DEBOUNCE` seconds
without another choice, and a newer choice cancels the older worker, sleep or
request alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual import work

from tui.models import AuthorPaper, AuthorProfile, FeedKey, Listing, Paper, Source, utcnow
from tui.services.author_cache import (
    build_author_service,
    cached_papers_by_name,
    close_author_service,
    is_local,
    match_author,
    offline_profile,
    paper_from_author_paper,
)
from tui.services.authors import DEFAULT_MAX_AGE, AuthorService, newest_first
from tui.services.errors import OfflineError, ServiceError
from tui.widgets.author_sidebar import AuthorSidebar, Tone
from tui.widgets.status_line import age

if TYPE_CHECKING:
    from tui.app import PapersApp

AUTHOR_DEBOUNCE = 0.25
"""Seconds the sidebar waits for the user to stop choosing before it asks the network."""

_Show = Callable[[AuthorProfile, str, Tone], None]


def _listed_below(count: int) -> str:
    return f"{count} cached paper{'s' if count != 1 else ''} by this name listed below"


class AuthorActions:
    """``a``, the author list and the author's papers."""

    author_debounce: float = AUTHOR_DEBOUNCE
    """Seconds of quiet before a network request (tests lengthen it to make speed irrelevant)."""
    _author_service: AuthorService | None = None
    _hub_papers: dict[str, Paper] | None = None
    """Papers the Code-marker lookups fetched from Hugging Face (links included)."""
    _sample_profiles: list[AuthorProfile] | None = None
    _sample_papers: list[Paper] | None = None

    # -- wiring ---------------------------------------------------------------

    @property
    def _app(self) -> PapersApp:
        return cast("PapersApp", self)

    @property
    def authors_sidebar(self) -> AuthorSidebar:
        return self._app.query_one(AuthorSidebar)

    def author_service(self) -> AuthorService:
        """The profile service, created on first use from the session and environment."""
        if self._author_service is None:
            self._hub_papers = {}
            self._author_service = build_author_service(
                self._app.session, on_retry=self._author_retrying, seen=self._hub_papers
            )
        return self._author_service

    async def _close_author_clients(self) -> None:
        """Close the Semantic Scholar and arXiv clients (called from ``on_unmount``)."""
        if self._author_service is not None:
            service, self._author_service = self._author_service, None
            await close_author_service(service)

    def _author_retrying(self, reason: str, seconds: float) -> None:
        sidebar = self.authors_sidebar
        if sidebar.target is not None:
            sidebar.set_status(reason, "warn")

    # -- choosing -------------------------------------------------------------

    def action_focus_authors(self) -> None:
        """Move into the highlighted paper's authors, starting with the first."""
        app, sidebar = self._app, self.authors_sidebar
        if not sidebar.display:
            app.notify("The author sidebar is hidden in a terminal this narrow: widen it.", timeout=4)
            return
        # The feed's cursor, not app.current: the abstract pane lags it by a debounce.
        paper = app.feed.source.paper(app.feed.cursor) if len(app.feed.source) else app.current
        sidebar.show_paper(paper)
        sidebar.names.focus()
        if paper is None or not paper.authors:
            sidebar.show_idle("This paper lists no authors." if paper else "No paper selected.")
            return
        sidebar.names.highlighted = 0
        sidebar.target = (paper.id, 0)
        self.load_author(paper, 0)  # always (re)load: a second `a` retries after an error

    def on_author_sidebar_author_chosen(self, message: AuthorSidebar.AuthorChosen) -> None:
        sidebar = self.authors_sidebar
        key = (message.paper.id, message.index)
        if sidebar.paper is None or sidebar.paper.id != message.paper.id or sidebar.target == key:
            return  # from a paper no longer listed, or already shown / on its way
        sidebar.target = key
        self.load_author(message.paper, message.index)

    def on_author_sidebar_abandoned(self, message: AuthorSidebar.Abandoned) -> None:
        # Another paper came up: a profile still loading is stale, stop its requests
        # (unless a new choice already started; its exclusive worker replaced the old one).
        if self.authors_sidebar.target is None:
            self._app.workers.cancel_group(self._app, "author")

    # -- loading --------------------------------------------------------------

    @work(exclusive=True, group="author", exit_on_error=False)
    async def load_author(self, paper: Paper, index: int) -> None:
        """Show author *index* of *paper*: sample, cache, then (debounced) the network."""
        sidebar = self.authors_sidebar
        key = (paper.id, index)
        name = paper.authors[index].name

        def show(profile: AuthorProfile, status: str, tone: Tone = "info") -> None:
            if sidebar.target == key:
                sidebar.show_profile(profile, status, tone)

        try:
            sample = self._sample_profile(paper, name)
            if sample is not None:
                show(sample, "bundled sample profile (works offline)")
                return
            service = self.author_service()
            cached = await self._cached_author(service, paper, index, name)
            if cached is not None:
                status, tone = self._profile_status(cached)
                fresh = cached.fetched_at is not None and utcnow() - cached.fetched_at <= DEFAULT_MAX_AGE
                if self._app.offline or fresh:
                    show(cached, status, tone)
                    return
                show(cached, status + " · refreshing…", "busy")
            elif self._app.offline:
                papers = self._papers_by_name(paper, name)
                show(
                    offline_profile(name, papers),
                    f"offline – not cached ({_listed_below(len(papers))})",
                    "warn",
                )
                return
            elif sidebar.target == key:
                sidebar.show_loading(name)
            await asyncio.sleep(self.author_debounce)
            await self._fetch_author(service, paper, index, name, have_cache=cached is not None, show=show)
        except Exception as error:  # a bug must not leave "loading…" on screen forever
            if sidebar.target == key:
                sidebar.set_status(f"internal error: {error}", "error")
            raise

    async def _cached_author(
        self, service: AuthorService, paper: Paper, index: int, name: str
    ) -> AuthorProfile | None:
        """The full cached profile of the author, without any request; None when not cached."""
        try:
            metrics = match_author(await service.paper_authors(paper, offline=True), index, name)
            if metrics.author_id is None:
                return None
            return await service.full_profile(metrics, offline=True)
        except OfflineError:
            return None

    async def _fetch_author(
        self,
        service: AuthorService,
        paper: Paper,
        index: int,
        name: str,
        *,
        have_cache: bool,
        show: _Show,
    ) -> None:
        try:
            metrics = match_author(await service.paper_authors(paper), index, name)
            if metrics.author_id is None:
                papers = self._papers_by_name(paper, name)
                show(
                    offline_profile(name, papers),
                    f"not found on Semantic Scholar ({_listed_below(len(papers))})",
                    "warn",
                )
                return
            if not have_cache:
                show(metrics, "loading papers…", "busy")
            full = await service.full_profile(metrics)
        except ServiceError as error:
            if have_cache:
                if self.authors_sidebar.target == (paper.id, index):
                    self.authors_sidebar.set_status(f"{error} – showing the cached profile", "warn")
                return
            papers = self._papers_by_name(paper, name)
            show(offline_profile(name, papers), f"{error} ({_listed_below(len(papers))})", "error")
            return
        text, tone = self._profile_status(full)
        if full.source == "cache":
            text += " (refresh failed)"
        show(full, text, tone)

    def _profile_status(self, profile: AuthorProfile) -> tuple[str, Tone]:
        parts: list[str] = []
        if profile.uncertain:
            parts.append("match uncertain (found by name)")
        if profile.source == "cache":
            parts.append(("offline – " if self._app.offline else "") + f"cached {age(profile.fetched_at)}")
        else:
            parts.append("Semantic Scholar · arXiv")
        return " · ".join(parts), "warn" if profile.uncertain else "info"

    # -- the bundled sample and the cache ----------------------------------------

    def _load_sample(self) -> None:
        if self._sample_profiles is None:
            from tui.services.sample import load_sample

            papers, profiles = load_sample()
            self._sample_papers, self._sample_profiles = papers, profiles

    def _sample_profile(self, paper: Paper, name: str) -> AuthorProfile | None:
        """The bundled profile of *name* when *paper* is one of the sample's (local) papers."""
        if not is_local(paper):
            return None
        self._load_sample()
        wanted = " ".join(name.casefold().split())
        for profile in self._sample_profiles or []:
            if " ".join(profile.name.casefold().split()) == wanted:
                return replace(profile, source="sample", papers=newest_first(profile.papers))
        return None

    def _papers_by_name(self, paper: Paper, name: str) -> list[AuthorPaper]:
        extra: list[Paper] = []
        if is_local(paper):
            self._load_sample()
            extra = self._sample_papers or []
        return cached_papers_by_name(self._app.session.store, name, extra=extra)

    # -- opening a profile's paper in the feed ----------------------------------

    def on_author_sidebar_paper_opened(self, message: AuthorSidebar.PaperOpened) -> None:
        """Show the author's papers as a feed listing, cursor on the chosen one."""
        app = self._app
        profile = message.profile
        papers = self._feed_papers(profile)
        if not papers or not 0 <= message.index < len(profile.papers):
            return
        wanted = paper_from_author_paper(profile.papers[message.index]).id
        source: Source = "network" if profile.source == "network" else "cache"
        # A search for the name: `r` then asks Hugging Face for papers matching it.
        app.show_listing(
            Listing(FeedKey("search", profile.name), papers, profile.fetched_at or utcnow(), source)
        )
        app.status.view = f"Papers of {profile.name}"
        origin = {"network": "Semantic Scholar", "cache": "cached profile", "sample": "bundled sample"}
        app.status.detail = f"{len(papers)} papers · from the {origin.get(profile.source, 'profile')}"
        ids = list(app.feed.source.ids())
        app.feed.cursor = ids.index(wanted) if wanted in ids else 0
        app.feed.focus()

    def _feed_papers(self, profile: AuthorProfile) -> list[Paper]:
        """The profile's papers as feed papers, richer copies (cache, Hub, sample) preferred."""
        built = [paper_from_author_paper(item) for item in profile.papers]
        ids = list(dict.fromkeys(p.id for p in built))
        known = {p.id: p for p in self._app.session.store.papers(ids)}
        known.update({k: v for k, v in (self._hub_papers or {}).items() if k not in known})
        if any(is_local(p) for p in built):
            self._load_sample()
            known.update({p.id: p for p in self._sample_papers or [] if p.id not in known})
        seen: set[str] = set()
        result: list[Paper] = []
        for paper in built:
            if paper.id in seen:
                continue
            seen.add(paper.id)
            better = known.get(paper.id)
            result.append(paper.merged_with(better) if better is not None else paper)
        return result
