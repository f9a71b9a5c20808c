"""Followed authors' newest papers from Semantic Scholar, checked at most once a day.

Kept in the cache (``watch-papers:<author id>`` blobs in the author-profile
table of :class:`~tui.services.storage.store.CacheStore`): it can be fetched again,
so it belongs with the other rebuildable data. Semantic Scholar's shared
anonymous pool rate-limits quickly, so each author is asked at most once per
:data:`CHECK_EVERY`, one at a time, and a failure for one author never stops
the others (the reason is returned for the status line).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tui.author_models import AuthorPaper
from tui.models import utcnow
from tui.services.author.papers import newest_first
from tui.services.errors import NotFoundError, OfflineError, RateLimitedError, ServiceError
from tui.services.net.scholar import ScholarClient
from tui.services.storage.store import CacheStore
from tui.services.storage.watch_store import Watch

CHECK_EVERY = timedelta(days=1)
NEWEST_KEPT = 25
"""How many of an author's newest papers are kept for the For you view."""
FETCH_AT_MOST = 200
"""Papers asked of Semantic Scholar per check (its order is not by date: sort, then keep the newest)."""


def blob_key(author_id: str) -> str:
    return f"watch-papers:{author_id}"


@dataclass(slots=True)
class FollowedAuthor:
    """What the cache knows of one followed author."""

    author_id: str
    name: str = ""
    papers: list[AuthorPaper] = field(default_factory=list)
    checked_at: datetime | None = None


def cached_author(store: CacheStore, author_id: str) -> FollowedAuthor | None:
    """The stored newest papers of *author_id*, or None when never checked."""
    try:
        blob = store.get_profile_blob(blob_key(author_id))
    except (sqlite3.Error, ValueError):
        return None
    if blob is None or not isinstance(blob[0], dict):
        return None
    data, stamp = blob
    papers = [p for p in (AuthorPaper.from_dict(row) for row in data.get("papers") or []) if p is not None]
    name = data.get("name")
    return FollowedAuthor(author_id, name if isinstance(name, str) else "", papers, stamp)


def is_due(store: CacheStore, author_id: str, now: datetime) -> bool:
    known = cached_author(store, author_id)
    return known is None or known.checked_at is None or now - known.checked_at >= CHECK_EVERY


@dataclass(slots=True)
class AuthorCheck:
    """What one round of checks did."""

    checked: list[FollowedAuthor] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


async def check_author(scholar: ScholarClient, author_id: str, *, name: str = "") -> FollowedAuthor:
    """Ask Semantic Scholar for *author_id*'s papers (and name when unknown); raises ServiceError."""
    if not name:
        name = (await scholar.author(author_id)).name
    papers = await scholar.author_papers(author_id, max_papers=FETCH_AT_MOST)
    return FollowedAuthor(author_id, name, newest_first(papers)[:NEWEST_KEPT], utcnow())


def save_author(store: CacheStore, author: FollowedAuthor) -> str | None:
    """Store *author* in the cache; the reason when the disk refused (the result still counts)."""
    data: dict[str, Any] = {"name": author.name, "papers": [p.to_dict() for p in author.papers]}
    try:
        store.put_profile_blob(blob_key(author.author_id), data, fetched_at=author.checked_at)
    except (sqlite3.Error, OSError) as error:
        return f"cannot save followed author {author.author_id}: {error}"
    return None


async def refresh_followed(
    store: CacheStore,
    scholar: ScholarClient,
    watches: Sequence[Watch],
    *,
    clock: Callable[[], datetime] = utcnow,
    force: bool = False,
) -> AuthorCheck:
    """Check every followed author that is due (all of them with *force*), one after another."""
    result = AuthorCheck()
    now = clock()
    for watch in watches:
        if watch.kind != "author" or not (force or is_due(store, watch.value, now)):
            continue
        try:
            author = await check_author(scholar, watch.value, name=watch.label)
        except NotFoundError:
            result.problems.append(f"Semantic Scholar does not know author {watch.value}")
            continue
        except ServiceError as error:
            result.problems.append(f"author {watch.label or watch.value}: {error}")
            if isinstance(error, (OfflineError, RateLimitedError)):
                break  # the rest would fail the same way: try again at the next refresh
            continue
        author.checked_at = now
        problem = save_author(store, author)
        if problem:
            result.problems.append(problem)
        result.checked.append(author)
    return result
