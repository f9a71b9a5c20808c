"""``papers-tui cite ID [--format bibtex|biblatex|apa|markdown|plain|key]``: the citation on stdout."""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail
from tui.headless._lookup import PaperNotFound, paper_for_command
from tui.services.formats.citations import render


def _remembered_category(paper_id: str) -> str | None:
    """The arXiv primary category an export already fetched (``cite`` itself asks nobody)."""
    from tui.config import Paths
    from tui.services.storage.library import UserLibrary

    library = UserLibrary(Paths.from_env().library_db)
    try:
        return library.reading_lists.categories([paper_id]).get(paper_id) or None
    except Exception:  # noqa: BLE001 - a category is a bonus; the citation stands without it
        return None
    finally:
        library.close()


async def run(args: argparse.Namespace) -> int:
    try:
        paper = await paper_for_command(args.id, offline=args.offline)
    except PaperNotFound as error:
        return fail(str(error))
    try:
        text = render(paper, args.format, primary_class=_remembered_category(paper.id))
    except ValueError as error:
        return fail(str(error))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
