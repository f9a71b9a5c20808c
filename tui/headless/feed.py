"""``papers-tui feed``: print a listing (or JSON lines) without starting the UI.

A thin printer: which papers a view holds is decided by the reader policy
(:meth:`tui.services.feeds.FeedService.papers_for_cli`), the same one the UI uses.
"""

from __future__ import annotations

import argparse
import json
import sys

from tui.cli import feed_key_from_args
from tui.headless import warn_notices
from tui.models import Paper
from tui.services.errors import ServiceError
from tui.services.sanitize import clean_json, clean_line
from tui.services.session import open_session


def format_line(paper: Paper) -> str:
    day = paper.day.isoformat() if paper.day else "          "
    return f"{paper.upvotes:>4}  {day}  {paper.id:<12}  {clean_line(paper.title)}"


async def run(args: argparse.Namespace) -> int:
    key = feed_key_from_args(args)
    session = open_session(offline=args.offline)
    warn_notices(session)
    try:
        if key.kind == "for-you":
            from tui.headless.watch import for_you_papers

            papers, status = await for_you_papers(session, refresh=args.refresh)
        else:
            papers, status = await session.feeds.papers_for_cli(key, refresh=args.refresh)
        if status:
            print(f"papers-tui: {status}", file=sys.stderr)
        for paper in papers:
            # clean_json: papers cached by an older papers-tui may hold raw text.
            print(json.dumps(clean_json(paper.to_dict()), ensure_ascii=False) if args.json else format_line(paper))
        return 0
    except ServiceError as error:
        print(f"papers-tui: {error}", file=sys.stderr)
        return 1
    finally:
        await session.aclose()
