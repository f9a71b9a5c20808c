"""Wiring list sync to a :class:`~tui.services.session.Session` (used by the CLI and the reader)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tui.models import Paper
from tui.services.errors import ServiceError
from tui.services.lists.library import LibraryListsStore, has_named_lists
from tui.services.lists.local import BookmarksStore, ReadingListStore
from tui.services.lists.sync import ListSync
from tui.services.net.clients import limits
from tui.services.net.collections_auth import Token, find_token
from tui.services.net.collections_client import CollectionsClient
from tui.services.net.http import RetryNotice
from tui.services.session import Session
from tui.services.storage.library import UserLibrary
from tui.services.storage.list_sync_state import SyncState


@dataclass
class SyncSession:
    token: Token | None
    store: ReadingListStore
    state: SyncState
    client: CollectionsClient
    engine: ListSync

    async def aclose(self) -> None:
        await self.client.aclose()


def store_for(library: UserLibrary, data_dir: Path) -> ReadingListStore:
    """The adapter for the lists this library has: named lists and notes once the library has them."""
    if has_named_lists(library):
        return LibraryListsStore(library, data_dir)
    return BookmarksStore(library, data_dir)


def reading_lists(session: Session) -> ReadingListStore:
    return store_for(session.library, session.paths.data_dir)


def open_sync(session: Session, *, on_retry: RetryNotice | None = None) -> SyncSession:
    """Everything a sync needs, on top of an open session.

    Raises:
        TokenError: the token found is malformed (the message never shows it).
        ListStoreError: the state file is damaged or from a newer version.
    """
    token = find_token(session.paths.data_dir, session.settings.hf_token)
    state = SyncState(session.paths.data_dir).load()
    client = CollectionsClient(  # the session's endpoint: the one the reader and the CLI already use
        session.settings.hf_endpoint, token.value if token else None, offline=session.offline,
        limits=limits(session.settings), on_retry=on_retry,
    )
    store = reading_lists(session)

    async def fetch_paper(paper_id: str) -> Paper | None:
        cached = session.store.paper(paper_id)
        if cached is not None:
            return cached
        if session.offline:
            return None
        try:
            details = await session.hub.paper(paper_id)
        except ServiceError:
            return None
        try:
            session.store.upsert_papers([details.paper])
        except (sqlite3.Error, OSError):
            pass  # caching is a bonus; the paper is bookmarked with its metadata either way
        return details.paper

    engine = ListSync(store, state, client, fetch_paper)
    return SyncSession(token, store, state, client, engine)
