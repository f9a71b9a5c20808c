"""``papers-tui export --list NAME|--tag T|--bookmarks|--all --format F [-o FILE]``.

BibTeX, BibLaTeX, RIS, CSL-JSON and CSV go to one file (or stdout); Markdown
writes one file per paper into the folder ``-o`` names. arXiv primary
categories (``primaryClass``) come from the library, else from arXiv in
batches of 100, 3 s apart, and are remembered.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.headless import fail, warn_notices
from tui.headless._library import category_client, plural, write_text
from tui.services.formats.export_items import NoSuchSelection, export_items, primary_categories, select
from tui.services.formats.exports import markdown_files, render
from tui.services.session import open_session
from tui.services.storage.sqlite_util import atomic_write


async def run(args: argparse.Namespace) -> int:
    if args.format == "markdown" and (args.output in (None, "-")):
        return fail("markdown writes one file per paper: give a folder with -o DIR")
    session = open_session(offline=args.offline)
    warn_notices(session)
    source = category_client(session)
    try:
        library = session.library
        try:
            if args.bookmarks:
                papers = [paper for paper, _ in reversed(library.bookmarks())]
            else:
                papers = select(library, list_name=args.list, tag=args.tag)
        except NoSuchSelection as error:
            return fail(str(error))
        if not papers:
            print("papers-tui: nothing to export (the selection is empty)", file=sys.stderr)
        unknown = len(papers) - len(library.reading_lists.categories(p.id for p in papers if p.has_arxiv_id))
        if source is not None and unknown > 0:
            print(f"papers-tui: asking arXiv for the categories of {plural(unknown, 'paper')} "
                  "(100 per request, 3 s apart)", file=sys.stderr)
        categories, problem = await primary_categories(library, papers, source)
        if problem:
            print(f"papers-tui: {problem}", file=sys.stderr)
        items = export_items(library, papers, categories)
        try:
            if args.format == "markdown":
                folder = Path(args.output).expanduser()
                folder.mkdir(parents=True, exist_ok=True)
                for name, text in markdown_files(items):
                    atomic_write(folder / name, text)
                where = str(folder)
            else:
                path = write_text(render(items, args.format), args.output)
                where = str(path) if path else ""
        except OSError as error:
            return fail(f"cannot write {args.output}: {error.strerror or error}")
        if where:
            print(f"papers-tui: {plural(len(items), 'paper')} written to {where}", file=sys.stderr)
        return 0
    finally:
        if source is not None:
            await source.aclose()
        await session.aclose()
