"""``[`` / ``]`` online: the nearest day with papers, however long the gap, in few requests.

Weekends cost what they always did (the neighbouring days are asked one by one:
a day's listing is the answer when it has papers). Past three empty days the
search widens: the rest of the enclosing ISO week in one ``?week=`` request,
then whole months (``?month=``), one request each. A period's answer names the
days that have papers (``submittedOnDailyAt``); the nearest one is opened (and
cached). One page of a period holds at most 100 papers: when it is full, days
nearer than the nearest one seen may be on later pages, so that stretch is
checked again a level finer (month, then weeks, then days).

The search stops at the nearest cached day with papers (opened from the cache),
at the oldest Daily Papers listing (May 2023), at today, or after
:data:`MAX_STEP_REQUESTS` requests, with a message saying how far it looked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from tui.models import FeedKey, Listing, Paper, iso_week
from tui.services.errors import ServiceError
from tui.services.net.hub import MAX_PAGE_SIZE, HubClient

if TYPE_CHECKING:
    from tui.services.reader.feeds import FeedService
    from tui.services.storage.store import CacheStore

OLDEST_LISTING = date(2023, 5, 1)
"""Hugging Face's Daily Papers start in May 2023: nothing to find before."""
MAX_STEP_REQUESTS = 24
"""At most this many requests for one ``[`` / ``]``: a year of empty months is 12; a 40-day gap
between sparse days takes 7, between full weeks (100+ papers a week) about 15."""
DAY_PROBES = 3
"""Neighbouring days asked one by one before the search widens (a weekend and one more)."""

Level = str  # "day" | "week" | "month"


class StepBudgetExceeded(Exception):
    """The search used :data:`MAX_STEP_REQUESTS` requests without finding a day."""


@dataclass
class DaySearch:
    """One ``[`` / ``]`` search: what it may ask, and what it learnt.

    *fetch_day* fetches (and caches) a day's listing; *fetch_page* returns the
    first page of a week or month; *cached_day* reads a day from the cache.
    """

    fetch_day: Callable[[FeedKey], Awaitable[Listing]]
    fetch_page: Callable[[FeedKey], Awaitable[list[Paper]]]
    cached_day: Callable[[FeedKey], Awaitable[Listing | None]]
    direction: int
    on_progress: Callable[[str], None] | None = None
    on_fetching: Callable[[FeedKey], None] | None = None
    max_requests: int = MAX_STEP_REQUESTS
    requests: int = 0
    days: dict[date, Listing] = field(default_factory=dict)
    """Day listings fetched on the way (the one found is opened without asking again)."""
    periods: dict[FeedKey, tuple[set[date], bool]] = field(default_factory=dict)
    """Week and month pages asked already (a refinement never asks twice)."""

    def _spend(self, what: str) -> None:
        if self.requests >= self.max_requests:
            raise StepBudgetExceeded
        self.requests += 1
        if self.on_progress is not None:
            way = "before" if self.direction < 0 else "after"
            self.on_progress(f"looking for papers {way}: asking {what}… ({self.requests})")

    async def day_has_papers(self, day: date) -> bool:
        key = FeedKey("day", day.isoformat())
        cached = await self.cached_day(key)
        if cached is not None:
            if cached.papers:
                self.days[day] = cached
            return bool(cached.papers)  # a cached empty day (a weekend) costs nothing
        self._spend(key.label)
        if self.on_fetching is not None:
            self.on_fetching(key)
        listing = await self.fetch_day(key)
        if listing.papers:
            self.days[day] = listing
        return bool(listing.papers)

    async def period_days(self, key: FeedKey) -> tuple[set[date], bool]:
        """The days with papers in *key*'s first page, and whether that page was all of it."""
        known = self.periods.get(key)
        if known is None:
            self._spend(key.label)
            papers = await self.fetch_page(key)
            known = self.periods[key] = ({p.day for p in papers if p.day is not None}, len(papers) < MAX_PAGE_SIZE)
        return known


def enclosing(level: Level, day: date) -> FeedKey:
    if level == "week":
        return FeedKey("week", iso_week(day))
    if level == "month":
        return FeedKey("month", day.strftime("%Y-%m"))
    return FeedKey("day", day.isoformat())


def _beyond(day: date, bound: date, direction: int) -> bool:
    """Whether *day* lies past *bound* in *direction*."""
    return (day - bound).days * direction > 0


async def nearest_in(search: DaySearch, cursor: date, stop: date, level: Level) -> date | None:
    """The nearest day with papers from *cursor* to *stop* (both included), asking at *level*."""
    step = timedelta(days=search.direction)
    while not _beyond(cursor, stop, search.direction):
        if level == "day":
            if await search.day_has_papers(cursor):
                return cursor
            cursor += step
            continue
        period = enclosing(level, cursor)
        days = period.days()
        far = days[-1] if search.direction > 0 else days[0]
        end = stop if _beyond(far, stop, search.direction) else far
        seen, complete = await search.period_days(period)
        inside = [d for d in seen if not _beyond(cursor, d, search.direction) and not _beyond(d, end, search.direction)]
        best = (min(inside) if search.direction > 0 else max(inside)) if inside else None
        if complete or best == cursor:
            if best is not None:
                return best
        else:
            # A full page: nearer days may be on later pages; look again, a level finer.
            finer = "week" if level == "month" else "day"
            closer = await nearest_in(search, cursor, end if best is None else best - step, finer)
            if closer is not None or best is not None:
                return closer or best
        cursor = end + step
    return None


async def find_day(search: DaySearch, first: date, stop: date) -> date | None:
    """The nearest day with papers from *first* to *stop*: a few days, then the week, then months."""
    step = timedelta(days=search.direction)
    cursor = first
    for _ in range(DAY_PROBES):
        if _beyond(cursor, stop, search.direction):
            return None
        if await search.day_has_papers(cursor):
            return cursor
        cursor += step
    for level in ("week", "month"):
        if _beyond(cursor, stop, search.direction):
            return None
        period = enclosing(level, cursor).days()
        far = period[-1] if search.direction > 0 else period[0]
        end = stop if level == "month" or _beyond(far, stop, search.direction) else far
        found = await nearest_in(search, cursor, end, level)
        if found is not None:
            return found
        cursor = end + step
    return None


# -- the day step of the reader policy (:meth:`FeedService.step`) ----------------------


@dataclass(frozen=True, slots=True)
class Step:
    """Where ``[`` / ``]`` landed."""

    key: FeedKey | None
    """The listing moved to; None when the step went nowhere (see *message*)."""
    listing: Listing | None = None
    refresh: bool = False
    """True when *listing* came from the cache and should be refreshed."""
    error: ServiceError | None = None
    """The fetch of *key* failed (nothing cached to show)."""
    message: str = ""




async def step_day(
    feeds: FeedService,
    start: FeedKey,
    direction: int,
    on_fetching: Callable[[FeedKey], None] | None,
    on_progress: Callable[[str], None] | None,
) -> Step:
    today = feeds.today()
    first = date.fromisoformat(start.value) + timedelta(days=direction)
    if first > today:
        return Step(None, message="No later listing yet.")
    if first < OLDEST_LISTING:
        return Step(None, message="No earlier listing: Daily Papers start in May 2023.")
    floor = await asyncio.to_thread(nearest_cached_with_papers, feeds.store, first, direction)
    stop = OLDEST_LISTING if direction < 0 else today
    if floor is not None:
        stop = floor - timedelta(days=direction)

    async def cached_day(key: FeedKey) -> Listing | None:
        return await asyncio.to_thread(feeds.cached, key)

    asked: list[FeedKey] = []

    def fetching(key: FeedKey) -> None:
        asked.append(key)
        if on_fetching is not None:
            on_fetching(key)

    search = DaySearch(
        feeds.fetch, partial(first_page, feeds.hub), cached_day, direction, on_progress=on_progress, on_fetching=fetching,
        max_requests=MAX_STEP_REQUESTS if feeds.max_step_requests is None else feeds.max_step_requests,
    )
    way = "before" if direction < 0 else "after"
    try:
        found = None if (first - stop).days * direction > 0 else await find_day(search, first, stop)
    except StepBudgetExceeded:
        return Step(None, message=f"No papers found {way} {start.label} in {search.requests} requests"
                                  " to Hugging Face; press : to go to a date.")
    except ServiceError as error:
        if asked and asked[-1].value not in {d.isoformat() for d in search.days}:
            return Step(asked[-1], error=error)  # the day being fetched failed
        return Step(None, error=error, message=f"cannot look for papers {way} {start.label}: {error}")
    if found is None and floor is not None:
        found = floor
    if found is None:
        if direction > 0:
            return Step(None, message="No later listing yet.")
        return Step(None, message=f"No papers before {start.label}: Daily Papers start in May 2023.")
    key = FeedKey("day", found.isoformat())
    listing = search.days.get(found)
    if listing is None:
        listing = await asyncio.to_thread(feeds.cached, key)
    if listing is not None and listing.papers:
        return Step(key, listing, refresh=listing.source == "cache")
    try:
        return Step(key, await feeds.fetch(key))
    except ServiceError as error:
        return Step(key, error=error)

async def first_page(hub: HubClient, key: FeedKey) -> list[Paper]:
    """The first page (up to 100 papers) of a week or month: which of its days have papers."""
    return await hub.daily(key, page_size=MAX_PAGE_SIZE, max_pages=1)

def nearest_cached_with_papers(store: CacheStore, first: date, direction: int) -> date | None:
    """The nearest cached day with papers from *first* on, in *direction* (or None)."""
    days = store.listing_days()  # newest first, non-empty only
    wanted = first.isoformat()
    if direction < 0:
        pick = next((d for d in days if d <= wanted), None)
    else:
        pick = next((d for d in reversed(days) if d >= wanted), None)
    try:
        return date.fromisoformat(pick) if pick else None
    except ValueError:
        return None

def nearest_cached_day(feeds: FeedService, start: FeedKey, steps: int) -> Step:
    """Offline ``[`` / ``]``: the nearest cached day with papers before / after *start*."""
    days = feeds.store.listing_days()  # newest first, non-empty only
    if steps < 0:
        earlier = [d for d in days if d < start.value]
        pick = earlier[min(len(earlier), -steps) - 1] if earlier else None
    else:
        later = sorted(d for d in days if d > start.value)
        pick = later[min(len(later), steps) - 1] if later else None
    if pick is None:
        direction = "earlier" if steps < 0 else "later"
        return Step(None, message=f"offline - no {direction} cached day with papers")
    key = FeedKey("day", pick)
    return Step(key, feeds.cached(key), refresh=False)
