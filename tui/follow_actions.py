"""Follow the field in the reader: the For you view, following, announcements (issue 14).

A mixin of :class:`tui.app.PapersApp` (hooked in with a few lines, so it can
move into the ReaderScreen's controllers as it is). ``y`` opens For you: the
papers matching the watch list, newest first, each row led by why it is
there, ``✦`` on the ones new since the last visit (counted in the status
line). ``f`` in the author list follows (or unfollows) the author by their
Semantic Scholar id; the palette's "Follow this search" keeps a search as a
topic. When the reader starts and whenever a listing is refreshed, matches
not announced before are announced once (``3 new papers from authors you
follow``). Followed authors are checked on Semantic Scholar at most once a
day each, in the background.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work

from tui.models import FeedKey
from tui.services.for_you import ForYouItem, ForYouRows, announcement, evaluate, new_since
from tui.services.watch_store import FOR_YOU_MARK, WatchError, WatchStore
from tui.services.watching import open_watch_store, refresh

if TYPE_CHECKING:
    from textual.app import App

    from tui.models import Listing, Paper
    from tui.services.rows import RowSource
    from tui.services.session import Session
    from tui.widgets.author_sidebar import AuthorSidebar
    from tui.widgets.feed_table import FeedTable
    from tui.widgets.status_line import StatusLine

    _AppBase = App[int]
else:
    _AppBase = object

EMPTY_WATCH_LIST = (
    "Nothing followed yet.\n\nPress a to go to the authors, then f to follow one (by their Semantic Scholar id);"
    " search with / and choose \"Follow this search as a topic\" in the palette (ctrl+p); or from a shell:\n"
    "  papers-tui watch add topic 'diffusion title:video'\n  papers-tui watch add org NAME\n"
    "  papers-tui watch add keyword WORD"
)


class FollowActions(_AppBase):
    """``y`` ``f`` and the announcements."""

    if TYPE_CHECKING:
        session: Session
        key: FeedKey
        listing: Listing | None
        _empty_message: str

        @property
        def feed(self) -> FeedTable: ...
        @property
        def status(self) -> StatusLine: ...
        @property
        def offline(self) -> bool: ...
        @property
        def authors_sidebar(self) -> AuthorSidebar: ...
        def open_view(self, key: FeedKey, *, refresh: bool = True) -> None: ...
        def _show_source(
            self, source: RowSource, count: str, fresh: str, *, label: str | None = None,
            cursor_id: str | None = None,
        ) -> None: ...
        def _show_paper(self, paper: Paper | None) -> None: ...

    _watch_store: WatchStore | None = None
    _for_you_since: datetime | None = None
    """The previous For you visit, for this stay on the view ("new since last visit")."""
    _for_you_stay = False
    _watch_lock: asyncio.Lock | None = None

    # -- wiring -----------------------------------------------------------------

    @property
    def watch_store(self) -> WatchStore:
        """The watch file, opened on first use."""
        if self._watch_store is None:
            self._watch_store = open_watch_store(self.session)
            if self._watch_store.notice:
                self.notify(self._watch_store.notice, severity="warning", timeout=10)
        return self._watch_store

    def close_watch_store(self) -> None:
        if self._watch_store is not None:
            self._watch_store.close()
            self._watch_store = None

    def watch_started(self) -> None:
        """Called once the first view is up: check followed authors (if due), announce what is new."""
        if self.watch_store.watches():
            self._check_followed(announce=True)

    def listing_refreshed(self) -> None:
        """Called after a listing came from the network: announce matches it brought."""
        if self.watch_store.watches():
            self._announce()

    # -- the For you view ---------------------------------------------------------

    def action_view_for_you(self) -> None:
        self._for_you_stay = False  # a new visit: "new" counts from the previous one
        self.open_view(FeedKey("for-you"))
        self.feed.focus()

    def open_for_you(self, *, refresh: bool = True) -> None:
        """Show the For you view from the cache at once; online, check followed authors after."""
        self.key = FeedKey("for-you")
        self.listing = None
        self.status.view = self.key.label
        self.status.problem = ""
        if not self._for_you_stay:
            self._for_you_stay = True
            self._for_you_since = self.watch_store.mark(FOR_YOU_MARK)
        self._paint_for_you(check=refresh and not self.offline)

    @work(exclusive=True, group="for-you", exit_on_error=False)
    async def _paint_for_you(self, check: bool = False, keep_cursor: bool = False) -> None:
        self.status.activity = "matching your watch list…"
        try:
            watches = self.watch_store.watches()
            items = await asyncio.to_thread(evaluate, self.session.store, self.watch_store) if watches else []
        finally:
            self.status.activity = ""
        if self.key.kind != "for-you":
            return
        self._show_for_you(items, bool(watches), keep_cursor=keep_cursor)
        if check and watches:
            self._check_followed(announce=False)

    def _show_for_you(self, items: list[ForYouItem], any_watch: bool, *, keep_cursor: bool) -> None:
        fresh = new_since(items, self._for_you_since)
        count = f"{len(items)} paper{'s' if len(items) != 1 else ''}"
        if fresh:
            count += f" · {len(fresh)} new since last visit"
        where = "offline - local" if self.offline else "local"
        cursor = self.feed.current_id if keep_cursor else None
        self._show_source(ForYouRows(items, {i.paper.id for i in fresh}), count, where, cursor_id=cursor)
        if not items:
            self._empty_message = EMPTY_WATCH_LIST if not any_watch else (
                "Nothing in the cache matches your watch list yet. Listings you open or sync (papers-tui sync)"
                " and followed authors' new papers land here. papers-tui watch list shows what you follow."
            )
            self._show_paper(None)
        try:
            self.watch_store.set_mark(FOR_YOU_MARK)  # everything on screen now has been seen
        except Exception as error:  # noqa: BLE001 - a read-only data dir must not break the view
            self.status.problem = f"cannot save the For you visit: {error}"

    @work(group="watch-refresh", exit_on_error=False)
    async def _check_followed(self, announce: bool) -> None:
        """Ask Semantic Scholar about followed authors that are due, then repaint / announce.

        Checks run one at a time (a second waits, then finds the authors no longer due),
        so an author is never asked twice and no check is cancelled half-way.
        """
        if self._watch_lock is None:
            self._watch_lock = asyncio.Lock()
        if not self.offline and any(w.kind == "author" for w in self.watch_store.watches()):
            async with self._watch_lock:
                self.status.activity = "checking followed authors…"
                try:
                    done = await refresh(self.session, self.watch_store, listings=False)
                finally:
                    self.status.activity = ""
            if done.problems:
                self.status.problem = f"followed authors: {done.problems[0]}"
            if done.authors_checked and self.key.kind == "for-you":
                self._paint_for_you(keep_cursor=True)
        if announce:
            self._announce()

    @work(group="announce", exit_on_error=False)
    async def _announce(self) -> None:
        store, watch_store = self.session.store, self.watch_store
        message = await asyncio.to_thread(lambda: announcement(watch_store, evaluate(store, watch_store)))
        if message:
            hint = "" if self.key.kind == "for-you" else " · press y for For you"
            self.notify(message + hint, title="For you", timeout=10)

    # -- following ----------------------------------------------------------------

    def action_follow_author(self) -> None:
        """Follow the author shown in the sidebar by Semantic Scholar id; again to unfollow."""
        profile = self.authors_sidebar.profile
        if profile is None or not profile.author_id:
            reason = "wait for the profile to load" if profile is not None else "choose an author first"
            if profile is not None and profile.source != "network" and profile.author_id is None:
                reason = "this author has no Semantic Scholar id here (not found, or offline and not cached)"
            self.notify(f"Cannot follow: {reason}.", severity="warning", timeout=5)
            return
        try:
            existing = self.watch_store.find("author", profile.author_id)
            if existing is not None:
                self.watch_store.remove("author", profile.author_id)
                self.notify(f"stopped following {profile.name}", timeout=4)
                self.authors_sidebar.set_status(f"not followed · f follows {profile.name} again", "info")
                return
            self.watch_store.add("author", profile.author_id, label=profile.name)
        except Exception as error:  # noqa: BLE001 - a locked or read-only file must not take the app down
            self.notify(f"cannot save the watch list: {error}", severity="error", timeout=6)
            return
        doubt = " (matched by name: check it is the right person)" if profile.uncertain else ""
        self.notify(f"following {profile.name}{doubt}: new papers show in For you (y)", timeout=6)
        self.authors_sidebar.set_status(f"followed · id {profile.author_id} · f to unfollow", "info")
        self._settle_new_watch()

    def action_follow_search(self) -> None:
        """Keep the search on screen as a topic of the watch list."""
        if self.key.kind != "search" or not self.key.value:
            self.notify("Search first (/), then follow the search as a topic.", severity="warning", timeout=5)
            return
        try:
            watch, new = self.watch_store.add("topic", self.key.value)
        except WatchError as error:
            self.notify(str(error), severity="warning", timeout=5)
            return
        except Exception as error:  # noqa: BLE001 - a locked or read-only file
            self.notify(f"cannot save the watch list: {error}", severity="error", timeout=6)
            return
        self.notify(("following " if new else "already following ") + watch.why + " · For you: y", timeout=5)
        if new:
            self._settle_new_watch()

    @work(group="watch-settle", exit_on_error=False)
    async def _settle_new_watch(self) -> None:
        """Record what a new watch matches right away, as known (it is not news), then check the author."""
        await asyncio.to_thread(evaluate, self.session.store, self.watch_store)
        if not self.offline:
            self._check_followed(announce=False)
