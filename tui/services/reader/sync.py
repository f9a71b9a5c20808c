"""Fetching every daily listing in a date range into the cache (no Textual).

Used by ``papers-tui sync`` and by the app's background "fetch this week /
month". Each day is fetched and committed on its own, so an interrupted run
(Ctrl-C, a dropped network) keeps what it got, and the next run skips the days
already complete. Weekends and other empty days are complete days too.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time

from tui.models import FeedKey, Paper, utcnow
from tui.services.errors import OfflineError, RateLimitedError, ServiceError
from tui.services.net.hub import HubClient
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore

MAX_RANGE_DAYS = 3660
"""Ten years: a bigger range is almost certainly a typo in a date."""


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a run is; handed to the progress callback after every day."""

    days_done: int
    """Days fetched or failed so far (skipped days are not counted)."""
    days_total: int
    """Days this run fetches (the range minus the days already complete)."""
    papers: int
    """Papers received so far."""
    elapsed: float
    """Seconds since the run started."""
    day: date | None = None
    """The day just finished, or being waited on."""
    note: str = ""
    """What is happening besides fetching (``rate limited: waiting 40 s``)."""

    @property
    def rate(self) -> float:
        """Papers per second so far."""
        return self.papers / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace so far (None before the first day is done)."""
        if self.days_done == 0:
            return None
        return self.elapsed / self.days_done * (self.days_total - self.days_done)


@dataclass(frozen=True, slots=True)
class DayFailure:
    day: date
    reason: str


@dataclass(slots=True)
class SyncSummary:
    """What a run did; kept up to date while it runs, so an interrupted run can say so."""

    fetched: list[date] = field(default_factory=list)
    skipped: list[date] = field(default_factory=list)
    """Days already complete in the cache."""
    future: list[date] = field(default_factory=list)
    """Days after today in the range (nothing to fetch yet)."""
    failed: list[DayFailure] = field(default_factory=list)
    not_attempted: list[date] = field(default_factory=list)
    """Days left when the run stopped early (network gone, rate limit outlasted)."""
    papers: int = 0
    new: int = 0
    updated: int = 0
    empty_days: int = 0
    rate_limit_waits: int = 0
    elapsed: float = 0.0
    cancelled: bool = False
    stopped: str = ""
    """Why the run stopped before the last day ("" when it did not)."""

    @property
    def ok(self) -> bool:
        """True when every day in the range is now complete in the cache."""
        return not self.failed and not self.not_attempted and not self.cancelled


ProgressCallback = Callable[[SyncProgress], None]
Sleep = Callable[[float], Awaitable[None]]


def day_range(since: date, until: date) -> list[date]:
    """Every calendar day from *since* to *until*, inclusive (empty if reversed)."""
    return [since + timedelta(days=i) for i in range((until - since).days + 1)]


def resolve_range(
    since: str | None, until: str | None, days: int | None, *, today: date | None = None
) -> tuple[date, date]:
    """The (first, last) day a ``sync`` command line asks for.

    Raises:
        ValueError: a malformed date, ``--until`` before ``--since``, ``--days``
            under 1, or a range over ten years; the message says which.
    """
    today = today or date.today()

    def parse(value: str, flag: str) -> date:
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{flag} {value!r} is not a date (expected YYYY-MM-DD, e.g. 2025-03-12)") from None

    last = parse(until, "--until") if until else today
    if days is not None:
        if days < 1:
            raise ValueError(f"--days must be at least 1 (got {days})")
        first = last - timedelta(days=days - 1)
    elif since:
        first = parse(since, "--since")
    else:
        raise ValueError("say which days: --since YYYY-MM-DD or --days N")
    if last < first:
        raise ValueError(f"--until {last} is before --since {first}")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValueError(f"{first} .. {last} is more than ten years; sync it in parts")
    return first, last


class SyncRunner:
    """Fetches a range of daily listings into *store*, one committed day at a time.

    Args:
        store: The cache the days go into.
        hub: The Hugging Face client (its HttpService already retries 5xx and
            short 429s; this class adds a pause-and-retry for longer rate limits).
        library: When given, bookmark snapshots are refreshed from fetched papers.
        refetch: Fetch days that are already complete too.
        require_ended: Count a cached day as complete only if it was fetched
            after the day ended (UTC); a day fetched while still running may
            have gained papers since.
        rate_limit_retries: How many times one day is retried after a rate limit.
        max_rate_wait: A rate limit asking for longer than this stops the run.
        on_progress: Called with a :class:`SyncProgress` after every day.
        today: The last day that can have a listing (default: today).
    """

    def __init__(
        self,
        store: CacheStore,
        hub: HubClient,
        *,
        library: UserLibrary | None = None,
        refetch: bool = False,
        require_ended: bool = True,
        rate_limit_retries: int = 3,
        max_rate_wait: float = 900.0,
        on_progress: ProgressCallback | None = None,
        today: date | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.hub = hub
        self.library = library
        self.refetch = refetch
        self.require_ended = require_ended
        self.rate_limit_retries = rate_limit_retries
        self.max_rate_wait = max_rate_wait
        self.on_progress = on_progress
        self.today = today
        self._sleep = sleep
        self._clock = clock
        self._now = now
        self.summary = SyncSummary()

    # -- planning -------------------------------------------------------------

    def is_complete(self, day: date, fetched_at: datetime | None) -> bool:
        """Whether a day fetched at *fetched_at* needs no new fetch."""
        if fetched_at is None:
            return False
        if not self.require_ended:
            return True
        return fetched_at >= datetime.combine(day + timedelta(days=1), day_time(0), tzinfo=UTC)

    def plan(self, days: Sequence[date]) -> tuple[list[date], list[date], list[date]]:
        """(days to fetch, days already complete, days in the future) for *days*, oldest first."""
        today = self.today or date.today()
        keys = {day: FeedKey("day", day.isoformat()) for day in days}
        fetched = {} if self.refetch else self.store.listing_fetched_at(list(keys.values()))
        wanted: list[date] = []
        skipped: list[date] = []
        future: list[date] = []
        for day in sorted(days):
            if day > today:
                future.append(day)
            elif self.is_complete(day, fetched.get(keys[day])):
                skipped.append(day)
            else:
                wanted.append(day)
        return wanted, skipped, future

    # -- running --------------------------------------------------------------

    async def run(self, since: date, until: date) -> SyncSummary:
        """Fetch every day from *since* to *until*; the summary (also on :attr:`summary`).

        Cancelling the task stops after the day being written is committed;
        :attr:`summary` then says what was done, with ``cancelled`` set.
        """
        summary = self.summary = SyncSummary()
        started = self._clock()
        wanted, summary.skipped, summary.future = self.plan(day_range(since, until))
        self._report(len(wanted), started)
        try:
            for index, day in enumerate(wanted):
                reason = await self._sync_day(day, len(wanted), started)
                if reason:
                    summary.stopped = reason
                    summary.not_attempted = wanted[index + 1 :]
                    break
                self._report(len(wanted), started, day)
        except asyncio.CancelledError:
            summary.cancelled = True
            raise
        finally:
            summary.elapsed = self._clock() - started
        return summary

    async def _sync_day(self, day: date, total: int, started: float) -> str:
        """Fetch and store one day; a non-empty reason means stop the whole run."""
        summary = self.summary
        key = FeedKey("day", day.isoformat())
        retries = 0
        while True:
            try:
                papers = await self.hub.daily(key)
                break
            except RateLimitedError as error:
                if retries >= self.rate_limit_retries or error.retry_after > self.max_rate_wait:
                    summary.failed.append(DayFailure(day, str(error)))
                    return f"rate limited by {error.service}; run again later to resume"
                retries += 1
                summary.rate_limit_waits += 1
                wait = max(0.0, error.retry_after)
                self._report(total, started, day, note=f"rate limited: waiting {wait:.0f} s")
                await self._sleep(wait)
            except OfflineError as error:
                summary.failed.append(DayFailure(day, str(error)))
                return f"{error}; run again to resume"
            except ServiceError as error:
                summary.failed.append(DayFailure(day, str(error)))
                return ""
        if not papers:
            previous = self.store.listing(key)
            if previous is not None and previous.papers:
                # A day never shrinks to nothing (as in FeedService.fetch): keep the cached copy.
                summary.failed.append(DayFailure(day, "Hugging Face returned no papers; kept the cached copy"))
                return ""
        try:
            await self._save(day, key, papers)
        except (sqlite3.Error, OSError) as error:
            summary.failed.append(DayFailure(day, f"cannot write the cache: {error}"))
            return "the cache cannot be written"
        return ""

    def _record(self, day: date, papers: list[Paper], counts: tuple[int, int]) -> None:
        summary = self.summary
        summary.fetched.append(day)
        summary.papers += len(papers)
        summary.new += counts[0]
        summary.updated += counts[1]
        summary.empty_days += not papers

    async def _save(self, day: date, key: FeedKey, papers: list[Paper]) -> None:
        """Commit one day in a thread; a cancel waits for that commit (it is short)."""
        fetched_at = self._now()

        def write() -> tuple[int, int]:
            counts = self.store.save_listing(key, papers, fetched_at)
            if self.library is not None:
                self.library.refresh_snapshots(papers)
            return counts

        task = asyncio.ensure_future(asyncio.to_thread(write))
        try:
            counts = await asyncio.shield(task)
        except asyncio.CancelledError:
            await asyncio.wait([task])
            if not task.cancelled() and task.exception() is None:
                self._record(day, papers, task.result())
            raise
        self._record(day, papers, counts)

    def _report(self, total: int, started: float, day: date | None = None, *, note: str = "") -> None:
        if self.on_progress is None:
            return
        summary = self.summary
        self.on_progress(
            SyncProgress(
                days_done=len(summary.fetched) + len(summary.failed),
                days_total=total,
                papers=summary.papers,
                elapsed=self._clock() - started,
                day=day,
                note=note,
            )
        )
