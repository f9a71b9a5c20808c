"""Opening views, refreshing them, ``[`` / ``]``, hiding read papers, sorting and filtering rows.

What a view shows is the reader policy's decision
(:class:`tui.services.reader.feeds.FeedService`); this module only runs it in the
background and hands the result to the screen. The cache read happens in a
thread, so a slow disk never holds a key press.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tui.models import FeedKey, iso_week
from tui.services.errors import OfflineError, ServiceError, TimeoutServiceError
from tui.services.reader.arrange import ArrangedRows, Arrangement, arrange_rows, arranged_ids
from tui.services.reader.library_index import LibraryIds
from tui.services.reader.rows import RowSource, StoreRows

if TYPE_CHECKING:
    from tui.controllers import ReaderUI
    from tui.controllers.library import LibraryController
    from tui.services.reader.feeds import Opening
    from tui.services.session import Session


class ViewController:
    """Which listing is on screen, and how it gets there."""

    def __init__(self, session: Session, ui: ReaderUI, library: LibraryController) -> None:
        self.session = session
        self.feeds = session.feeds
        self.ui = ui
        self.library = library
        self.stepping_to: FeedKey | None = None
        """The day a ``[`` / ``]`` is fetching (pressed again, the step goes on from there)."""
        self.open_for_you: Callable[[bool], None] | None = None
        """Opens the For you view (:mod:`tui.controllers.follow`)."""
        self.on_refreshed: Callable[[], None] | None = None
        """Called after a listing came from the network (For you announces its new matches)."""
        self._arranging = 0
        """Counts the row views painted: a sort finishing after another paint is dropped."""

    # -- opening ------------------------------------------------------------------

    def open(self, key: FeedKey, *, refresh: bool = True, at_once: bool = False) -> None:
        """Show *key* from the cache, then refresh it in the background.

        The cache is read in a thread; *at_once* (the view the app starts on, when
        nothing else is waiting) reads it right here, so the first frame has titles.
        """
        self.ui.key = key
        if key.kind == "library":
            self.library.open_library(at_once=at_once)
        elif key.kind == "search":
            self.library.open_search(key.value, remote=refresh)
        elif key.kind == "for-you" and self.open_for_you is not None:
            self.open_for_you(refresh)
        elif at_once:
            self._show(key, self.feeds.opening(key), refresh)
        else:
            self.ui.run(self._open(key, refresh), group="open")

    async def _open(self, key: FeedKey, refresh: bool) -> None:
        opening = await self.feeds.opening_async(key)
        if self.ui.key == key:  # else the user moved on while the cache was read
            self._show(key, opening, refresh)

    def _show(self, key: FeedKey, opening: Opening, refresh: bool) -> None:
        if opening.listing is not None:
            self.ui.show_listing(opening.listing)
        else:
            self.ui.show_empty(key, opening.empty_reason)
        if refresh and opening.refresh:
            self.ui.run(self.fetch(key), group="feed")

    def kind_key(self, kind: str) -> FeedKey:
        """The view ``d`` ``w`` ``m`` ``t`` ``B`` ``L`` open, anchored on the day on screen."""
        if kind == "day" and not self.ui.key.is_dated:
            return FeedKey("latest")  # from trending, search, bookmarks ...: the latest day
        anchor = self.anchor_day()
        if kind == "day":
            return FeedKey("day", anchor.isoformat())
        if kind == "week":
            return FeedKey("week", iso_week(anchor))
        if kind == "month":
            return FeedKey("month", anchor.strftime("%Y-%m"))
        return FeedKey(kind)  # type: ignore[arg-type]

    def anchor_day(self) -> date:
        """The day the current view is about (for switching to its week or month); the latest
        day for views that are not about a date."""
        key = self.ui.key
        if key.kind == "day":
            try:
                return date.fromisoformat(key.value)
            except ValueError:
                pass
        if key.is_dated:
            return key.days()[0]
        # Trending, search, bookmarks, the library, an author's papers: d / w / m mean the
        # latest day / week / month, not the highlighted paper's (which may be years old).
        today = self.feeds.today()
        latest = self.session.store.listing_days()[:1]
        if latest:
            try:
                cached = date.fromisoformat(latest[0])
            except ValueError:
                return today
            # Offline the newest cached day is the latest one can read; online, today's
            # week or month unless the cache already has a day that recent.
            if self.session.offline or today - cached <= timedelta(days=3):
                return cached
        return today

    # -- the network ----------------------------------------------------------------

    def refresh(self) -> None:
        key = self.ui.key
        if key.kind in ("library", "bookmarks", "for-you"):
            self.open(key)
        else:
            self.ui.run(self.fetch(key), group="feed")

    async def fetch(self, key: FeedKey) -> None:
        """Refresh *key* from the network; the cached view stays on any error."""
        ui = self.ui
        ui.status = ui.status._replace(activity=f"fetching {key.label}…", problem="")
        try:
            listing = await self.feeds.fetch(key)
        except ServiceError as error:
            self._fetch_failed(key, error)
            return
        finally:
            ui.status = ui.status.doing("")
        if self.still_showing(key):
            ui.show_listing(listing, keep_cursor=True)
        if self.on_refreshed is not None:
            self.on_refreshed()

    def still_showing(self, key: FeedKey) -> bool:
        """Whether the user is still on the view a fetch for *key* was started from."""
        shown = self.ui.key
        return shown == key or (key.kind == "latest" and shown.kind in ("latest", "day"))

    def _fetch_failed(self, key: FeedKey, error: ServiceError) -> None:
        if not self.still_showing(key):
            return
        ui = self.ui
        ui.status = ui.status.failed(str(error))
        if ui.listing is None:
            ui.show_empty(key, f"not cached · {error}")
        elif isinstance(error, (OfflineError, TimeoutServiceError)):
            ui.show_listing(ui.listing, keep_cursor=True, unreachable=True)

    # -- [ and ] ----------------------------------------------------------------------

    def shift(self, steps: int) -> None:
        # Pressed again while a day is still being fetched: step on from that day.
        self.ui.run(self.step(self.stepping_to or self.ui.key, steps), group="feed")

    async def step(self, start: FeedKey, steps: int) -> None:
        """Move to the previous/next listing that has papers (however many days are empty)."""
        ui = self.ui
        fetching: list[FeedKey] = []

        def on_fetching(key: FeedKey) -> None:
            ui.status = ui.status.doing(f"fetching {key.label}…")
            fetching.append(key)
            self.stepping_to = key

        def on_progress(text: str) -> None:
            ui.status = ui.status.doing(text)

        try:
            step = await self.feeds.step(start, steps, on_fetching=on_fetching, on_progress=on_progress)
        finally:
            if fetching and self.stepping_to == fetching[-1]:
                self.stepping_to = None
            ui.status = ui.status.doing("")
        if step.key is None:
            if step.error is not None:
                ui.status = ui.status.failed(step.message or str(step.error))
            else:
                ui.say(step.message, timeout=3 if step.message.startswith("No later") else 5)
            return
        ui.key = step.key
        if step.error is not None or step.listing is None:
            ui.show_empty(step.key, f"not cached · {step.error}")
            ui.status = ui.status.failed(str(step.error))
            return
        ui.show_listing(step.listing)
        if step.refresh:
            ui.run(self.fetch(step.key), group="feed")

    # -- read papers hidden or shown --------------------------------------------------

    def toggle_hide_read(self) -> None:
        ui = self.ui
        ui.hide_read = not ui.hide_read
        ui.marks = ui.marks._replace(show_unread=True)
        ui.say("read papers hidden" if ui.hide_read else "read papers shown", timeout=2)
        if ui.key.kind == "library" or ui.listing is None:
            self.open(ui.key, refresh=False)
        else:
            ui.show_listing(ui.listing, keep_cursor=True)

    # -- sort and filter on views of rows (search, library, lists, For you) ------------

    def arranged_rows(
        self, key: FeedKey, source: RowSource, *, count: str, fresh: str, view: str | None
    ) -> tuple[RowSource, str]:
        """What the reader paints for *source* under the current sort and filter, and its count.

        Rows in memory are arranged here (a list, For you: hundreds of papers at most).
        Rows paged out of SQLite (the library, search results) are painted as they are,
        and arranged in a thread (:func:`~tui.services.reader.arrange.arranged_ids`); the view is
        painted again when that is done, if it is still on screen.
        """
        self._arranging += 1
        arrangement: Arrangement = self.ui.arrangement
        if not arrangement.active or isinstance(source, ArrangedRows):
            return source, count
        if isinstance(source, StoreRows):
            work = self._arrange_paged(key, source, arrangement, count, fresh, view, self._arranging)
            self.ui.run(work, group="arrange")
            return source, count
        arranged = arrange_rows(source, arrangement)
        return arranged, filtered_count(len(arranged), arranged.total, count)

    async def _arrange_paged(
        self, key: FeedKey, source: StoreRows, arrangement: Arrangement, count: str, fresh: str,
        view: str | None, generation: int,
    ) -> None:
        ui, store, ids = self.ui, self.session.store, source.ids()
        verb = "sorting" if arrangement.sort != "hub" else "filtering"
        ui.status = ui.status.doing(f"{verb} {len(ids):,} papers…")
        try:
            ordered = await asyncio.to_thread(self._arranged, key, ids, arrangement)
        finally:
            ui.status = ui.status.doing("")
        if generation != self._arranging or ui.key != key or ui.arrangement != arrangement:
            return  # the user moved on (or re-arranged) meanwhile
        from tui.services.reader.search import SearchIds  # loaded by the first search, not start-up

        if isinstance(ids, SearchIds):
            count = f"{len(ids):,} result{'s' if len(ids) != 1 else ''}"  # every match is arranged now
        rows = ArrangedRows(StoreRows(store, ordered), range(len(ordered)), total=len(ids))
        current = ui.highlighted_paper()
        ui.show_rows(key, rows, count=filtered_count(len(ordered), len(ids), count), fresh=fresh, view=view,
                     cursor_id=current.id if current is not None else None)

    def _arranged(self, key: FeedKey, ids: Sequence[str], arrangement: Arrangement) -> list[str]:
        """(In a thread.) The ids of a paged view, arranged: all of them, not just the pages drawn."""
        from tui.services.reader.search import SearchIds, search_cache

        store = self.session.store
        if isinstance(ids, LibraryIds):
            return arranged_ids(store, None, arrangement)
        if isinstance(ids, SearchIds):
            ranked = search_cache(store, key.value, max(len(ids), 1))
            seen = set(ranked)
            extra = [i for i in ids[: ids.loaded] if i not in seen]  # found in the user's notes
            return arranged_ids(store, ranked + extra, arrangement)
        return arranged_ids(store, list(ids), arrangement)

    def rearrange(self) -> None:
        """The sort or filter changed on a view of rows: paint it again from where it comes from."""
        key = self.ui.key
        if key.kind == "search":
            self.library.open_search(key.value, remote=False)
        else:
            self.open(key, refresh=False)


def filtered_count(kept: int, total: int, count: str) -> str:
    """``12 of 1,204 cached papers`` when the filter hid some rows, else *count*."""
    return count if kept == total else f"{kept:,} of {count}"
