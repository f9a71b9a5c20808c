"""``papers-tui watch list | add KIND VALUE | remove KIND VALUE``: the watch list without the UI.

The same file the reader uses (``watch.sqlite3`` in the user data dir), so a
watch added here shows in the reader's For you view and the other way round,
even with both running.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from tui.headless import fail, warn_notices
from tui.models import Paper
from tui.services.session import Session, open_session
from tui.services.storage.watch_store import WatchError, WatchStore
from tui.services.watch.for_you import evaluate
from tui.services.watch.match import followed_name
from tui.services.watch.watching import follow, open_watch_store
from tui.services.watch.watching import refresh as refresh_watch_list

_HOW = (
    "follow something: papers-tui watch add author ID | topic QUERY | org NAME | keyword WORD"
    " (or press + on an author in the reader)"
)


async def run(args: argparse.Namespace) -> int:
    action = args.watch_command or "list"
    session = open_session(offline=args.offline)
    warn_notices(session)
    watch_store = open_watch_store(session)
    if watch_store.notice:
        print(f"papers-tui: {watch_store.notice}", file=sys.stderr)
    try:
        if action == "list":
            return _list(session, watch_store)
        value = " ".join(args.value).strip()
        if action == "add":
            return await _add(session, watch_store, args.kind, value)
        return _remove(watch_store, args.kind, value)
    finally:
        watch_store.close()
        await session.aclose()


def _list(session: Session, watch_store: WatchStore) -> int:
    watches = watch_store.watches()
    if not watches:
        print(f"papers-tui: nothing watched yet; {_HOW}", file=sys.stderr)
    for watch in watches:
        added = watch.added_at.astimezone().strftime("%Y-%m-%d") if watch.added_at else "          "
        if watch.kind == "author":
            name = followed_name(session.store, watch)
            shown = f"{watch.value}  ({name})" if name != watch.value else watch.value
        else:
            shown = watch.value
        print(f"{added}  {watch.kind:<8} {shown}")
    return 0


async def _add(session: Session, watch_store: WatchStore, kind: str, value: str) -> int:
    if not watch_store.persistent:
        return fail(watch_store.notice or "the watch list file is not available")
    try:
        watch, new, note = await follow(session, watch_store, kind, value)
    except WatchError as error:
        return fail(str(error))
    if note:
        print(f"papers-tui: {note}", file=sys.stderr)
    print(("now watching " if new else "already watching ") + watch.why)
    return 0


def _remove(watch_store: WatchStore, kind: str, value: str) -> int:
    if not watch_store.persistent:
        return fail(watch_store.notice or "the watch list file is not available")
    try:
        removed = watch_store.remove(kind, value)
    except WatchError as error:
        return fail(str(error))
    if removed is None:
        return fail(f"not watching {kind} {value!r} (papers-tui watch list shows what is)")
    print(f"stopped watching {removed.why}")
    return 0


async def for_you_papers(session: Session, *, refresh: bool = False) -> tuple[Iterator[Paper], str]:
    """``feed --for-you``: the For you papers, newest first (``--refresh`` fetches what they need first)."""
    watch_store = open_watch_store(session)
    try:
        if watch_store.notice:
            return iter(()), watch_store.notice
        if not watch_store.watches():
            return iter(()), f"nothing watched yet; {_HOW}"
        problems: list[str] = []
        if refresh and not session.offline:
            problems = (await refresh_watch_list(session, watch_store)).problems
        items = evaluate(session.store, watch_store)
        status = "; ".join(problems[:2])
        return iter([item.paper for item in items]), status
    finally:
        watch_store.close()

