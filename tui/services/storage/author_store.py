"""Where author profiles persist: the protocol, an in-memory one, and the SQLite cache's.

``paper:<id>`` holds a paper's authors with their metrics, ``author:<id>`` one
full profile (see :class:`~tui.services.author.profiles.AuthorCache`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from tui.author_models import AuthorProfile
from tui.models import utcnow
from tui.services.storage.store import CacheStore


class AuthorCache(Protocol):
    """Where profiles persist between runs (the SQLite store implements it)."""

    def get_profiles(self, paper_id: str) -> tuple[list[AuthorProfile], datetime] | None:
        """The authors stored for *paper_id* and when they were fetched."""

    def put_profiles(self, paper_id: str, profiles: list[AuthorProfile]) -> None:
        """Store a paper's authors (metrics only), stamped now."""

    def get_author(self, author_id: str) -> AuthorProfile | None:
        """A full profile (with papers); its ``fetched_at`` tells its age."""

    def put_author(self, profile: AuthorProfile) -> None:
        """Store a full profile under its ``author_id``."""


class MemoryAuthorCache:
    """An in-memory :class:`AuthorCache` that round-trips through dicts like a store would."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock
        self._papers: dict[str, tuple[list[dict[str, Any]], datetime]] = {}
        self._authors: dict[str, dict[str, Any]] = {}

    def get_profiles(self, paper_id: str) -> tuple[list[AuthorProfile], datetime] | None:
        stored = self._papers.get(paper_id)
        if stored is None:
            return None
        rows, stamp = stored
        return [AuthorProfile.from_dict(row) for row in rows], stamp

    def put_profiles(self, paper_id: str, profiles: list[AuthorProfile]) -> None:
        self._papers[paper_id] = ([p.to_dict() for p in profiles], self.clock())

    def get_author(self, author_id: str) -> AuthorProfile | None:
        row = self._authors.get(author_id)
        return AuthorProfile.from_dict(row) if row is not None else None

    def put_author(self, profile: AuthorProfile) -> None:
        if profile.author_id:
            self._authors[profile.author_id] = profile.to_dict()


class StoreAuthorCache:
    """An :class:`~tui.services.author.profiles.AuthorCache` on the SQLite cache.

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
