"""``papers-tui tag [ID...] [--add TAG] [--remove TAG]``: without ids, every tag with its count."""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail, warn_notices
from tui.headless._library import PaperNotFound, cannot_write, resolve
from tui.services.session import open_session
from tui.services.storage.reading_lists import InvalidName


async def run(args: argparse.Namespace) -> int:
    session = open_session(offline=args.offline)
    warn_notices(session)
    lists = session.library.reading_lists
    try:
        if not args.ids:
            if args.add or args.remove:
                return fail("name the papers to tag: papers-tui tag ID... --add TAG")
            for tag, count in lists.all_tags():
                print(f"{count:>5}  {tag}")
            return 0
        papers = []
        for text in args.ids:
            try:
                papers.append(await resolve(session, text))
            except PaperNotFound as error:
                print(f"papers-tui: {error}", file=sys.stderr)
        if (args.add or args.remove) and (problem := cannot_write(session)):
            return fail(problem)
        try:
            for tag in args.add:
                lists.add_tag(papers, tag)
        except InvalidName as error:
            return fail(str(error))
        for tag in args.remove:
            lists.remove_tag([p.id for p in papers], tag)
        for paper in papers:
            print(f"{paper.id:<12}  {' '.join('#' + t for t in lists.tags_of(paper.id)) or '(no tags)'}")
        return 0 if len(papers) == len(args.ids) else 1
    finally:
        await session.aclose()
