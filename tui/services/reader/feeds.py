"""The reader policy: what a view shows, for the UI and ``papers-tui feed`` alike.

Local first: the cache answers at once, the network refreshes it. The rules
live here once and both front ends follow them:

- a view opens from the cache; the first start with an empty cache shows the
  bundled sample; a week or month never fetched as such is assembled from its
  cached days (:meth:`CacheStore.listing`);
- a refresh that comes back empty never replaces papers the user had;
- ``[`` / ``]`` step to the previous / next listing with papers, however far
  (online in few requests: a week or month answers for many days at once);
- a search shows the cache's hits first, then merges Hugging Face's in;
- the library is every cached paper, paged out of SQLite.

Everything that touches SQLite from an ``async`` method runs in a thread
(:func:`asyncio.to_thread`), so the event loop of the UI never waits on disk.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from tui.models import FeedKey, Listing, Paper, iso_week, utcnow
from tui.services.errors import ServiceError
from tui.services.reader.library_index import LibraryIds
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore

if TYPE_CHECKING:
    from tui.services.net.hub import HubClient
    from tui.services.reader.search import SearchIds
    from tui.services.reader.stepping import Step

# Searching and stepping (and the HTTP client) are imported when first used: the reader's
# first titles come from the cache without them.

SampleLoader = Callable[[], list[Paper]]
Today = Callable[[], date]



def _load_sample() -> list[Paper]:
    from tui.services.reader.sample import load_sample

    return load_sample()[0]


def listing_day(papers: list[Paper]) -> str | None:
    """The Daily Papers day most of *papers* were added on."""
    days = Counter(p.submitted_at.date().isoformat() for p in papers if p.submitted_at)
    return days.most_common(1)[0][0] if days else None


class Opening(NamedTuple):
    """What a (non-search, non-library) view shows the moment it opens."""

    listing: Listing | None
    """The cached (or sample) listing; None when there is nothing to show yet."""
    refresh: bool
    """Whether to ask the network for a fresher copy now."""
    empty_reason: str = ""
    """Why nothing is shown (``loading…``, ``offline - … is not cached``)."""


class PeriodPlan(NamedTuple):
    """The days ``F`` fetches into the cache (empty *days*: say *message*)."""

    key: FeedKey
    days: list[date]
    message: str = ""


class MergedSearch(NamedTuple):
    """A search merged with Hugging Face's: cached hits first, then remote-only ones."""

    listing: Listing
    remote_ids: frozenset[str]
    note: str
    """``4 cached · 8 remote ☁``."""


class FeedService:
    """Reads listings from the cache and refreshes them from Hugging Face."""

    def __init__(
        self,
        store: CacheStore,
        library: UserLibrary,
        hub: HubClient | Callable[[], HubClient],
        *,
        offline: bool = False,
        sample_loader: SampleLoader = _load_sample,
        today: Today = date.today,
    ) -> None:
        self.store = store
        self.library = library
        self._hub = hub
        self.offline = offline
        self.today = today
        """The calendar (tests set a fixed day)."""
        self._sample_loader = sample_loader
        self.cache_problem = ""
        """Why the last fetched listing could not be stored (empty when it was)."""
        self.max_step_requests: int | None = None
        """The most requests one ``[`` / ``]`` may make online (None: :data:`~tui.services.reader.stepping.MAX_STEP_REQUESTS`)."""

    @property
    def hub(self) -> HubClient:
        """The Hugging Face client (given, or asked of the given callable: the session's, built on first use)."""
        return self._hub() if callable(self._hub) else self._hub

    # -- the cache ------------------------------------------------------------

    def cached(self, key: FeedKey) -> Listing | None:
        """What the cache (or user data) holds for *key*, instantly."""
        if key.kind == "latest":
            return self.store.latest_listing()
        if key.kind == "bookmarks":
            return Listing(key, [p for p, _ in self.library.bookmarks()], utcnow(), "cache")
        listing = self.store.listing(key, self.today())
        if listing is None and self.offline and key.kind in ("week", "month"):
            # Offline, a partly cached period opens with what is there (the status says how much).
            listing = self.store.partial_period(key, self.today())
        return listing

    def sample(self) -> Listing:
        return Listing(FeedKey("day", "sample"), self._sample_loader(), None, "sample")

    def opening(self, key: FeedKey) -> Opening:
        """What *key* shows at once, and whether to refresh it (not for search / library)."""
        cached = self.cached(key)
        if cached is None and key.kind == "latest":
            cached = self.sample()  # first start with an empty cache: something real to read at once
        refresh = key.kind != "bookmarks" and not self.offline
        if cached is not None:
            return Opening(cached, refresh)
        if self.offline:
            return Opening(None, False, f"offline - {key.label} is not cached")
        return Opening(None, refresh, "loading…" if refresh else "")

    async def opening_async(self, key: FeedKey) -> Opening:
        return await asyncio.to_thread(self.opening, key)

    def library_ids(self) -> LibraryIds:
        """Every cached paper id, newest first, paged (cheap at 100,000)."""
        return LibraryIds(self.store)

    @staticmethod
    def warm_library_order(ids: LibraryIds) -> None:
        """Take the order snapshot past the first screenful now (~20 ms at 100,000; call in a thread).

        Otherwise the first page-down would take it on the event loop.
        """
        ids.warm()

    # -- the network ------------------------------------------------------------

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
            from tui.services.reader.search import REMOTE_SEARCH_LIMIT, merged_papers, search_cache_or_nothing

            # Cached hits first, then what only Hugging Face found (tui.services.reader.search).
            local = await asyncio.to_thread(search_cache_or_nothing, self.store, key.value)
            papers = await self.hub.search(key.value, limit=REMOTE_SEARCH_LIMIT)
        else:
            raise ServiceError(f"{key.label} has nothing to fetch")
        if not papers and key.kind != "search":
            previous = await asyncio.to_thread(self.store.listing, key, self.today())
            if previous is not None and previous.papers:
                # A listing never shrinks to nothing: keep what the user had.
                raise ServiceError(f"Hugging Face returned no papers for {key.label}; keeping the cached copy")
        fetched_at = utcnow()
        self.cache_problem = await asyncio.to_thread(self._save, key, papers, fetched_at)
        if key.kind == "search":
            papers = await asyncio.to_thread(merged_papers, self.store, local, papers)
        return Listing(key, papers, fetched_at, "network")

    def _save(self, key: FeedKey, papers: list[Paper], fetched_at: datetime) -> str:
        try:
            self.store.save_listing(key, papers, fetched_at)
            self.library.refresh_snapshots(papers)
        except sqlite3.Error as error:
            # A full or read-only disk: show what arrived, say it could not be kept.
            return f"cannot save to the cache ({error}); showing it unsaved"
        return ""

    async def get_or_fallback(self, key: FeedKey) -> tuple[Listing, ServiceError | None]:
        """The freshest listing we can have: network, else cache, else the sample."""
        try:
            return await self.fetch(key), None
        except ServiceError as error:
            cached = await asyncio.to_thread(self.cached, key)
            if cached is not None:
                return cached, error
            if key.kind == "latest":
                return self.sample(), error
            raise

    # -- stepping ---------------------------------------------------------------

    async def step(
        self,
        start: FeedKey,
        steps: int,
        *,
        on_fetching: Callable[[FeedKey], None] | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> Step:
        """Move *steps* listings from *start*; a day step goes to the nearest day with papers.

        Offline, the nearest cached day with papers, however far. Online, the
        neighbouring days, then a week or month at a time (:mod:`tui.services.reader.stepping`),
        in at most :data:`~tui.services.reader.stepping.MAX_STEP_REQUESTS` requests.
        *on_fetching* is told each day fetched, *on_progress* what the search is asking.
        """
        from tui.services.reader.stepping import Step, nearest_cached_day, step_day

        if start.kind == "day" and steps:
            if self.offline:
                return await asyncio.to_thread(nearest_cached_day, self, start, steps)
            step = Step(start)
            for _ in range(abs(steps)):
                assert step.key is not None
                step = await step_day(self, step.key, 1 if steps > 0 else -1, on_fetching, on_progress)
                if step.key is None or step.listing is None:
                    break
            return step
        key = start.shifted(steps)
        if key.days() and key.days()[0] > self.today():
            return Step(None, message="No later listing yet.")
        cached = await asyncio.to_thread(self.cached, key)
        if cached is not None:
            return Step(key, cached, refresh=not self.offline)
        if self.offline:
            return Step(None, message=f"offline - {key.label} is not cached")
        if on_fetching is not None:
            on_fetching(key)
        try:
            return Step(key, await self.fetch(key))
        except ServiceError as error:
            return Step(key, error=error)

    def period_coverage(self, key: FeedKey) -> str:
        """``14 of 21 days cached`` for a week or month only partly in the cache ("" otherwise)."""
        if key.kind not in ("week", "month"):
            return ""
        cached, total = self.store.period_days_cached(key, self.today())
        return f"{cached} of {total} days cached" if 0 < cached < total else ""

    def period_to_fetch(self, key: FeedKey) -> PeriodPlan:
        """The week or month ``F`` fills: the one on screen, a day's week, else this week."""
        today = self.today()
        if key.kind == "day":
            key = FeedKey("week", iso_week(date.fromisoformat(key.value)))
        elif key.kind not in ("week", "month"):
            key = FeedKey("week", iso_week(today))
        days = [d for d in key.days() if d <= today]
        return PeriodPlan(key, days, "" if days else f"{key.label} has not started yet.")

    async def assemble_period(self, key: FeedKey) -> Listing | None:
        return await asyncio.to_thread(self.store.assemble_period, key, self.today())

    # -- search -----------------------------------------------------------------

    @staticmethod
    def search_problem(text: str) -> str:
        """Why *text* cannot be searched (empty when it can)."""
        from tui.services.reader.search import SearchQueryError, build_fts_query

        try:
            if build_fts_query(text) is None:
                return "type something to search for: press /"
        except SearchQueryError as error:
            return str(error)
        return ""

    async def search_local(self, text: str) -> list[str]:
        """The cache's hits for *text*, best first (in a thread: tens of ms at 100,000)."""
        from tui.services.reader.search import search_cache

        return await asyncio.to_thread(search_cache, self.store, text)

    async def search_ranked(self, text: str) -> SearchIds:
        """Every hit for *text*: the true count, the first page ranked, more ranked as they are read."""
        from tui.services.reader.search import SearchIds

        return await asyncio.to_thread(SearchIds, self.store, text)

    async def search_merged(self, key: FeedKey, local_ids: list[str]) -> MergedSearch:
        """Hugging Face's results merged after the cached hits; raises ServiceError."""
        listing = await self.fetch(key)
        local = set(local_ids)
        cached = sum(1 for paper in listing.papers if paper.id in local)
        remote = frozenset(paper.id for paper in listing.papers if paper.id not in local)
        return MergedSearch(listing, remote, f"{cached} cached · {len(listing.papers) - cached} remote ☁")

    # -- the command line ---------------------------------------------------------

    async def papers_for_cli(self, key: FeedKey, *, refresh: bool) -> tuple[Iterator[Paper], str]:
        """What ``papers-tui feed`` prints, and a line for stderr ("" when all is well)."""
        if key.kind == "library":
            return self._library_papers(), ""
        if key.kind == "search":
            return await self._search_for_cli(key)
        if self.offline or not (refresh or key.kind == "latest"):
            cached = await asyncio.to_thread(self.cached, key)
            if cached is not None:
                return iter(cached.papers), ""
            if self.offline:
                if key.kind == "latest":
                    return iter(self.sample().papers), "offline - nothing cached, showing the bundled sample"
                raise ServiceError(f"offline and {key.label} is not cached")
        listing, error = await self.get_or_fallback(key)
        return iter(listing.papers), f"{error}; showing the {listing.source} copy" if error else ""

    def _library_papers(self) -> Iterator[Paper]:
        ids = self.store.library_ids()
        for start in range(0, len(ids), 500):
            yield from self.store.papers(ids[start : start + 500])

    async def _search_for_cli(self, key: FeedKey) -> tuple[Iterator[Paper], str]:
        from tui.services.reader.search import SearchIds, SearchQueryError

        try:
            hits = await asyncio.to_thread(SearchIds, self.store, key.value)
        except SearchQueryError as error:
            raise ServiceError(str(error)) from None
        local = hits[: hits.loaded]
        shown = f"{hits.summary()} (the best matches; narrow the query for the rest)" if hits.loaded < len(hits) else ""
        if self.offline:
            return iter(self.store.papers(local)), shown
        try:
            listing = await self.fetch(key)
        except ServiceError as error:
            return iter(self.store.papers(local)), f"{error}; showing cached results only"
        return iter(listing.papers), ""
