"""Author profiles on the local SQLite cache, and the glue the app and CLI share.

:class:`StoreAuthorCache` implements :class:`~tui.services.authors.AuthorCache`
on :class:`~tui.services.store.CacheStore` blobs (``paper:<id>`` holds a paper's
authors with their metrics, ``author:<id>`` one full profile), so profiles
survive restarts and open offline. :func:`cached_papers_by_name` is the offline
fallback for an author with no cached profile: every cached paper that lists
the name. :func:`build_author_service` wires the Semantic Scholar and arXiv
clients to a session the same way for the UI and ``papers-tui author``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from tui.models import (
    LOCAL_ID_PREFIX,
    Author,
    AuthorPaper,
    AuthorProfile,
    Paper,
    is_arxiv_id,
    utcnow,
)
from tui.services.authors import (
    AuthorService,
    HasCode,
    newest_first,
)
from tui.services.errors import NotFoundError
from tui.services.http import RetryNotice, RetryPolicy
from tui.services.scholar import ArxivClient
from tui.services.session import Session
from tui.services.store import CacheStore

ARXIV_INTERVAL_ENV = "PAPERS_TUI_ARXIV_INTERVAL"
"""Seconds between arXiv requests (default 3, arXiv's terms); tests set it near 0."""
HAS_CODE_TIMEOUT = 8.0
"""A Hugging Face lookup for the Code marker never holds a profile back longer."""
S2_RETRY = RetryPolicy(attempts=4, base_delay=1.0, max_delay=60.0)
"""Semantic Scholar's anonymous pool answers 429 often: be patient, but not forever."""


# --------------------------------------------------------------------------- cache


class StoreAuthorCache:
    """An :class:`~tui.services.authors.AuthorCache` on the SQLite cache.

    Writes are best effort: a read-only or full disk leaves the profile on
    screen and the reason in :attr:`problem`, instead of failing the lookup.
    """

    def __init__(self, store: CacheStore, clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.clock = clock
        self.problem: str | None = None
        """The last write failure, if any (for a status line)."""

    def get_profiles(self, paper_id: str) -> tuple[list[AuthorProfile], datetime] | None:
        blob = self._get(f"paper:{paper_id}")
        if blob is None:
            return None
        data, stamp = blob
        rows = data.get("profiles") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            return None
        return [AuthorProfile.from_dict(row) for row in rows if isinstance(row, dict)], stamp

    def put_profiles(self, paper_id: str, profiles: list[AuthorProfile]) -> None:
        self._put(f"paper:{paper_id}", {"profiles": [p.to_dict() for p in profiles]}, self.clock())

    def get_author(self, author_id: str) -> AuthorProfile | None:
        blob = self._get(f"author:{author_id}")
        if blob is None or not isinstance(blob[0], dict):
            return None
        data, stamp = blob
        profile = AuthorProfile.from_dict(data)
        if profile.fetched_at is None:
            profile.fetched_at = stamp
        return profile

    def put_author(self, profile: AuthorProfile) -> None:
        if not profile.author_id:
            return
        stamp = profile.fetched_at or self.clock()
        self._put(f"author:{profile.author_id}", profile.to_dict(), stamp)

    def _get(self, key: str) -> tuple[Any, datetime] | None:
        try:
            return self.store.get_profile_blob(key)
        except (sqlite3.Error, ValueError):  # a damaged row is a cache miss, not a crash
            return None

    def _put(self, key: str, data: Any, stamp: datetime) -> None:
        try:
            self.store.put_profile_blob(key, data, fetched_at=stamp)
        except (sqlite3.Error, OSError) as error:
            self.problem = f"cannot save author profile: {error}"


# --------------------------------------------------------------------------- offline fallback


def author_paper_from(paper: Paper) -> AuthorPaper:
    """A cached feed paper as a line of an author's paper list (category unknown)."""
    published = paper.published_at or paper.submitted_at
    return AuthorPaper(
        title=paper.title,
        year=published.year if published else None,
        date=published.date().isoformat() if published else None,
        arxiv_id=paper.id if paper.has_arxiv_id else None,
        has_code=paper.code_url is not None,
        authors=tuple(paper.author_names),
        abstract=paper.summary or None,
    )


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def cached_papers_by_name(
    store: CacheStore, name: str, *, extra: list[Paper] | None = None, limit: int = 200
) -> list[AuthorPaper]:
    """Every cached paper listing *name* as an author, newest first.

    Args:
        extra: papers not in the store to search too (the bundled sample).
        limit: at most this many from the store.
    """
    try:
        found = store.papers_by_author(name, limit=limit)
    except sqlite3.Error:
        found = []
    # The SQL match is a LIKE (case-insensitive, % and _ are wildcards): confirm exactly.
    papers = [p for p in found if any(_same_name(a, name) for a in p.author_names)]
    seen = {p.id for p in papers}
    papers += [
        p for p in extra or [] if p.id not in seen and any(_same_name(a, name) for a in p.author_names)
    ]
    return newest_first([author_paper_from(p) for p in papers])


def offline_profile(name: str, papers: list[AuthorPaper]) -> AuthorProfile:
    """A name-only profile listing *papers* (no metrics): what we know without the network."""
    return AuthorProfile(name=name, papers=papers, source="cache")


# --------------------------------------------------------------------------- matching and papers


def match_author(profiles: list[AuthorProfile], index: int, name: str) -> AuthorProfile:
    """The profile among a paper's *profiles* for the byline author *name* at *index*.

    Semantic Scholar lists hidden authors that the Hub hides, so positions can
    differ: the exact name wins, then the same surname and initial, then the
    same position when both lists have the same length; otherwise a name-only
    profile (no metrics) comes back.
    """
    exact = [p for p in profiles if _same_name(p.name, name)]
    if exact:
        return exact[0] if len(exact) == 1 or index >= len(profiles) else _nearest(exact, profiles, index)
    parts = name.split()
    if parts:
        surname, initial = parts[-1].casefold(), parts[0][:1].casefold()
        for profile in profiles:
            other = profile.name.split()
            if other and other[-1].casefold() == surname and other[0][:1].casefold() == initial:
                return profile
    return AuthorProfile(name=name)


def _nearest(candidates: list[AuthorProfile], profiles: list[AuthorProfile], index: int) -> AuthorProfile:
    """Of namesakes on one byline, the one listed closest to *index*."""
    return min(candidates, key=lambda p: abs(next(i for i, q in enumerate(profiles) if q is p) - index))


def paper_from_author_paper(item: AuthorPaper) -> Paper:
    """A profile line as a :class:`Paper` the feed and the paper actions can use.

    Papers without an arXiv id get the same ``local-`` id the bundled sample uses.
    """
    from tui.services.sample import local_paper_id

    arxiv = item.arxiv_id if item.arxiv_id and is_arxiv_id(item.arxiv_id) else None
    published = None
    if item.date:
        try:
            published = datetime.fromisoformat(item.date).replace(tzinfo=UTC)
        except ValueError:
            published = None
    elif item.year:
        published = datetime(item.year, 1, 1, tzinfo=UTC)
    return Paper(
        id=arxiv or local_paper_id(item.title),
        title=item.title,
        summary=item.abstract or "",
        authors=tuple(Author(n) for n in item.authors),
        published_at=published,
    )


def is_local(paper: Paper) -> bool:
    return paper.id.startswith(LOCAL_ID_PREFIX)


# --------------------------------------------------------------------------- wiring


class MemoArxivClient(ArxivClient):
    """An :class:`ArxivClient` that remembers categories (they never change).

    Coauthors share papers, so browsing a paper's authors asks arXiv about
    most ids once. Ids arXiv does not know are remembered too.
    """

    MAX_REMEMBERED = 50_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known: dict[str, str] = {}

    async def primary_categories(self, ids: list[str]) -> dict[str, str]:
        unknown = [i for i in dict.fromkeys(ids) if i and i not in self._known]
        if unknown:
            found = await super().primary_categories(unknown)
            if len(self._known) > self.MAX_REMEMBERED:
                self._known.clear()
            self._known.update({i: found.get(i, "") for i in unknown})
        return {i: self._known[i] for i in ids if self._known.get(i)}


def hub_has_code(session: Session, seen: dict[str, Paper] | None = None) -> HasCode:
    """``has_code`` for :class:`AuthorService`: the cache, else Hugging Face ``/api/papers/{id}``.

    Args:
        seen: papers fetched from the Hub land here (to open them later with their links).
    """

    async def has_code(arxiv_id: str) -> bool | None:
        cached = session.store.paper(arxiv_id)
        if cached is not None:
            return cached.code_url is not None
        if session.offline:
            return None
        try:
            details = await asyncio.wait_for(session.hub.paper(arxiv_id), HAS_CODE_TIMEOUT)
        except NotFoundError:
            return None  # not on Hugging Face: only the abstract can tell
        except TimeoutError:
            return None
        if seen is not None:
            seen[arxiv_id] = details.paper
        return details.paper.code_url is not None

    return has_code


def build_author_service(
    session: Session,
    *,
    on_retry: RetryNotice | None = None,
    seen: dict[str, Paper] | None = None,
    max_code_lookups: int = 20,
) -> AuthorService:
    """An :class:`AuthorService` for *session*: env endpoints, API key, offline flag, SQLite cache.

    Endpoints, the API key and the arXiv spacing come from ``session.settings``.
    Close it with :func:`close_author_service`.
    """
    from tui.services.clients import arxiv_client, scholar_client  # clients built one way, from Settings

    scholar = scholar_client(session.settings, offline=session.offline, on_retry=on_retry, retry=replace(S2_RETRY))
    arxiv = arxiv_client(session.settings, offline=session.offline, on_retry=on_retry, kind=MemoArxivClient)
    return AuthorService(
        scholar,
        arxiv,
        cache=StoreAuthorCache(session.store),
        has_code=hub_has_code(session, seen),
        max_code_lookups=max_code_lookups,
    )


async def close_author_service(service: AuthorService) -> None:
    await service.scholar.aclose()
    await service.arxiv.aclose()
