"""``papers-tui cite ID [--format bibtex|biblatex|apa|markdown|plain|key]``: the citation on stdout."""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail
from tui.headless._lookup import PaperNotFound, paper_for_command
from tui.services.citations import render


async def run(args: argparse.Namespace) -> int:
    try:
        paper = await paper_for_command(args.id, offline=args.offline)
    except PaperNotFound as error:
        return fail(str(error))
    try:
        text = render(paper, args.format)
    except ValueError as error:
        return fail(str(error))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
