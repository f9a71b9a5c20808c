"""``papers-tui refs ID [--citations | --similar] [--json]``: a paper's references, citations or similar papers.

One line per paper (``*`` marks citations Semantic Scholar calls influential),
or one JSON object per line with ``--json``. Lists are cached for a week and
read offline; a failed refresh falls back to the cached copy with a note on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys

from tui.headless import fail, warn_notices
from tui.headless._lookup import PaperNotFound, normalise_id
from tui.services.errors import ServiceError
from tui.services.net.graph import GraphEntry, GraphKind
from tui.services.paper.reading import open_reading
from tui.services.session import open_session


def entry_line(entry: GraphEntry) -> str:
    """``*  2014  Title — A. Mnih, K. Gregor · ICML · arXiv:1402.0030``."""
    mark = "*" if entry.influential else " "
    year = str(entry.year) if entry.year else "    "
    authors = ", ".join(entry.authors[:3]) + (" et al." if len(entry.authors) > 3 else "")
    where = f"arXiv:{entry.arxiv_id}" if entry.arxiv_id else (entry.link or "no link")
    parts = [p for p in (authors, entry.venue, where) if p]
    return f"{mark} {year}  {entry.title} — " + " · ".join(parts)


def _kind(args: argparse.Namespace) -> GraphKind:
    if args.citations:
        return "citations"
    if args.similar:
        return "similar"
    return "references"


async def run(args: argparse.Namespace) -> int:
    try:
        paper_id = normalise_id(args.id)
    except PaperNotFound as error:
        return fail(str(error), 2)
    kind = _kind(args)
    session = open_session(offline=args.offline)
    warn_notices(session)
    reading = open_reading(session.paths.cache_dir, session.hub.http, offline=session.offline,
                           settings=session.settings)
    try:
        try:
            loaded = await reading.graph.load(kind, paper_id, refresh=args.refresh)
        except ServiceError as error:
            return fail(str(error))
        listing = loaded.listing
        if loaded.problem:
            print(f"papers-tui: {loaded.problem}; showing the cached list", file=sys.stderr)
        for entry in listing.entries:
            if args.json:
                print(json.dumps(entry.to_json(), ensure_ascii=False))
            else:
                print(entry_line(entry))
        if not args.json:
            more = " (more on Semantic Scholar)" if listing.more else ""
            print(f"{listing.label}: {listing.count_text} papers{more}", file=sys.stderr)
        return 0
    finally:
        await reading.aclose()
        reading.close_local()
        await session.aclose()
