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

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tui.models import FeedKey, Listing, Paper, iso_week
from tui.services.net.hub import MAX_PAGE_SIZE

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
