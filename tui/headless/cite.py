"""``papers-tui cite ID [--format bibtex|biblatex|apa|markdown|plain|key]``: the citation on stdout."""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail, warn_notices
from tui.headless._lookup import PaperNotFound, find_paper
from tui.services.citations import render
from tui.services.session import open_session


async def run(args: argparse.Namespace) -> int:
    session = open_session(offline=args.offline)
    warn_notices(session)
    try:
        paper = await find_paper(session, args.id)
    except PaperNotFound as error:
        return fail(str(error))
    finally:
        await session.aclose()
    try:
        text = render(paper, args.format)
    except ValueError as error:
        return fail(str(error))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
