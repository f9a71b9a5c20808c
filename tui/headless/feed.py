"""``papers-tui feed``: print a listing (or JSON lines) without starting the UI."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from tui.cli import feed_key_from_args
from tui.headless import warn_notices
from tui.models import FeedKey, Paper
from tui.services.errors import ServiceError
from tui.services.sanitize import clean_line
from tui.services.search import SearchQueryError, search_cache
from tui.services.session import Session, open_session


async def run(args: argparse.Namespace) -> int:
    key = feed_key_from_args(args)
    session = open_session(offline=args.offline)
    warn_notices(session)
    try:
        papers, status = await _feed_papers(session, key, refresh=args.refresh)
        if status:
            print(f"papers-tui: {status}", file=sys.stderr)
        for paper in papers:
            if args.json:
                print(json.dumps(paper.to_dict(), ensure_ascii=False))
            else:
                day = paper.day.isoformat() if paper.day else "          "
                print(f"{paper.upvotes:>4}  {day}  {paper.id:<12}  {clean_line(paper.title)}")
        return 0
    except ServiceError as error:
        print(f"papers-tui: {error}", file=sys.stderr)
        return 1
    finally:
        await session.aclose()


async def _feed_papers(session: Session, key: FeedKey, *, refresh: bool) -> tuple[Iterator[Paper], str]:
    """The papers to print, and a status line for stderr ("" when all is well)."""
    if key.kind == "library":
        return _library(session), ""
    if key.kind == "search":
        return await _search(session, key)
    if session.offline or not (refresh or key.kind == "latest"):
        cached = session.feeds.cached(key)
        if cached is not None:
            return iter(cached.papers), ""
        if session.offline:
            if key.kind == "latest":
                return iter(session.feeds.sample().papers), "offline - nothing cached, showing the bundled sample"
            raise ServiceError(f"offline and {key.label} is not cached")
    listing, error = await session.feeds.get_or_fallback(key)
    status = f"{error}; showing the {listing.source} copy" if error else ""
    return iter(listing.papers), status


def _library(session: Session) -> Iterator[Paper]:
    ids = session.store.library_ids()
    for start in range(0, len(ids), 500):
        yield from session.store.papers(ids[start : start + 500])


async def _search(session: Session, key: FeedKey) -> tuple[Iterator[Paper], str]:
    """Cached hits (FTS5) first; online, Hugging Face's results merged in after them."""
    try:
        local = search_cache(session.store, key.value)
    except SearchQueryError as error:
        raise ServiceError(str(error)) from None
    if session.offline:
        return iter(session.store.papers(local)), ""
    try:
        listing = await session.feeds.fetch(key)
    except ServiceError as error:
        return iter(session.store.papers(local)), f"{error}; showing cached results only"
    return iter(listing.papers), ""
