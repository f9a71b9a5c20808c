"""Two-way sync of a local reading list with a Hugging Face collection (no Textual).

One round: read the whole collection, merge it three ways with the local
list and the base (:mod:`tui.services.lists.merge`), apply the local
changes, then push the remote ones one by one. The base is saved after every
single change, so a cut anywhere leaves a state the next sync finishes from:
an add that landed before the cut shows up on the next read as "both have it"
(and a repeated add is a harmless 409), a repeated remove is a harmless 404,
a note update is idempotent. After pushing, the collection is read again and
a second round runs when someone changed it meanwhile (at most three rounds).

Offline, rate limited or cut: what could not be pushed stays in the diff of
the library against the base, i.e. it is queued by construction; the next
sync pushes it. :func:`pending_changes` counts it without the network.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tui.models import Paper, parse_datetime, utcnow
from tui.services.errors import HttpStatusError, ServiceError
from tui.services.lists.local import ListStoreError, ReadingListStore
from tui.services.lists.merge import Op, Plan, plan
from tui.services.net.collections_client import CollectionGoneError, CollectionsClient, PaperUnknownError
from tui.services.net.collections_parse import Collection, CollectionItem, cut_note
from tui.services.storage.list_sync_state import BaseEntry, Link, SyncState

MAX_ROUNDS = 3

FetchPaper = Callable[[str], Awaitable[Paper | None]]
"""Metadata for a paper that came down from the collection (fetched and cached), None if unavailable."""
Confirm = Callable[[Plan, Link], Awaitable[bool] | bool]


class SyncStopped(Exception):
    """A fault that needs the user (401/403, collection gone, list missing); nothing half-done."""


class NotConfirmed(Exception):
    """The plan changes the collection for the first time and the user did not say yes."""

    def __init__(self, plan: Plan, link: Link) -> None:
        super().__init__(f"{plan.remote_summary()} on {link.url}")
        self.plan = plan
        self.link = link


@dataclass(slots=True)
class SyncReport:
    name: str
    link: Link
    pushed: list[Op] = field(default_factory=list)
    pulled: list[Op] = field(default_factory=list)
    conflicts: list[Op] = field(default_factory=list)
    kept: list[Op] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Papers Hugging Face does not know: kept locally, not sent."""
    local_only: list[str] = field(default_factory=list)
    stopped: str = ""
    """Why the sync stopped before the end (offline, rate limited, cut): the rest is queued."""
    pending: int = 0
    rounds: int = 0
    dry_run: bool = False
    plan: Plan | None = None

    @property
    def finished(self) -> bool:
        return not self.stopped


def pending_ops(members: dict[str, str], link: Link) -> list[str]:
    """Local changes not yet on the collection (library vs base), e.g. ``add 2501.01234``; no network."""
    from tui.models import is_arxiv_id

    found = []
    for paper_id in sorted(set(members) | set(link.base)):
        entry = link.base.get(paper_id)
        if paper_id in members and not is_arxiv_id(paper_id):
            continue
        if paper_id in link.unknown and entry is None:
            continue
        if entry is None:
            found.append(f"add {paper_id}")
        elif paper_id not in members:
            found.append(f"remove {paper_id}")
        elif " ".join(members[paper_id].split()) != " ".join(entry.local.split()):
            found.append(f"note {paper_id}")
    return found


def pending_changes(store: ReadingListStore, state: SyncState, name: str) -> int:
    """How many local changes of list *name* wait for the next sync (0 when not linked)."""
    link = state.link_of(name)
    if link is None or not store.has_list(name):
        return 0
    return len(pending_ops(store.members(name), link))


class ListSync:
    """Syncs linked lists of *store* with their collections through *client*."""

    def __init__(
        self,
        store: ReadingListStore,
        state: SyncState,
        client: CollectionsClient,
        fetch_paper: FetchPaper,
        *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.state = state
        self.client = client
        self.fetch_paper = fetch_paper
        self._now = now

    def _link(self, name: str) -> Link:
        link = self.state.link_of(name)
        if link is None:
            raise SyncStopped(f"{name} is not linked to a collection: papers-tui lists link {name} --create")
        if not self.store.has_list(name):
            raise SyncStopped(f"no reading list named {name!r}")
        return link

    async def sync(self, name: str, *, confirm: Confirm | None = None, dry_run: bool = False) -> SyncReport:
        """Sync list *name*; a report of what changed and what is left.

        Raises:
            SyncStopped: not linked, token refused (401/403), list missing.
            CollectionGoneError: the collection was deleted (offer recreate / unlink).
            NotConfirmed: the first remote-changing plan was not accepted.
        """
        link = self._link(name)
        report = SyncReport(name, link, dry_run=dry_run)
        try:
            for round_number in range(1, MAX_ROUNDS + 1):
                report.rounds = round_number
                collection = await self.client.get(link.slug)
                self._refresh_link(link, collection)
                members = self.store.members(name)
                current = plan(members, collection.papers(), link.base)
                report.local_only = current.local_only
                if round_number == 1:
                    report.plan = current
                    if dry_run:
                        return report
                    if current.remote_changes and not link.confirmed:
                        if confirm is None or not await _ask(confirm, current, link):
                            raise NotConfirmed(current, link)
                        link.confirmed = True
                        self.state.save()
                if current.empty:
                    break
                await self._apply(name, link, current, members, collection.papers(), report)
        except HttpStatusError as error:
            if isinstance(error, CollectionGoneError):
                self._finish(link, report, str(error))
                raise
            if error.status in (401, 403):
                self._finish(link, report, str(error))
                raise SyncStopped(str(error)) from None
            report.stopped = str(error)
        except ServiceError as error:
            report.stopped = str(error)
        except ListStoreError as error:
            report.stopped = str(error)
        self._finish(link, report, report.stopped)
        return report

    def _finish(self, link: Link, report: SyncReport, error: str) -> None:
        members = self.store.members(report.name) if self.store.has_list(report.name) else {}
        link.queued = pending_ops(members, link)
        link.unknown = sorted(set(report.unknown))
        report.pending = len(link.queued)
        link.last_error = error
        if not error:
            link.last_sync = self._now().astimezone(UTC).isoformat(timespec="seconds")
        self.state.save()

    def _refresh_link(self, link: Link, collection: Collection) -> None:
        """Renames change the slug (both keep working): remember the new one."""
        if collection.slug != link.slug:
            link.slug = collection.slug
            link.url = self.client.web_url(collection.slug)
        link.owner = collection.owner or link.owner

    async def _apply(
        self, name: str, link: Link, current: Plan, members: dict[str, str],
        remote: dict[str, CollectionItem], report: SyncReport,
    ) -> None:
        # Local first: it cannot fail on the network, and it never loses anything.
        for op in current.ops:
            if op.kind in ("pull_add", "pull_remove", "pull_note", "agree"):
                await self._apply_local(name, link, op, members, remote)
                if op.kind != "agree":
                    report.pulled.append(op)
                if op.reason:
                    report.kept.append(op)
                self.state.save()
        for op in current.ops:
            if op.kind not in ("push_add", "push_remove", "push_note", "resolve"):
                continue
            if op.kind == "resolve":
                # Both versions are kept here at once; the base then says "the collection's
                # version, edited here", so a cut before the push below still pushes next time.
                theirs = remote[op.paper_id]
                self.store.set_note(name, op.paper_id, op.note)
                link.base[op.paper_id] = BaseEntry(theirs.note, theirs.note, theirs.item_id)
                report.conflicts.append(op)
                self.state.save()
            try:
                await self._apply_remote(link, op)
            except PaperUnknownError:
                report.unknown.append(op.paper_id)
                continue
            report.pushed.append(op)
            if op.reason:
                report.kept.append(op)
            self.state.save()

    async def _apply_local(
        self, name: str, link: Link, op: Op, members: dict[str, str], remote: dict[str, CollectionItem]
    ) -> None:
        if op.kind == "agree":
            if op.paper_id in members and op.paper_id in remote:
                item = remote[op.paper_id]
                link.base[op.paper_id] = BaseEntry(members[op.paper_id], item.note, item.item_id)
            else:
                link.base.pop(op.paper_id, None)
            return
        if op.kind == "pull_remove":
            self.store.remove(name, op.paper_id)
            link.base.pop(op.paper_id, None)
            return
        if op.kind == "pull_add":
            paper = await self.fetch_paper(op.paper_id) or _paper_from_item(op)
            self.store.add(name, paper, op.note)
        else:
            self.store.set_note(name, op.paper_id, op.note)
        link.base[op.paper_id] = BaseEntry(op.note, op.note, op.item_id)

    async def _apply_remote(self, link: Link, op: Op) -> None:
        sent = cut_note(op.note)
        if op.kind == "push_add":
            updated = await self.client.add_paper(link.slug, op.paper_id, sent)
            item = updated.papers().get(op.paper_id) if updated is not None else None
            if updated is None:
                # 409: it was there already (an add that landed before a cut, or added meanwhile);
                # record nothing, the next round's read tells what the collection really holds.
                return
            link.base[op.paper_id] = BaseEntry(op.note, item.note if item else sent, item.item_id if item else "")
        elif op.kind == "push_remove":
            await self.client.remove_item(link.slug, op.item_id)
            link.base.pop(op.paper_id, None)
        else:
            if await self.client.set_note(link.slug, op.item_id, sent):
                link.base[op.paper_id] = BaseEntry(op.note, sent, op.item_id)


async def _ask(confirm: Confirm, current: Plan, link: Link) -> bool:
    answer = confirm(current, link)
    if isinstance(answer, bool):
        return answer
    return await answer


def _paper_from_item(op: Op) -> Paper:
    """A minimal paper from the collection item when its metadata cannot be fetched now."""
    published = parse_datetime(op.published_at) if op.published_at else None
    return Paper(id=op.paper_id, title=op.title or op.paper_id, published_at=published)
