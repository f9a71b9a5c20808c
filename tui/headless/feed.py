"""``papers-tui feed``: print a listing (or JSON lines) without starting the UI.

A thin printer: which papers a view holds is decided by the reader policy
(:meth:`tui.services.reader.feeds.FeedService.papers_for_cli`), the same one the UI uses.
"""

from __future__ import annotations

import argparse
import json
import sys

from tui.cli import feed_key_from_args
from tui.headless import warn_notices
from tui.models import FeedKey, Paper
from tui.services.errors import ServiceError
from tui.services.formats.texmath import tex_to_unicode
from tui.services.reader.feeds import FeedService
from tui.services.sanitize import clean_json, clean_line
from tui.services.session import open_session


def format_line(paper: Paper) -> str:
    day = paper.day.isoformat() if paper.day else "          "
    # The title as the feed shows it: TeX rendered (``$\\Sigma$-Mem`` -> ``Σ-Mem``); JSON keeps the source.
    return f"{paper.upvotes:>4}  {day}  {paper.id:<12}  {tex_to_unicode(clean_line(paper.title))}"


async def run(args: argparse.Namespace) -> int:
    key = feed_key_from_args(args)
    session = open_session(offline=args.offline)
    warn_notices(session)
    try:
        if key.kind == "for-you":
            from tui.headless.watch import for_you_papers

            papers, status = await for_you_papers(session, refresh=args.refresh)
        elif getattr(args, "step", None):
            stepped = await _stepped(session.feeds, key, args.step)
            if stepped is None:
                return 1
            papers, status = iter(stepped), ""
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


async def _stepped(feeds: FeedService, key: FeedKey, steps: int) -> list[Paper] | None:
    """``--prev`` / ``--next``: the papers of the neighbouring listing with papers (None: said why)."""
    if not key.is_dated:
        print("papers-tui: --prev / --next need --date, --week or --month", file=sys.stderr)
        return None
    tty = sys.stderr.isatty()

    def progress(text: str) -> None:
        print(f"\r\x1b[2K{text}", end="", file=sys.stderr, flush=True)

    step = await feeds.step(key, steps, on_progress=progress if tty else None)
    if tty:
        print("\r\x1b[2K", end="", file=sys.stderr, flush=True)
    if step.key is None:
        print(f"papers-tui: {step.message}", file=sys.stderr)
        return None
    if step.listing is None:
        print(f"papers-tui: {step.key.label}: {step.error}", file=sys.stderr)
        return None
    print(f"papers-tui: {step.key.label}", file=sys.stderr)  # which listing this is
    return step.listing.papers
