"""Search, the whole library, read state, fetching a period, "new since last visit" (``/ L X F``).

``/`` searches the cache with FTS5 at once and, online, merges Hugging Face's
search in when it arrives; ``L`` pages the whole cache out of SQLite; ``X``
flips read state; ``F`` fetches every day of the current week or month in the
background; the status line says how many papers are new since the last visit
of a view. Every SQLite read or write here runs in a thread.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING

from tui.controllers import ReaderUI
from tui.models import FeedKey, Listing, Paper
from tui.services.errors import ServiceError
from tui.services.reader.library_index import LibraryIds
from tui.services.reader.rows import StoreRows

if TYPE_CHECKING:
    from tui.services.reader.search import SearchIds
    from tui.services.reader.sync import SyncProgress, SyncSummary
    from tui.services.session import Session


class LibraryController:
    """Search, library, read state, period fetches and visit counts."""

    def __init__(self, session: Session, ui: ReaderUI) -> None:
        self.session = session
        self.ui = ui
        self._search_note: tuple[str, str] | None = None
        """(query, ``12 cached · 30 remote ☁``) for the last search merged with Hugging Face's."""
        self._visit: tuple[str, datetime | None] | None = None
        """(view key, its previous visit) for the view on screen."""
        self.library_filters: Callable[[str], bool] | None = None
        """Shows a search with library filters and returns True (set by the reader, issue 13)."""
        self.note_hits: Callable[[str], list[str]] | None = None
        """Cached papers whose note matches a plain search, added after the FTS hits (issue 13)."""

    # -- search -----------------------------------------------------------------

    def open_search(self, text: str, *, remote: bool = True) -> None:
        """Show the cache's matches for *text* at once; online, merge Hugging Face's in later."""
        ui, key = self.ui, FeedKey("search", text.strip())
        if self.library_filters is not None and self.library_filters(text):
            return  # note: / tag: / list: searches are the reading controller's
        ui.key = key
        ui.status = ui.status._replace(problem="")
        problem = self.session.feeds.search_problem(key.value)
        if problem:
            ui.show_empty(key, problem)
            ui.close_prompt()
            return
        ui.status = ui.status._replace(view=key.label, activity="searching the cache…")
        # The query starts in a thread right now, not when a worker task is next
        # scheduled (that waits behind the repaint of the screen the prompt left).
        from tui.services.reader.search import SearchIds  # the first search imports it, not start-up

        pending = asyncio.get_running_loop().run_in_executor(None, SearchIds, self.session.store, key.value)
        ui.run(self.search_local(key, pending, remote and not self.session.offline), group="search")

    async def search_local(self, key: FeedKey, pending: asyncio.Future[SearchIds], remote: bool) -> None:
        from tui.services.reader.search import SearchQueryError

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
        self.ui.close_prompt()
        if self.ui.key == key:
            self.ui.status = self.ui.status.doing("")
            self.ui.show_empty(key, reason)

    def _show_local_hits(self, key: FeedKey, ids: SearchIds, remote: bool) -> None:
        ui = self.ui
        if ui.key != key:
            return
        if self.note_hits is not None:
            ids.add_unranked(self.note_hits(key.value))
        self._search_note = None
        if remote:
            fresh = f"{ids.loaded} cached · searching Hugging Face…"
        else:
            fresh = "offline - cache only" if self.session.offline else "cache only"

        def more_ranked(page: SearchIds) -> None:  # the feed drew past the ranked rows
            if ui.key == key and ui.listing is None:
                ui.status = ui.status._replace(how_many=page.summary())

        ids.on_page = more_ranked
        ui.status = ui.status.doing("")  # the cache has answered
        ui.show_rows(key, StoreRows(self.session.store, ids), count=ids.summary(), fresh=fresh)
        ui.close_prompt()
        if remote:
            ui.run(self.search_remote(key, list(ids[: ids.loaded])), group="feed")

    async def search_remote(self, key: FeedKey, local_ids: list[str]) -> None:
        ui = self.ui
        ui.status = ui.status.doing("searching Hugging Face…")
        try:
            merged = await self.session.feeds.search_merged(key, local_ids)
        except ServiceError as error:
            if ui.key == key:
                fresh = ui.status.freshness.replace("searching Hugging Face…", "cached results only")
                ui.status = ui.status._replace(freshness=fresh, problem=f"Hugging Face search: {error}")
            return
        finally:
            ui.status = ui.status.doing("")
        if ui.key != key:
            return
        self._search_note = (key.value, merged.note)
        ui.show_listing(merged.listing, keep_cursor=True)
        ui.marks = ui.marks._replace(remote=merged.remote_ids)

    # -- the whole library ------------------------------------------------------

    def open_library(self, *, at_once: bool = False) -> None:
        """Every cached paper, newest first; rows are paged out of SQLite as they are drawn.

        A count and the first page (a few ms at 100,000) are read in a thread, or
        right here for the view the app starts on (*at_once*).
        """
        key = FeedKey("library")
        self.ui.key = key
        if at_once:
            self._show_library(key, self._first_page())
        else:
            self.ui.run(self._open_library(key), group="open")

    def _first_page(self) -> StoreRows:
        rows = StoreRows(self.session.store, self.session.feeds.library_ids())
        rows.prime()  # the first screenful
        return rows

    async def _open_library(self, key: FeedKey) -> None:
        rows = await asyncio.to_thread(self._first_page)
        if self.ui.key == key:
            self._show_library(key, rows)

    def _show_library(self, key: FeedKey, rows: StoreRows) -> None:
        fresh = "offline - local" if self.session.offline else "local"
        self.ui.show_rows(key, rows, count=f"{len(rows):,} cached papers", fresh=fresh)
        self.ui.run(partial(self._warm, rows), group="library-order", after_paint=True)

    async def _warm(self, rows: StoreRows) -> None:
        """The order snapshot and the rest of the first page, in threads once the titles are on
        screen (else the first PgDn takes them)."""
        ids = rows.ids()
        if isinstance(ids, LibraryIds):
            await asyncio.to_thread(self.session.feeds.warm_library_order, ids)
        rows.read_first_page()

    # -- read state -------------------------------------------------------------

    def toggle_read(self) -> None:
        paper = self.ui.current
        if paper is None:
            self.ui.say("No paper selected.")
            return
        self.ui.run(self.set_read(paper.id, paper.id not in self.ui.marks.read), group="read-state", exclusive=False)

    async def set_read(self, paper_id: str, read: bool, *, quiet: bool = False) -> None:
        """Save *paper_id* as read (or unread) in a thread, then redraw its mark."""
        library = self.session.library
        try:
            await asyncio.to_thread(library.mark_read if read else library.mark_unread, paper_id)
        except Exception as error:  # noqa: BLE001 - a full or read-only disk must not take the app down
            self.ui.status = self.ui.status.failed(f"cannot save read state: {error}")
            return
        self.ui.marks = self.ui.marks.mark_read(paper_id, read)
        if not quiet:
            self.ui.say("marked read" if read else "marked unread", timeout=2)

    # -- what the status line adds to a view --------------------------------------

    def view_shown(self, key: FeedKey, listing: Listing | None) -> None:
        """Called each time a view is painted: the search counts, "N new since last visit"."""
        if key.kind == "search":
            if self._search_note is not None and self._search_note[0] == key.value:
                self.ui.status = self.ui.status.noting(self._search_note[1])
            return
        if key.kind == "bookmarks" or (listing is not None and listing.source == "sample"):
            return
        if key.kind != "library" and (listing is None or listing.key != key):
            return
        self.ui.run(partial(self._note_new_since_visit, key, listing), group="visit", after_paint=True)  # titles first

    async def _note_new_since_visit(self, key: FeedKey, listing: Listing | None) -> None:
        since = await self._last_visit(key)
        if since is None:
            return
        if key.kind == "library":
            from tui.services.reader.search import papers_added_after

            new = await asyncio.to_thread(papers_added_after, self.session.store, since.date())
        else:
            papers: list[Paper] = listing.papers if listing is not None else []
            new = sum(1 for p in papers if p.submitted_at is not None and p.submitted_at > since)
        if new and self.ui.key == key:
            self.ui.status = self.ui.status.noting(f"{new:,} new since last visit")

    async def _last_visit(self, key: FeedKey) -> datetime | None:
        """The previous visit of *key* (recorded once per stay on a view, not on each repaint)."""
        if self._visit is not None and self._visit[0] == key.cache_key:
            return self._visit[1]
        self._visit = (key.cache_key, None)
        library = self.session.library

        def visit() -> datetime | None:
            since = library.last_visit(key.cache_key)
            library.record_visit(key.cache_key)
            return since

        try:
            since = await asyncio.to_thread(visit)
        except sqlite3.Error:
            since = None
        self._visit = (key.cache_key, since)
        return since

    # -- fetching a whole week / month ------------------------------------------

    def fetch_period(self) -> None:
        plan = self.session.feeds.period_to_fetch(self.ui.key)
        if not plan.days:
            self.ui.say(plan.message)
            return
        self.ui.run(self.fetch_days(plan.key, plan.days[0], plan.days[-1]), group="fetch-period")

    async def fetch_days(self, key: FeedKey, first: date, last: date) -> None:
        ui, label = self.ui, key.label

        def progress(step: SyncProgress) -> None:
            note = f" · {step.note}" if step.note else ""
            ui.status = ui.status.doing(
                f"fetching {label}: {step.days_done}/{step.days_total} days · {step.papers} papers{note}"
            )

        from tui.services.reader.sync import SyncRunner

        session = self.session
        runner = SyncRunner(session.store, session.hub, library=session.library, on_progress=progress)
        ui.status = ui.status.doing(f"fetching {label}…")
        try:
            summary = await runner.run(first, last)
            assembled = None
            if summary.fetched and not summary.failed and key.kind != "day":
                assembled = await session.feeds.assemble_period(key)
        finally:
            ui.status = ui.status.doing("")
        self._period_fetched(key, summary, assembled)

    def _period_fetched(self, key: FeedKey, summary: SyncSummary, assembled: Listing | None) -> None:
        ui = self.ui
        if summary.failed:
            failed = summary.failed[0]
            ui.status = ui.status.failed(
                f"{key.label}: {len(summary.failed)} day(s) failed ({failed.day}: {failed.reason})"
            )
        done = len(summary.fetched)
        if done == 0 and not summary.failed:
            ui.say(f"{key.label} was already in the cache.")
        else:
            ui.say(f"{key.label}: {done} day(s) fetched, {summary.new} new papers", timeout=4)
        if done == 0:
            return
        fetched = {d.isoformat() for d in summary.fetched}
        if ui.key.kind == "library" or (ui.key.kind == "day" and ui.key.value in fetched):
            ui.open_view(ui.key, refresh=False)
        elif assembled is not None and ui.key == key:
            ui.show_listing(assembled, keep_cursor=True)
