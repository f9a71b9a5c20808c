"""The Textual app: three panes, a status line, and the workers that feed them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from tui.author_actions import AuthorActions
from tui.commands import COMMANDS, effective_keys, normalise_key, unknown_keymap_ids
from tui.library_actions import LibraryActions
from tui.models import FeedKey, Listing, Paper, iso_week
from tui.paper_actions import PaperActions
from tui.screens.help import HelpScreen
from tui.services.errors import OfflineError, ServiceError, TimeoutServiceError
from tui.services.rows import FilteredRows, PaperRows, RowSource
from tui.services.session import Session, open_session
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.author_sidebar import AuthorSidebar
from tui.widgets.feed_table import FeedTable
from tui.widgets.status_line import StatusLine, freshness

MAX_EMPTY_STEPS = 14
"""How many empty days ``[`` / ``]`` skip before giving up (weekends, holidays)."""


class PapersApp(PaperActions, AuthorActions, LibraryActions, App[int]):
    """papers-tui: feed, abstract and authors, local first."""

    CSS_PATH = "app.tcss"
    TITLE = "papers-tui"
    ENABLE_COMMAND_PALETTE = True
    # Small terminals (a phone over SSH, a split pane): app.tcss drops the sidebar, then the abstract.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012 - Textual's own type
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.footer_label, show=c.footer, id=c.id, tooltip=c.description)
        for c in COMMANDS
        if c.scope == "app" and c.id != "command-palette"
    ]

    def __init__(self, key: FeedKey, session: Session) -> None:
        super().__init__()
        self.session = session
        self.key = key
        self.listing: Listing | None = None
        self.current: Paper | None = None
        self.hide_read = False
        self._show_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._keymap_problems: list[str] = []
        self._empty_message = "No paper selected."
        self._stepping_to: FeedKey | None = None
        if session.settings.theme:
            self.theme = session.settings.theme

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield FeedTable(id="feed")
                yield AbstractPane(id="abstract")
            yield AuthorSidebar(id="authors")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def feed(self) -> FeedTable:
        return self.query_one(FeedTable)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def offline(self) -> bool:
        return self.session.offline

    def on_mount(self) -> None:
        self._apply_keymap()
        self.session.hub.http.on_retry = self._network_retrying
        self.feed.border_title = "Feed"
        self.query_one(AbstractPane).border_title = "Abstract"
        self.query_one(AuthorSidebar).border_title = "Authors"
        self.feed.bookmarked = self.session.library.bookmarked_ids()
        self.feed.read = self.session.library.read_ids()
        self.feed.focus()
        for notice in [*self.session.notices, *self._keymap_problems]:
            self.notify(notice, title="papers-tui", severity="warning", timeout=12)
        self.open_view(self.key)

    async def on_unmount(self) -> None:
        # The HTTP client belongs to this event loop: close it before the loop ends.
        await self.session.hub.aclose()
        await self._close_author_clients()

    def _apply_keymap(self) -> None:
        keymap = self.session.settings.keymap
        for unknown in unknown_keymap_ids(keymap):
            self._keymap_problems.append(f"config [keymap]: unknown command id {unknown!r} ignored")
        known = {k: normalise_key(v) for k, v in keymap.items() if k not in unknown_keymap_ids(keymap)}
        if known:
            self.set_keymap(known)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        keys = effective_keys(self.session.settings.keymap)
        for command in COMMANDS:
            if command.id in ("command-palette", "cursor-down", "cursor-up", "page-down", "page-up"):
                continue
            if command.scope not in ("app", "feed"):
                continue  # the sidebar's list keys only make sense inside the sidebar
            yield SystemCommand(
                command.description,
                f"{command.group} · key {keys[command.id]} · id {command.id}",
                lambda action=command.action, scope=command.scope: self._run_command(action, scope),
            )
        yield from super().get_system_commands(screen)

    def _run_command(self, action: str, scope: str) -> None:
        target = self.feed if scope == "feed" else self
        self.call_later(self.run_action, action, target)

    # -- views ----------------------------------------------------------------

    def open_view(self, key: FeedKey, *, refresh: bool = True) -> None:
        """Show *key* from the cache at once, then refresh it in the background."""
        self.key = key
        if key.kind == "library":
            self.open_library()
            return
        if key.kind == "search":
            self.open_search(key.value, remote=refresh)
            return
        cached = self.session.feeds.cached(key)
        if cached is None and key.kind == "latest":
            # First start with an empty cache: something real to read at once.
            cached = self.session.feeds.sample()
        if cached is not None:
            self.show_listing(cached)
        else:
            self._show_empty(key, "loading…" if not self.offline else "")
        if key.kind == "bookmarks":
            return
        if self.offline:
            if cached is None:
                self._show_empty(key, f"offline - {key.label} is not cached")
            return
        if refresh:
            self.fetch_view(key)

    def _show_empty(self, key: FeedKey, detail: str) -> None:
        self.listing = None
        self.status.view = key.label
        self.status.detail = detail
        hint = "Press [ or ] for other days, L for every cached paper, ? for help."
        self._empty_message = f"{detail or 'Nothing here yet for ' + key.label}.\n\n{hint}"
        self.feed.set_source(PaperRows([]))
        self._show_paper(None)

    def show_listing(self, listing: Listing, *, keep_cursor: bool = False, unreachable: bool = False) -> None:
        """Paint *listing*; keep the cursor on the same paper when asked.

        *unreachable* marks the status "offline" after a failed refresh.
        """
        previous_id = self.feed.current_id if keep_cursor else None
        self.listing = listing
        self.key = listing.key if listing.source != "sample" else self.key
        if listing.source == "network" and self.session.feeds.cache_problem:
            self.status.problem = self.session.feeds.cache_problem
        label = "Sample papers" if listing.source == "sample" else listing.key.label
        count = len(listing.papers)
        self._show_source(
            PaperRows(listing.papers),
            f"{count} paper{'s' if count != 1 else ''}",
            freshness(listing, offline=self.offline or unreachable),
            label=label,
            cursor_id=previous_id,
        )

    def _show_source(
        self, source: RowSource, count: str, fresh: str, *, label: str | None = None, cursor_id: str | None = None
    ) -> None:
        self.feed.remote = set()
        if self.hide_read:
            read = self.feed.read
            source = FilteredRows(source, lambda paper_id: paper_id not in read)
        cursor = 0
        if cursor_id is not None:
            ids = source.ids()
            cursor = next((i for i, pid in enumerate(ids) if pid == cursor_id), 0)
        self.status.view = label or self.key.label
        hidden = " (read hidden)" if self.hide_read else ""
        self.status.detail = f"{count}{hidden} · {fresh}"
        self.feed.set_source(source, cursor=cursor)
        self.note_view_shown()
        if len(source) == 0:
            if self.key.kind == "bookmarks" and not self.hide_read:
                self._empty_message = "No bookmarks yet: press b on a paper to keep it here (works offline)."
            else:
                self._empty_message = "No papers in this view." + (
                    " Press x to show read papers." if self.hide_read else ""
                )
            self._show_paper(None)

    @work(exclusive=True, group="feed", exit_on_error=False)
    async def fetch_view(self, key: FeedKey) -> None:
        """Refresh *key* from the network; the cached view stays on any error."""
        self.status.activity = f"fetching {key.label}…"
        self.status.problem = ""
        try:
            listing = await self.session.feeds.fetch(key)
        except ServiceError as error:
            self._fetch_failed(key, error)
            return
        finally:
            self.status.activity = ""
        if self._still_showing(key):
            self.show_listing(listing, keep_cursor=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes a message; the view on screen stays."""
        if event.state is not WorkerState.ERROR:
            return
        self.status.activity = ""
        error = event.worker.error
        self.status.problem = f"{event.worker.name or 'background task'} failed: {error}"
        self.notify(f"Something went wrong: {error}", severity="error", timeout=8)

    def _network_retrying(self, reason: str, seconds: float) -> None:
        """Called by the HTTP layer before it waits: say so instead of looking frozen."""
        self.status.activity = reason

    def _still_showing(self, key: FeedKey) -> bool:
        """Whether the user is still on the view a fetch for *key* was started from."""
        return self.key == key or (key.kind == "latest" and self.key.kind in ("latest", "day"))

    def _fetch_failed(self, key: FeedKey, error: ServiceError) -> None:
        if not self._still_showing(key):
            return
        self.status.problem = str(error)
        if self.listing is None:
            self._show_empty(key, f"not cached · {error}")
        elif isinstance(error, (OfflineError, TimeoutServiceError)):
            self.show_listing(self.listing, keep_cursor=True, unreachable=True)

    def action_view(self, kind: str) -> None:
        anchor = self._anchor_day()
        if kind == "day":
            key = FeedKey("day", anchor.isoformat())
        elif kind == "week":
            key = FeedKey("week", iso_week(anchor))
        elif kind == "month":
            key = FeedKey("month", anchor.strftime("%Y-%m"))
        else:
            key = FeedKey(kind)  # type: ignore[arg-type]
        self.open_view(key)
        self.feed.focus()

    def _anchor_day(self) -> date:
        """The day the current view is about (for switching to its week or month)."""
        if self.key.kind == "day":
            try:
                return date.fromisoformat(self.key.value)
            except ValueError:
                pass
        if self.key.is_dated:
            return self.key.days()[0]
        if self.current is not None and self.current.day is not None:
            return self.current.day
        return date.today()

    def action_shift_period(self, steps: int) -> None:
        if not self.key.is_dated:
            self.notify("[ and ] move between days, weeks and months: press d, w or m first", timeout=4)
            return
        # Pressed again while a day is still being fetched: step on from that day.
        self.step_period(self._stepping_to or self.key, steps)

    @work(exclusive=True, group="feed", exit_on_error=False)
    async def step_period(self, start: FeedKey, steps: int) -> None:
        """Move to the previous/next day that has papers (skipping empty days)."""
        key = start
        tries = MAX_EMPTY_STEPS if start.kind == "day" else 1
        for _ in range(tries):
            key = key.shifted(steps)
            if key.days()[0] > date.today():
                self.notify("No later listing yet.", timeout=3)
                return
            cached = self.session.feeds.cached(key)
            if cached is not None and (cached.papers or key.kind != "day"):
                self.status.activity = ""
                self.key = key
                self.show_listing(cached)
                if not self.offline:
                    self.fetch_view(key)
                return
            if cached is not None or self.offline:
                continue
            self.status.activity = f"fetching {key.label}…"
            self._stepping_to = key
            try:
                listing = await self.session.feeds.fetch(key)
            except ServiceError as error:
                self.status.activity = ""
                self.key = key
                self._show_empty(key, f"not cached · {error}")
                self.status.problem = str(error)
                return
            finally:
                if self._stepping_to == key:
                    self._stepping_to = None
            self.status.activity = ""
            if listing.papers or key.kind != "day":
                self.key = key
                self.show_listing(listing)
                return
        if self.offline:
            self.notify(f"offline - no cached day with papers within {tries} days", timeout=5)
        else:
            self.notify(f"No papers within {tries} days of {start.label}.", timeout=5)

    def action_refresh(self) -> None:
        if self.offline:
            self.notify("offline (--offline): showing the cache", timeout=4)
            return
        if self.key.kind in ("library", "bookmarks"):
            self.open_view(self.key)
            return
        self.fetch_view(self.key)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(effective_keys(self.session.settings.keymap)))

    def action_focus_feed(self) -> None:
        self.feed.focus()

    def action_toggle_hide_read(self) -> None:
        self.hide_read = not self.hide_read
        self.feed.show_unread = True
        self.notify("read papers hidden" if self.hide_read else "read papers shown", timeout=2)
        if self.key.kind == "library" or self.listing is None:
            self.open_view(self.key, refresh=False)
        else:
            self.show_listing(self.listing, keep_cursor=True)

    # -- the highlighted paper -----------------------------------------------

    @on(FeedTable.Highlighted)
    def _feed_moved(self, event: FeedTable.Highlighted) -> None:
        # Debounce: holding j repaints the feed at once, the panes once it settles.
        if self._show_timer is not None:
            self._show_timer.stop()
        self._show_timer = self.set_timer(0.05, self._show_highlighted)

    def _show_highlighted(self) -> None:
        if not self.is_running:
            return
        self._show_paper(self.feed.source.paper(self.feed.cursor))

    def _show_paper(self, paper: Paper | None) -> None:
        self.current = paper
        bookmarked = paper is not None and paper.id in self.feed.bookmarked
        pane = self.query_one(AbstractPane)
        if paper is None:
            pane.show_message(self._empty_message)
        else:
            pane.show(paper, bookmarked=bookmarked)
        self.query_one(AuthorSidebar).show_paper(paper)
        if self._read_timer is not None:
            self._read_timer.stop()
        if paper is not None and paper.id not in self.feed.read:
            self._read_timer = self.set_timer(
                self.session.settings.read_after_seconds, lambda: self._mark_read(paper.id)
            )

    def _mark_read(self, paper_id: str) -> None:
        # A timer can fire while the app shuts down, after the widgets are gone.
        if not self.is_running or self.current is None or self.current.id != paper_id:
            return
        try:
            self.session.library.mark_read(paper_id)
        except Exception as error:  # noqa: BLE001 - a full or read-only disk must not take the app down
            self.status.problem = f"cannot save read state: {error}"
            return
        self.feed.read.add(paper_id)
        self.feed.refresh_marks()


def run_app(key: FeedKey, *, offline: bool = False) -> int:
    """Open the session, run the UI, close everything; the process exit code."""
    session = open_session(offline=offline)
    app = PapersApp(key, session)
    try:
        app.run()
    finally:
        session.close_local()
    return app.return_code or 0


__all__ = ["PapersApp", "run_app"]
