"""``papers-tui bookmarks list | add ID | remove ID | export [--format ...] [-o FILE]``.

Bookmarks live in the user library (the user data dir), the same SQLite file
the app uses, so a bookmark added here shows in the app's ``B`` view and the
other way round, even with both running.

``export`` writes the bookmarks oldest first: a new bookmark then only ever
adds an entry at the end, and the ``a``/``b`` suffixes that keep clashing
citation keys unique go to the newcomers, so keys already cited in a paper
stay the same from one export to the next.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.headless import fail, warn_notices
from tui.headless._lookup import PaperNotFound, find_paper, normalise_id
from tui.services.formats.citations import export
from tui.services.session import Session, open_session
from tui.services.storage.sqlite_util import atomic_write


async def run(args: argparse.Namespace) -> int:
    action = args.bookmarks_command or "list"
    session = open_session(offline=args.offline)
    warn_notices(session)
    try:
        if action == "list":
            return _list(session)
        if action == "add":
            return await _add(session, args.id)
        if action == "remove":
            return _remove(session, args.id)
        return _export(session, args.format, args.output)
    finally:
        await session.aclose()


def _list(session: Session) -> int:
    marks = session.library.bookmarks()
    if not marks:
        print("papers-tui: no bookmarks yet (press b in the app, or: papers-tui bookmarks add ID)",
              file=sys.stderr)
    for paper, added in marks:
        print(f"{added.astimezone().strftime('%Y-%m-%d %H:%M')}  {paper.id:<12}  {paper.title}")
    return 0


async def _add(session: Session, text: str) -> int:
    try:
        paper = await find_paper(session, text)
    except PaperNotFound as error:
        return fail(str(error))
    if not session.library.persistent:
        return fail(f"cannot save bookmarks: {session.library.notice or 'the library file is unavailable'}")
    if session.library.add_bookmark(paper):
        print(f"bookmarked {paper.id}  {paper.title}")
    else:
        print(f"already bookmarked: {paper.id}  {paper.title}")
    return 0


def _remove(session: Session, text: str) -> int:
    try:
        paper_id = normalise_id(text)
    except PaperNotFound as error:
        return fail(str(error))
    if not session.library.persistent:
        return fail(f"cannot change bookmarks: {session.library.notice or 'the library file is unavailable'}")
    if not session.library.remove_bookmark(paper_id):
        return fail(f"{paper_id} is not bookmarked")
    print(f"removed bookmark {paper_id}")
    return 0


def _export(session: Session, fmt: str, output: str | None) -> int:
    papers = [paper for paper, _ in reversed(session.library.bookmarks())]
    text = export(papers, fmt)
    if not papers:
        print("papers-tui: no bookmarks to export", file=sys.stderr)
    if output is None or output == "-":
        sys.stdout.write(text)
        return 0
    try:
        path = atomic_write(Path(output).expanduser(), text)
    except OSError as error:
        return fail(f"cannot write {output}: {error.strerror or error}")
    print(f"papers-tui: {len(papers)} bookmark{'s' if len(papers) != 1 else ''} written to {path}",
          file=sys.stderr)
    return 0
