"""``papers-tui read ID``: the paper's full text as Markdown on stdout (pipe it to a pager).

Cache first (works offline), then arXiv HTML, Hugging Face Markdown, and the
abstract; why it is not the arXiv HTML goes to stderr in one line.
"""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail, warn_notices
from tui.headless._lookup import PaperNotFound, find_paper, normalise_id
from tui.models import Paper
from tui.services.paper.markdown import document_markdown
from tui.services.paper.reading import open_reading
from tui.services.session import Session, open_session


async def paper_for(session: Session, paper_id: str) -> Paper | None:
    """The paper's metadata when the cache or Hugging Face has it (None is fine: the text has a title)."""
    paper = session.store.paper(paper_id)
    if paper is not None or session.offline:
        return paper
    try:
        return await find_paper(session, paper_id)
    except PaperNotFound:
        return None


async def run(args: argparse.Namespace) -> int:
    try:
        paper_id = normalise_id(args.id)
    except PaperNotFound as error:
        return fail(str(error), 2)
    session = open_session(offline=args.offline)
    warn_notices(session)
    reading = open_reading(session.paths.cache_dir, session.hub.http, offline=session.offline,
                           settings=session.settings)
    for notice in reading.notices:
        print(f"papers-tui: {notice}", file=sys.stderr)
    try:
        paper = await paper_for(session, paper_id)
        loaded = await reading.texts.load(paper_id, paper, refresh=args.refresh)
        document = loaded.document
        if document.notice:
            print(f"papers-tui: {document.notice}", file=sys.stderr)
        if loaded.stale:
            print("papers-tui: showing the cached copy (could not refresh it)", file=sys.stderr)
        out = sys.stdout
        for chunk in document_markdown(document):
            out.write(chunk + "\n")
        out.flush()
        return 0
    finally:
        await reading.aclose()
        reading.close_local()
        await session.aclose()
