"""The watch list wired to a session: open it, follow, refresh what it needs.

Shared by the reader, ``papers-tui watch`` and ``papers-tui digest`` so all
three see one watch file and refresh the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from tui.models import FeedKey
from tui.services.author.cache import S2_RETRY
from tui.services.errors import NotFoundError, ServiceError
from tui.services.net.clients import scholar_client
from tui.services.net.http import RetryNotice
from tui.services.net.scholar import ScholarClient
from tui.services.reader.sync import SyncRunner
from tui.services.session import Session
from tui.services.storage.watch_store import Watch, WatchError, WatchStore, watch_db_path
from tui.services.watch.authors import refresh_followed
from tui.services.watch.for_you import evaluate

RECENT_DAYS = 7
"""A refresh makes sure the daily listings of the last week are cached."""


def open_watch_store(session: Session) -> WatchStore:
    return WatchStore(watch_db_path(session.paths.data_dir))


def scholar_for(session: Session, on_retry: RetryNotice | None = None) -> ScholarClient:
    return scholar_client(session.settings, offline=session.offline, on_retry=on_retry, retry=replace(S2_RETRY))


async def follow(
    session: Session, watch_store: WatchStore, kind: str, value: str, *, label: str = ""
) -> tuple[Watch, bool, str]:
    """Add a watch (an author's name looked up online when not given); (watch, new, note).

    Raises:
        WatchError: the value is not valid, or Semantic Scholar does not know the author.
    """
    note = ""
    if kind == "author" and not label and not session.offline:
        scholar = scholar_for(session)
        try:
            label = (await scholar.author(value.strip())).name
        except NotFoundError:
            raise WatchError(f"Semantic Scholar does not know author {value.strip()!r}") from None
        except ServiceError as error:
            note = f"name not looked up ({error}); it is filled in at the next refresh"
        finally:
            await scholar.aclose()
    watch, new = watch_store.add(kind, value, label=label)
    if new:
        # What already matches is recorded as known now, so it is never announced as news.
        evaluate(session.store, watch_store)
    return watch, new, note


@dataclass(slots=True)
class Refresh:
    """What :func:`refresh` did: problems are one line each, for stderr or the status line."""

    days_fetched: int = 0
    authors_checked: int = 0
    problems: list[str] = field(default_factory=list)


async def refresh(
    session: Session,
    watch_store: WatchStore,
    *,
    since: date | None = None,
    on_retry: RetryNotice | None = None,
    listings: bool = True,
) -> Refresh:
    """Fetch what the watch list needs: recent daily listings, followed authors that are due.

    Args:
        since: also make sure days from *since* are cached (at most 31 days back).
        listings: fetch daily listings (the reader refreshes its own listing itself).
    """
    result = Refresh()
    if session.offline:
        return result
    watches = watch_store.watches()
    if listings:
        today = date.today()
        first = today - timedelta(days=RECENT_DAYS)
        if since is not None:
            first = max(min(first, since), today - timedelta(days=31))
        try:
            await session.feeds.fetch(FeedKey("latest"))
        except ServiceError as error:
            result.problems.append(f"latest listing: {error}")
        else:
            # A digest in cron waits out a short rate limit, not a quarter of an hour.
            runner = SyncRunner(session.store, session.hub, library=session.library, max_rate_wait=120.0)
            summary = await runner.run(first, today)
            result.days_fetched = len(summary.fetched)
            result.problems += [f"{failure.day}: {failure.reason}" for failure in summary.failed[:3]]
    if any(w.kind == "author" for w in watches):
        scholar = scholar_for(session, on_retry)
        try:
            checked = await refresh_followed(session.store, scholar, watches)
        finally:
            await scholar.aclose()
        result.authors_checked = len(checked.checked)
        result.problems += checked.problems
        for author in checked.checked:
            watch = next((w for w in watches if w.kind == "author" and w.value == author.author_id), None)
            if watch is not None and not watch.label and author.name:
                watch_store.set_label(watch.id, author.name)
    return result
