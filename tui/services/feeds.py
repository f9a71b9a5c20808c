"""Local-first listings: the cache answers at once, the network refreshes it.

The UI and the headless CLI both go through :class:`FeedService`, so a
listing fetched by either opens again offline in the other.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Callable

from tui.models import FeedKey, Listing, Paper, utcnow
from tui.services.errors import ServiceError
from tui.services.hub import HubClient
from tui.services.library import UserLibrary
from tui.services.search import REMOTE_SEARCH_LIMIT, merged_papers, search_cache_or_nothing
from tui.services.store import CacheStore

SampleLoader = Callable[[], list[Paper]]


def _load_sample() -> list[Paper]:
    from tui.services.sample import load_sample

    return load_sample()[0]


def listing_day(papers: list[Paper]) -> str | None:
    """The Daily Papers day most of *papers* were added on."""
    days = Counter(p.submitted_at.date().isoformat() for p in papers if p.submitted_at)
    return days.most_common(1)[0][0] if days else None


class FeedService:
    """Reads listings from the cache and refreshes them from Hugging Face."""

    def __init__(
        self,
        store: CacheStore,
        library: UserLibrary,
        hub: HubClient,
        *,
        sample_loader: SampleLoader = _load_sample,
    ) -> None:
        self.store = store
        self.library = library
        self.hub = hub
        self._sample_loader = sample_loader
        self.cache_problem = ""
        """Why the last fetched listing could not be stored (empty when it was)."""

    def cached(self, key: FeedKey) -> Listing | None:
        """What the cache (or user data) holds for *key*, instantly."""
        if key.kind == "latest":
            return self.store.latest_listing()
        if key.kind == "bookmarks":
            return Listing(key, [p for p, _ in self.library.bookmarks()], utcnow(), "cache")
        return self.store.listing(key)

    def sample(self) -> Listing:
        return Listing(FeedKey("day", "sample"), self._sample_loader(), None, "sample")

    async def fetch(self, key: FeedKey) -> Listing:
        """Fetch *key* from the network and store it; raises ServiceError."""
        local: list[str] = []
        if key.kind in ("day", "week", "month"):
            papers = await self.hub.daily(key)
        elif key.kind == "latest":
            papers = await self.hub.daily(key)
            day = listing_day(papers)
            if day is not None:
                key = FeedKey("day", day)
        elif key.kind == "trending":
            papers = await self.hub.trending()
        elif key.kind == "search":
            # Cached hits first, then what only Hugging Face found (tui.services.search).
            local = await asyncio.to_thread(search_cache_or_nothing, self.store, key.value)
            papers = await self.hub.search(key.value, limit=REMOTE_SEARCH_LIMIT)
        else:
            raise ServiceError(f"{key.label} has nothing to fetch")
        if not papers and key.kind != "search":
            previous = self.store.listing(key)
            if previous is not None and previous.papers:
                # A listing never shrinks to nothing: keep what the user had.
                raise ServiceError(
                    f"Hugging Face returned no papers for {key.label}; keeping the cached copy"
                )
        fetched_at = utcnow()
        self.cache_problem = ""
        try:
            self.store.save_listing(key, papers, fetched_at)
            self.library.refresh_snapshots(papers)
        except sqlite3.Error as error:
            # A full or read-only disk: show what arrived, say it could not be kept.
            self.cache_problem = f"cannot save to the cache ({error}); showing it unsaved"
        if key.kind == "search":
            papers = merged_papers(self.store, local, papers)
        return Listing(key, papers, fetched_at, "network")

    async def get(self, key: FeedKey, *, refresh: bool = False) -> Listing:
        """Cache first (unless *refresh*), else the network; errors propagate."""
        if not refresh:
            cached = self.cached(key)
            if cached is not None:
                return cached
        return await self.fetch(key)

    async def get_or_fallback(self, key: FeedKey) -> tuple[Listing, ServiceError | None]:
        """The freshest listing we can have: network, else cache, else the sample."""
        try:
            return await self.fetch(key), None
        except ServiceError as error:
            cached = self.cached(key)
            if cached is not None:
                return cached, error
            if key.kind == "latest":
                return self.sample(), error
            raise
