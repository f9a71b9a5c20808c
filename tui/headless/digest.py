"""``papers-tui digest``: what is new for you, for scripts, cron and ``| mail``.

Refreshes what the watch list needs first (recent daily listings, followed
authors due a check) unless ``--offline``; a failed refresh is a warning on
stderr and the digest comes from the cache. Exit codes are those of
:mod:`tui.services.watch.digest`: 0 new matches printed, 1 nothing new, 2 failure.
"""

from __future__ import annotations

import argparse
import sys

from tui.services.session import open_session
from tui.services.storage.watch_store import DIGEST_MARK
from tui.services.watch.digest import (
    EXIT_FAILED,
    EXIT_MATCHES,
    EXIT_NOTHING,
    Since,
    heading_for,
    render,
    select,
)
from tui.services.watch.for_you import evaluate
from tui.services.watch.watching import open_watch_store, refresh


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(f"papers-tui: {message}", file=sys.stderr)


async def run(args: argparse.Namespace) -> int:
    try:
        since = Since.parse(args.since)
    except ValueError as error:
        print(f"papers-tui: {error}", file=sys.stderr)
        return EXIT_FAILED
    session = open_session(offline=args.offline)
    for notice in session.notices:
        _say(args, notice)
    watch_store = open_watch_store(session)
    try:
        if watch_store.notice:
            print(f"papers-tui: {watch_store.notice}", file=sys.stderr)
            return EXIT_FAILED
        if not watch_store.watches():
            print(
                "papers-tui: nothing watched yet: papers-tui watch add author ID | topic QUERY | org NAME"
                " | keyword WORD",
                file=sys.stderr,
            )
            return EXIT_FAILED
        if not session.offline:
            done = await refresh(session, watch_store, since=since.day)
            for problem in done.problems:
                _say(args, f"refresh: {problem}; using the cache")
        mark = watch_store.mark(DIGEST_MARK)
        found = evaluate(session.store, watch_store)
        evaluated_at = watch_store.clock()  # after evaluate: what it just recorded counts as seen
        items = select(found, since, mark)
        if args.mark_seen:
            if not watch_store.persistent:
                _say(args, "the watch list is not writable: --mark-seen not saved")
            else:
                watch_store.set_mark(DIGEST_MARK, evaluated_at)
        if not args.quiet:
            text = render(items, args.format, heading=heading_for(len(items), since, mark))
            sys.stdout.write(text)
            sys.stdout.flush()
            if not items:
                _say(args, "nothing new for you" + ("" if since.last else f" since {since.day}"))
        return EXIT_MATCHES if items else EXIT_NOTHING
    finally:
        watch_store.close()
        await session.aclose()
