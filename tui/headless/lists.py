"""``papers-tui lists [list | show NAME | add NAME ID... | remove NAME ID... | rename OLD NEW | delete NAME]``."""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail, warn_notices
from tui.headless._library import PaperNotFound, cannot_write, plural, resolve
from tui.services.sanitize import clean_line
from tui.services.session import Session, open_session
from tui.services.storage.reading_lists import InvalidName


async def run(args: argparse.Namespace) -> int:
    action = args.lists_command or "list"
    session = open_session(offline=getattr(args, "offline", False))
    warn_notices(session)
    try:
        if action == "list":
            return _list(session)
        if action == "show":
            return _show(session, args.name)
        problem = cannot_write(session)
        if problem:
            return fail(problem)
        try:
            if action == "add":
                return await _add(session, args.name, args.ids)
            if action == "remove":
                name = session.library.reading_lists.list_name(args.name)
                if name is None:
                    return fail(f"there is no list {clean_line(args.name)!r}")
                removed = session.library.reading_lists.remove_from_list(name, args.ids)
                print(f"removed {plural(removed, 'paper')} from {name!r}")
                return 0
            if action == "rename":
                new = session.library.reading_lists.rename_list(args.name, args.new_name)
                print(f"renamed {clean_line(args.name)!r} to {new!r}")
                return 0
            return _delete(session, args.name, args.yes)
        except InvalidName as error:
            return fail(str(error))
    finally:
        await session.aclose()


def _list(session: Session) -> int:
    lists = session.library.reading_lists.lists()
    if not lists:
        print("papers-tui: no reading lists yet (papers-tui lists add NAME ID, or l in the app)", file=sys.stderr)
    for name, count in lists:
        print(f"{count:>5}  {name}")
    return 0


def _show(session: Session, raw: str) -> int:
    name = session.library.reading_lists.list_name(raw)
    if name is None:
        return fail(f"there is no list {clean_line(raw)!r}")
    for paper in session.library.reading_lists.list_papers(name):
        print(f"{paper.id:<12}  {clean_line(paper.title)}")
    return 0


async def _add(session: Session, name: str, ids: list[str]) -> int:
    papers = []
    for text in ids:
        try:
            papers.append(await resolve(session, text))
        except PaperNotFound as error:
            print(f"papers-tui: {error}", file=sys.stderr)
    if not papers:
        return fail("no paper to add")
    added = session.library.reading_lists.add_to_list(name, papers)
    stored = session.library.reading_lists.list_name(name) or name
    print(f"added {plural(added, 'paper')} to {stored!r}" + (f" ({len(papers) - added} already there)"
                                                             if added < len(papers) else ""))
    return 0 if len(papers) == len(ids) else 1


def _delete(session: Session, raw: str, yes: bool) -> int:
    name = session.library.reading_lists.list_name(raw)
    if name is None:
        return fail(f"there is no list {clean_line(raw)!r}")
    count = len(session.library.reading_lists.list_ids(name))
    if not yes:
        if not sys.stdin.isatty():
            return fail(f"deleting {name!r} ({plural(count, 'paper')}) needs --yes when not asked on a terminal")
        answer = input(f"delete list {name!r} with {plural(count, 'paper')}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("kept")
            return 1
    session.library.reading_lists.delete_list(name)
    print(f"deleted list {name!r} ({plural(count, 'paper')} stay in your library)")
    return 0
