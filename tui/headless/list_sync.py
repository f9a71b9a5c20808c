"""``papers-tui lists link | unlink | sync | status``: reading lists <-> Hugging Face collections.

Exit status: 0 done (or nothing to do), 1 an error or a sync that stopped
early (what is left is queued for the next sync), 2 bad input.
"""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail, warn_notices
from tui.headless.list_sync_report import ask, print_plan, print_report
from tui.services.lists.link import LinkError, link_list
from tui.services.lists.local import ListStoreError, canonical_list_name
from tui.services.lists.session import SyncSession, open_sync
from tui.services.lists.sync import NotConfirmed, SyncStopped, pending_ops
from tui.services.net.collections_auth import TokenError
from tui.services.net.collections_client import CollectionGoneError
from tui.services.net.collections_parse import parse_slug
from tui.services.session import open_session
from tui.services.storage.list_sync_state import Link


async def run(args: argparse.Namespace) -> int:
    session = open_session(offline=getattr(args, "offline", False))
    warn_notices(session)
    try:
        try:
            sync = open_sync(session, on_retry=_say_waiting)
        except (TokenError, ListStoreError) as error:
            return fail(str(error))
        try:
            if args.lists_command == "status":  # reads only: never waits for a running sync
                return await _status(sync, args)
            with sync.state.locked():
                sync.state.load()  # again, under the lock: another process may have just saved it
                return await _ACTIONS[args.lists_command](sync, args)
        except ListStoreError as error:
            return fail(str(error))
        finally:
            await sync.aclose()
    finally:
        await session.aclose()


def _say_waiting(reason: str, seconds: float) -> None:
    print(f"papers-tui: {reason}", file=sys.stderr)


def _name(sync: SyncSession, text: str) -> str:
    """The list *text* names, as stored (bookmarks for its aliases); a clear error when none."""
    name = sync.store.resolve(text)
    if name is None:
        raise ListStoreError(f"no reading list named {text.strip()!r}; lists: {', '.join(sync.store.list_names())}")
    return name


def _linked_name(sync: SyncSession, text: str) -> str:
    """Like :func:`_name`, but a link whose list was deleted can still be named (to unlink it)."""
    return sync.store.resolve(text) or canonical_list_name(text)


async def _link(sync: SyncSession, args: argparse.Namespace) -> int:
    name = _name(sync, args.name)
    if not args.collection and not args.create:
        return fail("say which collection: --collection SLUG (an existing one) or --create (a new private one)", 2)
    if args.collection and parse_slug(args.collection) is None:
        return fail(f"not a collection slug or URL: {args.collection.strip()[:120]!r} "
                    "(expected owner/title-<24 hex id>)", 2)
    try:
        linked = await link_list(sync, name, slug_text=args.collection, title=args.title, public=args.public)
    except LinkError as error:
        return fail(str(error))
    collection = linked.collection
    if args.create and not linked.created:
        print(f"papers-tui: you already have a collection titled {collection.title!r}; linked to it")
    verb = "created and linked" if linked.created else "linked"
    visibility = "private" if collection.private else "public"
    print(f"{name} {verb}: {linked.link.url} ({visibility}, {len(collection.papers())} papers there)")
    print(f"next: papers-tui lists sync {name} --dry-run   (then without --dry-run)")
    return 0


async def _unlink(sync: SyncSession, args: argparse.Namespace) -> int:
    name = _linked_name(sync, args.name)
    link = sync.state.links.pop(name, None)
    if link is None:
        return fail(f"{name} is not linked to a collection")
    sync.state.save()
    print(f"{name} unlinked from {link.url}; nothing was deleted here or on Hugging Face")
    return 0


async def _sync(sync: SyncSession, args: argparse.Namespace) -> int:
    names = [_linked_name(sync, args.name)] if args.name else sorted(sync.state.links)
    if not names:
        return fail("no list is linked yet: papers-tui lists link bookmarks --create")
    if sync.token is None:
        return fail("syncing needs a Hugging Face token: run papers-tui login (or set HF_TOKEN)")
    worst = 0
    for name in names:
        worst = max(worst, await _sync_one(sync, name, args))
    return worst


async def _sync_one(sync: SyncSession, name: str, args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty() and sys.stdout.isatty()

    def confirm(plan: object, link: Link) -> bool:
        if args.yes:
            return True
        if not interactive:
            return False
        print_plan(plan, link, header="first sync of this list; it will change the collection:")  # type: ignore[arg-type]
        return ask("Apply? [y/N] ", "yn", default="n") == "y"

    try:
        report = await sync.engine.sync(name, confirm=confirm, dry_run=args.dry_run)
    except NotConfirmed as error:
        print_plan(error.plan, error.link, header="the first sync changes the collection:")
        if interactive and not args.yes:
            return fail("nothing changed (not confirmed)")
        return fail("nothing changed: run again with --yes to apply (or --dry-run for details)")
    except CollectionGoneError as error:
        return await _collection_gone(sync, name, str(error), interactive)
    except SyncStopped as error:
        return fail(str(error))
    print_report(report)
    return 0 if report.finished else 1


async def _collection_gone(sync: SyncSession, name: str, message: str, interactive: bool) -> int:
    print(f"papers-tui: {name}: {message}", file=sys.stderr)
    hint = (f"to recreate it with the papers here: papers-tui lists link {name} --create; "
            f"to stop syncing: papers-tui lists unlink {name} (nothing local is removed either way)")
    if not interactive:
        return fail(hint)
    answer = ask("[r]ecreate it, [u]nlink the list, or [c]ancel? ", "ruc", default="c")
    if answer == "u":
        sync.state.links.pop(name, None)
        sync.state.save()
        print(f"{name} unlinked; nothing local was removed")
        return 0
    if answer == "r":
        args = argparse.Namespace(name=name, collection=None, create=True, title=None, public=False)
        return await _link(sync, args)
    return fail("nothing changed")


async def _status(sync: SyncSession, args: argparse.Namespace) -> int:
    names = [_linked_name(sync, args.name)] if args.name else sorted(sync.state.links)
    if not names:
        print("no list is linked to a Hugging Face collection (papers-tui lists link bookmarks --create)")
        return 0
    for name in names:
        link = sync.state.link_of(name)
        if link is None:
            print(f"{name}: not linked")
            continue
        waiting = pending_ops(sync.store.members(name), link) if sync.store.has_list(name) else []
        last = link.last_sync.replace("T", " ")[:16] + " UTC" if link.last_sync else "never"
        print(f"{name} ⇄ {link.url}  last synced: {last}")
        if waiting:
            print(f"  {len(waiting)} change{'s' if len(waiting) != 1 else ''} waiting for the next sync: "
                  + ", ".join(waiting[:10]) + (" …" if len(waiting) > 10 else ""))
        else:
            print("  no local changes waiting")
        if link.last_error:
            print(f"  last sync stopped: {link.last_error}")
        if link.unknown:
            print(f"  not on Hugging Face (kept here): {', '.join(link.unknown[:10])}")
    return 0


_ACTIONS = {"link": _link, "unlink": _unlink, "sync": _sync, "status": _status}
