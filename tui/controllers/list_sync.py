"""List sync from the reader (``=``): one background task, questions when needed, a status note.

The reader never waits on it: ``=`` starts a worker and the view stays usable;
the status line says what is pending (``⇅ 3 to sync``), counted from local
files only, so it is right offline too. Linking a list, the first change to a
collection, and recreating a deleted one each ask first, through *ask* (the
reader screen shows :class:`~tui.screens.confirm_sync.ConfirmSyncScreen`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from tui.controllers import ReaderUI
from tui.services.lists.link import LinkError, default_title, link_list
from tui.services.lists.local import BOOKMARKS, ListStoreError
from tui.services.lists.merge import Plan
from tui.services.lists.session import SyncSession, open_sync, reading_lists
from tui.services.lists.sync import NotConfirmed, SyncReport, SyncStopped, pending_changes
from tui.services.net.collections_auth import TokenError
from tui.services.net.collections_client import CollectionGoneError
from tui.services.storage.list_sync_state import Link, SyncState

if TYPE_CHECKING:
    from tui.services.session import Session

Ask = Callable[[str, list[str], str], Awaitable[bool]]
"""(title, lines, question) -> the user's yes / no."""

_SIGNS = {"push_add": "+ up", "push_remove": "- up", "push_note": "~ up", "pull_add": "+ down",
          "pull_remove": "- down", "pull_note": "~ down", "resolve": "! both"}


class ListSyncController:
    """Syncs the reader's list with its Hugging Face collection; all its state is in list sync's files."""

    def __init__(self, session: Session, ui: ReaderUI, ask: Ask) -> None:
        self.session = session
        self.ui = ui
        self.ask = ask
        self.running = False
        self._counting = False
        self._recount = False

    def current_list(self) -> str:
        """The list ``=`` syncs: the one on screen when it is a list; the bookmarks otherwise."""
        key = self.ui.key
        # A reading list's view is the search ``list:"NAME"`` (tui.services.reader.library_search.list_query).
        match = re.fullmatch(r'list:"([^"]+)"', key.value.strip()) if key.kind == "search" and key.value else None
        return match.group(1) if match else BOOKMARKS

    def refresh_pending(self) -> None:
        """Put ``⇅ N to sync`` (or nothing) in the status line, counted in a thread from local files."""
        if self._counting:
            self._recount = True  # the count running now may have started before this change
            return
        self._counting = True
        self.ui.run(self._refresh_pending(), group="list-sync-pending", exclusive=False)

    def _count_pending(self) -> int:
        state = SyncState(self.session.paths.data_dir).load()
        store = reading_lists(self.session)
        return sum(pending_changes(store, state, name) for name in state.links)

    async def _refresh_pending(self) -> None:
        try:
            while True:
                self._recount = False
                try:
                    count = await asyncio.to_thread(self._count_pending)  # ~40 ms for 10,000 papers
                except (ListStoreError, OSError) as error:
                    self.ui.status = self.ui.status._replace(sync="", problem=str(error))
                    return
                if not self._recount:
                    break
            self.ui.status = self.ui.status._replace(sync=f"⇅ {count} to sync" if count else "")
        finally:
            self._counting = False

    def sync(self) -> None:
        if self.running:
            self.ui.say("A sync is already running.", timeout=4)
            return
        self.running = True
        self.ui.run(self._sync(self.current_list()), group="list-sync")

    def _doing(self, activity: str) -> None:
        self.ui.status = self.ui.status.doing(activity)

    def _retrying(self, reason: str, seconds: float) -> None:
        self._doing(reason)

    async def _sync(self, name: str) -> None:
        self._doing(f"syncing {name} with Hugging Face…")
        report: SyncReport | None = None
        try:
            sync = open_sync(self.session, on_retry=self._retrying)
        except (TokenError, ListStoreError) as error:
            self._fail(str(error))
            self.running = False
            self._doing("")
            return
        try:
            with sync.state.locked():
                sync.state.load()
                report = await self._run(sync, name)
        except ListStoreError as error:
            self._fail(str(error))
        finally:
            await sync.aclose()
            self.running = False
            self._doing("")
            self.refresh_pending()
        if report is not None:
            await self._show(report)

    async def _run(self, sync: SyncSession, name: str) -> SyncReport | None:
        if sync.state.link_of(name) is None and not await self._link(sync, name, "is not linked yet"):
            return None
        try:
            return await sync.engine.sync(name, confirm=self._confirm)
        except NotConfirmed:
            self.ui.say("Sync cancelled: nothing changed.", timeout=5)
        except CollectionGoneError as error:
            self.ui.status = self.ui.status.failed(str(error))
            if await self._link(sync, name, "was linked to a collection that is gone"):
                return await sync.engine.sync(name, confirm=self._confirm)
            self.ui.say(f"To stop syncing it: papers-tui lists unlink {name}", timeout=8)
        except SyncStopped as error:
            self._fail(str(error))
        return None

    async def _link(self, sync: SyncSession, name: str, why: str) -> bool:
        if sync.token is None:
            self._fail("syncing needs a Hugging Face token: run papers-tui login (or set HF_TOKEN)")
            return False
        lines = [f"{name.capitalize()} {why}.",
                 f"Create a private collection {default_title(name)!r} on Hugging Face for it and link it?",
                 "Nothing is removed here; the next step shows what goes up."]
        if not await self.ask(f"Link {name}", lines, "Create and link?"):
            return False
        try:
            linked = await link_list(sync, name)
        except LinkError as error:
            self._fail(str(error))
            return False
        self.ui.status = self.ui.status.failed("")
        self.ui.say(f"{name} linked to {linked.link.url}", timeout=6)
        return True

    async def _confirm(self, plan: Plan, link: Link) -> bool:
        lines = [f"{plan.remote_summary()} on {link.url}", f"{plan.local_summary()} here", ""]
        changes = [op for op in plan.ops if op.kind != "agree"]
        lines += [f"{_SIGNS[op.kind]:<7}{op.paper_id}" for op in changes[:12]]
        if len(changes) > 12:
            lines.append(f"… and {len(changes) - 12} more")
        return await self.ask("First sync: this changes the collection", lines, "Apply?")

    def _fail(self, message: str) -> None:
        self.ui.status = self.ui.status.failed(message)
        self.ui.say(message, severity="error", timeout=8)

    async def _show(self, report: SyncReport) -> None:
        ui = self.ui
        library = self.session.library
        bookmarked = await asyncio.to_thread(library.bookmarked_ids)
        ui.marks = ui.marks._replace(bookmarked=frozenset(bookmarked))
        kind: str = ui.key.kind
        if kind == "bookmarks" or (kind == "list" and ui.key.value == report.name):
            ui.open_view(ui.key, refresh=False)
        down = len(report.pulled)
        up = len([op for op in report.pushed if op.kind != "resolve"])
        if report.stopped:
            ui.status = ui.status.failed(report.stopped)
            ui.say(f"{report.stopped}; {report.pending} change(s) queued for the next sync",
                   severity="warning", timeout=8)
        else:
            ui.status = ui.status.failed("")
            moved = f"{down} down, {up} up" if down or up or report.conflicts else "already in sync"
            ui.say(f"{report.name} synced with {report.link.url}: {moved}", timeout=6)
        for op in report.conflicts:
            ui.say(f"{op.paper_id}: its note changed here and on Hugging Face; both versions kept",
                   severity="warning", timeout=10)
        if report.unknown:
            ui.say(f"Not on Hugging Face (kept here): {', '.join(report.unknown[:5])}",
                   severity="warning", timeout=8)
