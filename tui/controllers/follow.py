"""Follow the field: the For you view, following, announcements (``y``, ``f``; issue 14).

``y`` opens For you: the papers matching the watch list, newest first, each
row led by why it is there, ``✦`` on the ones new since the last visit
(counted in the status line). ``f`` in the author list follows (or unfollows)
the author on show by their Semantic Scholar id; the palette's "Follow this
search" keeps a search as a topic. When the reader starts and whenever a
listing is refreshed, matches not announced before are announced once
(``3 new papers from authors you follow``). Followed authors are checked on
Semantic Scholar at most once a day each, in the background, one at a time.
Every SQLite read or write here runs in a thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from tui.author_models import AuthorProfile
from tui.models import FeedKey
from tui.services.storage.watch_store import FOR_YOU_MARK, WatchError, WatchStore
from tui.services.watch.for_you import ForYouItem, ForYouRows, announcement, evaluate, new_since
from tui.services.watch.watching import open_watch_store, refresh
from tui.view_state import plural

if TYPE_CHECKING:
    from tui.controllers import ReaderUI
    from tui.controllers.authors import Tone
    from tui.services.session import Session

FOR_YOU = FeedKey("for-you")
ANNOUNCE_PREFIX = "For you: "
NOTHING_FOLLOWED = "nothing followed yet: a, then f on an author; or papers-tui watch add topic QUERY"
NO_MATCHES = "nothing cached matches your watch list yet (papers-tui watch list)"


class FollowedView(Protocol):
    """The part of the author sidebar following needs."""

    profile: AuthorProfile | None
    target: tuple[str, int] | None

    def show_loading(self, name: str, status: str = "loading…") -> None: ...
    def show_profile(self, profile: AuthorProfile, status: str, tone: Tone = "info") -> None: ...
    def set_status(self, status: str, tone: Tone = "info") -> None: ...


class MarkedSidebar:
    """The sidebar as the author controller draws on it, a followed author's status saying so."""

    def __init__(self, view: FollowedView, followed: Callable[[], frozenset[str]]) -> None:
        self._view = view
        self._followed = followed

    @property
    def target(self) -> tuple[str, int] | None:
        return self._view.target

    @target.setter
    def target(self, value: tuple[str, int] | None) -> None:
        self._view.target = value

    def show_loading(self, name: str, status: str = "loading…") -> None:
        self._view.show_loading(name, status)

    def show_profile(self, profile: AuthorProfile, status: str, tone: Tone = "info") -> None:
        if profile.author_id and profile.author_id in self._followed():
            status = f"{status} · followed (f: unfollow)"
        self._view.show_profile(profile, status, tone)

    def set_status(self, status: str, tone: Tone = "info") -> None:
        self._view.set_status(status, tone)


class FollowController:
    """The watch list in the reader."""

    def __init__(self, session: Session, ui: ReaderUI, sidebar: Callable[[], FollowedView]) -> None:
        self.session = session
        self.ui = ui
        self._sidebar = sidebar
        self._store: WatchStore | None = None
        self._opening = threading.Lock()
        self._since: datetime | None = None
        """The previous For you visit, for this stay on the view ("new since last visit")."""
        self._staying = False
        self._checking = asyncio.Lock()
        self._notice = ""
        """Why the watch file could not be opened (said once, from the main thread)."""
        self.followed_authors: frozenset[str] = frozenset()
        """Semantic Scholar ids of the followed authors (the sidebar marks their profiles)."""

    def marked(self, view: FollowedView) -> MarkedSidebar:
        return MarkedSidebar(view, lambda: self.followed_authors)

    async def _load_followed(self) -> None:
        watches = await asyncio.to_thread(lambda: self.store.watches())  # opens the file in the thread too
        self.followed_authors = frozenset(w.value for w in watches if w.kind == "author")

    @property
    def store(self) -> WatchStore:
        """The watch file, opened on first use (by whichever worker thread asks first)."""
        with self._opening:
            if self._store is None:
                self._store = open_watch_store(self.session)
                if self._store.notice:
                    self._notice = self._store.notice
            return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- start and refreshes ----------------------------------------------------------

    def started(self) -> None:
        """The first view is up: check followed authors that are due, announce what is new."""
        self.ui.run(self._started(), group="watch-start")

    async def _started(self) -> None:
        await self._load_followed()
        if self._notice:
            self.ui.say(self._notice, severity="warning", timeout=10)
        if await asyncio.to_thread(self.store.watches):
            await self.check_followed()
            await self.announce()

    def listing_refreshed(self) -> None:
        """A listing came from the network: announce the matches it brought."""
        self.ui.run(self.announce(), group="announce", exclusive=False)

    async def announce(self) -> None:
        store, watches = self.session.store, self.store
        message = await asyncio.to_thread(lambda: announcement(watches, evaluate(store, watches)))
        if message:
            hint = "" if self.ui.key == FOR_YOU else " · press y"
            self.ui.say(ANNOUNCE_PREFIX + message + hint, timeout=10)

    async def check_followed(self) -> bool:
        """Ask Semantic Scholar about followed authors that are due; True when any was checked.

        One check at a time: a second waits, then finds the authors no longer due.
        """
        if self.session.offline:
            return False
        async with self._checking:
            watches = await asyncio.to_thread(self.store.watches)
            if not any(w.kind == "author" for w in watches):
                return False
            self.ui.status = self.ui.status.doing("checking followed authors…")
            try:
                done = await refresh(self.session, self.store, listings=False)
            finally:
                self.ui.status = self.ui.status.doing("")
        if done.problems:
            self.ui.status = self.ui.status.failed(f"followed authors: {done.problems[0]}")
        return done.authors_checked > 0

    # -- the For you view ---------------------------------------------------------------

    def visit(self) -> None:
        """``y``: a new visit (new counts from the previous one)."""
        self._staying = False
        self.ui.open_view(FOR_YOU)
        self.ui.focus_feed()

    def open(self, refresh: bool = True) -> None:
        """Show For you from the cache at once; online, check followed authors after."""
        self.ui.key = FOR_YOU
        self.ui.run(self._open(check=refresh and not self.session.offline), group="open")

    async def _open(self, check: bool) -> None:
        if not self._staying:
            self._staying = True
            self._since = await asyncio.to_thread(self.store.mark, FOR_YOU_MARK)
        await self._paint(keep_cursor=False)
        if check and await self.check_followed() and self.ui.key == FOR_YOU:
            await self._paint(keep_cursor=True)

    async def _paint(self, *, keep_cursor: bool) -> None:
        ui, store, watches = self.ui, self.session.store, self.store
        ui.status = ui.status.doing("matching your watch list…")
        try:
            followed = await asyncio.to_thread(watches.watches)
            items = await asyncio.to_thread(evaluate, store, watches) if followed else []
        finally:
            ui.status = ui.status.doing("")
        if ui.key != FOR_YOU:
            return
        if not followed:
            ui.show_empty(FOR_YOU, NOTHING_FOLLOWED)
            return
        self._show(items, keep_cursor=keep_cursor)
        try:
            await asyncio.to_thread(watches.set_mark, FOR_YOU_MARK)  # what is on screen has been seen
        except Exception as error:  # noqa: BLE001 - a read-only data dir must not break the view
            ui.status = ui.status.failed(f"cannot save the For you visit: {error}")

    def _show(self, items: list[ForYouItem], *, keep_cursor: bool) -> None:
        ui = self.ui
        if not items:
            ui.show_empty(FOR_YOU, NO_MATCHES)
            return
        fresh = new_since(items, self._since)
        cursor = ui.highlighted_paper() if keep_cursor else None
        where = "offline - local" if self.session.offline else "local"
        ui.show_rows(FOR_YOU, ForYouRows(items, {i.paper.id for i in fresh}), count=plural(len(items), "paper"),
                     fresh=where, cursor_id=cursor.id if cursor is not None else None)
        if fresh:
            ui.status = ui.status.noting(f"{len(fresh)} new since last visit")

    # -- following ----------------------------------------------------------------------

    def follow_author(self, view: FollowedView | None = None) -> None:
        """``f``: follow the author on show by Semantic Scholar id; again to unfollow.

        *view* is where the author is on show (default: the reader's sidebar).
        """
        sidebar = view if view is not None else self._sidebar()
        profile = sidebar.profile
        if profile is None or not profile.author_id:
            if profile is None:
                reason = "choose an author first"
            elif profile.source == "network":
                reason = "wait for the profile to load"
            else:
                reason = "this author has no Semantic Scholar id here (not found, or offline and not cached)"
            self.ui.say(f"Cannot follow: {reason}.", severity="warning", timeout=5)
            return
        self.ui.run(self._toggle_author(profile, sidebar), group="watch-edit", exclusive=False)

    async def _toggle_author(self, profile: AuthorProfile, sidebar: FollowedView) -> None:
        author_id = profile.author_id
        assert author_id is not None
        watches = self.store
        try:
            existing = await asyncio.to_thread(watches.find, "author", author_id)
            if existing is not None:
                await asyncio.to_thread(watches.remove, "author", author_id)
            else:
                await asyncio.to_thread(lambda: watches.add("author", author_id, label=profile.name))
        except Exception as error:  # noqa: BLE001 - a locked or read-only file must not take the app down
            self.ui.say(f"cannot save the watch list: {error}", severity="error", timeout=6)
            return
        await self._load_followed()
        if existing is not None:
            self.ui.say(f"stopped following {profile.name}", timeout=4)
            sidebar.set_status(f"not followed · f follows {profile.name} again")
            return
        doubt = " (matched by name: check it is the right person)" if profile.uncertain else ""
        self.ui.say(f"following {profile.name}{doubt}: new papers show in For you (y)", timeout=6)
        sidebar.set_status(f"followed · id {author_id} · f to unfollow")
        await self._settle()

    def follow_search(self) -> None:
        """Keep the search on screen as a topic of the watch list."""
        key = self.ui.key
        if key.kind != "search" or not key.value:
            self.ui.say("Search first (/), then follow the search as a topic.", severity="warning", timeout=5)
            return
        self.ui.run(self._follow_topic(key.value), group="watch-edit", exclusive=False)

    async def _follow_topic(self, query: str) -> None:
        try:
            watch, new = await asyncio.to_thread(self.store.add, "topic", query)
        except WatchError as error:
            self.ui.say(str(error), severity="warning", timeout=5)
            return
        except Exception as error:  # noqa: BLE001 - a locked or read-only file
            self.ui.say(f"cannot save the watch list: {error}", severity="error", timeout=6)
            return
        self.ui.say(("following " if new else "already following ") + watch.why + " · For you: y", timeout=5)
        if new:
            await self._settle()

    async def _settle(self) -> None:
        """Record what a new watch matches right away, as known (it is not news); check a new author."""
        await asyncio.to_thread(evaluate, self.session.store, self.store)
        await self.check_followed()
