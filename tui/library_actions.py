"""Search, the whole library, read state and background fetching (issue 5).

A mixin of :class:`tui.app.PapersApp`: ``/`` searches the cache with FTS5 at
once and, online, merges Hugging Face's search in when it arrives; ``L`` pages
the whole cache out of SQLite; ``X`` flips read state; ``F`` fetches every day
of the current week or month in the background; the status line says how many
papers are new since the last visit of a view.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.widgets import Input, TextArea

from tui.commands import effective_keys, normalise_key
from tui.models import FeedKey, Listing, Paper, iso_week, utcnow
from tui.screens.search_prompt import SearchPrompt
from tui.services.errors import ServiceError
from tui.services.rows import StoreRows
from tui.services.search import (
    LibraryIds,
    SearchQueryError,
    build_fts_query,
    papers_added_after,
    search_cache,
)
from tui.services.store import CacheStore
from tui.services.sync import SyncProgress, SyncRunner, SyncSummary

if TYPE_CHECKING:
    from tui.services.rows import RowSource
    from tui.services.session import Session
    from tui.widgets.feed_table import FeedTable
    from tui.widgets.status_line import StatusLine

    _AppBase = App[int]
else:
    _AppBase = object

class LibraryActions(_AppBase):
    """``/`` ``L`` ``x`` ``X`` ``F``."""

    if TYPE_CHECKING:
        session: Session
        key: FeedKey
        listing: Listing | None
        current: Paper | None
        hide_read: bool

        @property
        def feed(self) -> FeedTable: ...
        @property
        def status(self) -> StatusLine: ...
        @property
        def offline(self) -> bool: ...
        def open_view(self, key: FeedKey, *, refresh: bool = True) -> None: ...
        def show_listing(
            self, listing: Listing, *, keep_cursor: bool = False, unreachable: bool = False
        ) -> None: ...
        def _show_source(
            self, source: RowSource, count: str, fresh: str, *, label: str | None = None,
            cursor_id: str | None = None,
        ) -> None: ...
        def _show_empty(self, key: FeedKey, detail: str) -> None: ...

    _search_note: tuple[str, str] | None = None
    """(query, ``12 cached · 30 remote``) for the last search merged with Hugging Face's."""
    _visit: tuple[str, datetime | None] | None = None
    """(view key, its previous visit) for the view on screen."""

    # -- search ---------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # "/" opens the prompt before the keys right behind it are routed: typed in one
        # burst (over SSH, or pasted), they then land in the query instead of being
        # taken as feed commands (t, r, a ...) or lost.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and len(self.screen_stack) == 1
            and event.key in self._search_keys()
            and not isinstance(self.focused, (Input, TextArea))
        ):
            self.action_search()
            return
        await super().on_event(event)

    def _search_keys(self) -> set[str]:
        keys = effective_keys(self.session.settings.keymap)["search"]
        return {k.strip() for k in normalise_key(keys).split(",")}

    def action_search(self) -> None:
        initial = self.key.value if self.key.kind == "search" else ""
        prompt = SearchPrompt(initial, offline=self.offline, on_submit=self._search_submitted)
        self.push_screen(prompt, self._prompt_closed)

    def _prompt_closed(self, _: str | None) -> None:
        self.feed.focus()

    def _search_submitted(self, text: str) -> None:
        self.open_view(FeedKey("search", text))

    def _close_search_prompt(self) -> None:
        """Results (or the reason there are none) are on screen: the prompt goes."""
        if isinstance(self.screen, SearchPrompt):
            self.screen.dismiss(None)

    def open_search(self, text: str, *, remote: bool = True) -> None:
        """Show the cache's matches for *text* at once; online, merge Hugging Face's in later."""
        key = FeedKey("search", text.strip())
        self.key = key
        self.listing = None
        self.status.problem = ""
        try:
            if build_fts_query(key.value) is None:
                self._show_empty(key, "type something to search for: press /")
                self._close_search_prompt()
                return
        except SearchQueryError as error:
            self._show_empty(key, str(error))
            self._close_search_prompt()
            return
        self.status.view = key.label
        self.status.activity = "searching the cache…"
        # The query starts in a thread right now, not when a worker task is next
        # scheduled (that waits behind the repaint of the screen the prompt left).
        pending = asyncio.get_running_loop().run_in_executor(None, search_cache, self.session.store, key.value)
        self._search_local(key, pending, remote and not self.offline)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _search_local(self, key: FeedKey, pending: asyncio.Future[list[str]], remote: bool) -> None:
        # A thread: a common word ranks tens of thousands of rows (tens of ms at 100,000).
        try:
            ids = await pending
        except (SearchQueryError, sqlite3.Error) as error:
            self._search_failed(key, str(error))
            return
        except Exception as error:  # never leave the prompt hanging on an unexpected failure
            self._search_failed(key, f"search failed: {error}")
            raise
        self._show_local_hits(key, ids, remote)

    def _search_failed(self, key: FeedKey, reason: str) -> None:
        self._close_search_prompt()
        if self.key == key:
            self.status.activity = ""
            self._show_empty(key, reason)

    def _show_local_hits(self, key: FeedKey, ids: list[str], remote: bool) -> None:
        if self.key != key:
            return
        self.status.activity = ""
        self._search_note = None
        if remote:
            fresh = f"{len(ids)} cached · searching Hugging Face…"
        else:
            fresh = "offline - cache only" if self.offline else "cache only"
        count = f"{len(ids)} result{'s' if len(ids) != 1 else ''}"
        self._show_source(StoreRows(self.session.store, ids), count, fresh, label=key.label)
        self._close_search_prompt()
        if remote:
            self._search_remote(key, ids)

    @work(exclusive=True, group="feed", exit_on_error=False)
    async def _search_remote(self, key: FeedKey, local_ids: list[str]) -> None:
        self.status.activity = "searching Hugging Face…"
        try:
            listing = await self.session.feeds.fetch(key)
        except ServiceError as error:
            if self.key == key:
                self.status.problem = f"Hugging Face search: {error}"
                self.status.detail = self.status.detail.replace("searching Hugging Face…", "cached results only")
            return
        finally:
            self.status.activity = ""
        if self.key != key:
            return
        local = set(local_ids)
        cached = sum(1 for paper in listing.papers if paper.id in local)
        self._search_note = (key.value, f"{cached} cached · {len(listing.papers) - cached} remote ☁")
        self.show_listing(listing, keep_cursor=True)
        self.feed.remote = {paper.id for paper in listing.papers if paper.id not in local}
        self.feed.refresh_marks()

    # -- the whole library ----------------------------------------------------

    def open_library(self) -> None:
        """Every cached paper, newest first; rows are paged out of SQLite as they are drawn."""
        self.key = FeedKey("library")
        self.listing = None
        ids = LibraryIds(self.session.store)
        fresh = "offline - local" if self.offline else "local"
        self._show_source(StoreRows(self.session.store, ids), f"{len(ids):,} cached papers", fresh)

    # -- read state -------------------------------------------------------------

    def action_toggle_read(self) -> None:
        paper = self.current
        if paper is None:
            self.notify("No paper selected.", timeout=3)
            return
        library = self.session.library
        try:
            if paper.id in self.feed.read:
                library.mark_unread(paper.id)
                self.feed.read.discard(paper.id)
                message = "marked unread"
            else:
                library.mark_read(paper.id)
                self.feed.read.add(paper.id)
                message = "marked read"
        except sqlite3.Error as error:
            self.status.problem = f"cannot save read state: {error}"
            return
        self.feed.show_unread = True
        self.feed.refresh_marks()
        self.notify(message, timeout=2)

    def note_view_shown(self) -> None:
        """Called by the app each time a view is painted: unread marks, "N new", search counts."""
        self.feed.show_unread = True
        key = self.key
        if key.kind == "search":
            if self._search_note is not None and self._search_note[0] == key.value:
                self.status.detail += f" · {self._search_note[1]}"
            return
        if key.kind == "bookmarks" or (self.listing is not None and self.listing.source == "sample"):
            return
        since = self._last_visit(key)
        if since is None:
            return
        if key.kind == "library":
            new = papers_added_after(self.session.store, since.date())
        elif self.listing is not None and self.listing.key == key:
            new = sum(1 for p in self.listing.papers if p.submitted_at is not None and p.submitted_at > since)
        else:
            return
        if new:
            self.status.detail += f" · {new:,} new since last visit"

    def _last_visit(self, key: FeedKey) -> datetime | None:
        """The previous visit of *key* (recorded once per stay on a view, not on each repaint)."""
        if self._visit is not None and self._visit[0] == key.cache_key:
            return self._visit[1]
        library = self.session.library
        try:
            since = library.last_visit(key.cache_key)
            library.record_visit(key.cache_key)
        except sqlite3.Error:
            since = None
        self._visit = (key.cache_key, since)
        return since

    # -- fetching a whole week / month ---------------------------------------

    def action_fetch_period(self) -> None:
        if self.offline:
            self.notify("offline (--offline): nothing can be fetched", timeout=4)
            return
        key = self.key
        if key.kind == "day":
            key = FeedKey("week", iso_week(date.fromisoformat(key.value)))
        elif key.kind not in ("week", "month"):
            key = FeedKey("week", iso_week(date.today()))
        days = [d for d in key.days() if d <= date.today()]
        if not days:
            self.notify(f"{key.label} has not started yet.", timeout=3)
            return
        self._fetch_period(key, days[0], days[-1])

    @work(exclusive=True, group="fetch-period", exit_on_error=False)
    async def _fetch_period(self, key: FeedKey, first: date, last: date) -> None:
        label = key.label

        def progress(step: SyncProgress) -> None:
            note = f" · {step.note}" if step.note else ""
            self.status.activity = (
                f"fetching {label}: {step.days_done}/{step.days_total} days · {step.papers} papers{note}"
            )

        runner = SyncRunner(
            self.session.store, self.session.hub, library=self.session.library, on_progress=progress
        )
        self.status.activity = f"fetching {label}…"
        try:
            summary = await runner.run(first, last)
            assembled = None
            if summary.fetched and not summary.failed and key.kind != "day":
                assembled = await asyncio.to_thread(assemble_period, self.session.store, key)
        finally:
            self.status.activity = ""
        self._period_fetched(key, summary, assembled)

    def _period_fetched(self, key: FeedKey, summary: SyncSummary, assembled: Listing | None) -> None:
        if summary.failed:
            failed = summary.failed[0]
            self.status.problem = f"{key.label}: {len(summary.failed)} day(s) failed ({failed.day}: {failed.reason})"
        done = len(summary.fetched)
        if done == 0 and not summary.failed:
            self.notify(f"{key.label} was already in the cache.", timeout=3)
        else:
            self.notify(f"{key.label}: {done} day(s) fetched, {summary.new} new papers", timeout=4)
        if done == 0:
            return
        fetched = {d.isoformat() for d in summary.fetched}
        if self.key.kind == "library" or (self.key.kind == "day" and self.key.value in fetched):
            self.open_view(self.key, refresh=False)
        elif assembled is not None and self.key == key:
            self.show_listing(assembled, keep_cursor=True)


def assemble_period(store: CacheStore, key: FeedKey) -> Listing | None:
    """A week or month rebuilt from its cached days and saved as that listing.

    The period's own cached listing may predate the days just fetched; this
    replaces it. None when some past day of the period is not cached.
    """
    today = date.today()
    papers: dict[str, Paper] = {}
    for day in key.days():
        if day > today:
            continue
        listing = store.listing(FeedKey("day", day.isoformat()))
        if listing is None:
            return None
        for paper in listing.papers:
            papers.setdefault(paper.id, paper)
    ranked = sorted(papers.values(), key=lambda p: p.upvotes, reverse=True)
    fetched_at = utcnow()
    store.save_listing(key, ranked, fetched_at)
    return Listing(key, ranked, fetched_at, "cache")
