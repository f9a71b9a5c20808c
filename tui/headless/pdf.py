"""``papers-tui pdf ID... [--dir D]``: download arXiv PDFs, one at a time, 3 s apart, resumable.

Prints each file's path on stdout; progress and problems go to stderr. A
download cut short resumes (HTTP Range) automatically, and from the ``.part``
file on the next run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.headless import fail, warn_notices
from tui.headless._library import PaperNotFound, plural, resolve
from tui.services.paper.pdfs import PdfDownloader, PdfError, Progress, default_folder
from tui.services.session import open_session


def _progress(paper_id: str) -> Progress:
    shown = [-1]
    tty = sys.stderr.isatty()

    def report(received: int, total: int | None) -> None:
        if total:
            percent = received * 100 // total
            step = percent if tty else percent // 25 * 25
            if step != shown[0]:
                shown[0] = step
                end = "" if tty else "\n"
                print(f"\rpapers-tui: {paper_id} {received / 2**20:.1f} of {total / 2**20:.1f} MB ({percent}%)",
                      end=end, file=sys.stderr, flush=True)
        elif tty:
            print(f"\rpapers-tui: {paper_id} {received / 2**20:.1f} MB", end="", file=sys.stderr, flush=True)

    return report


async def run(args: argparse.Namespace) -> int:
    session = open_session(offline=args.offline)
    folder = Path(args.dir).expanduser() if args.dir else default_folder(session.settings.pdf_dir)
    warn_notices(session)
    downloader = PdfDownloader(offline=session.offline, min_interval=session.settings.arxiv_interval)
    failed = 0
    try:
        for text in args.ids:
            try:
                paper = await resolve(session, text)
            except PaperNotFound as error:
                failed += 1
                print(f"papers-tui: {error}", file=sys.stderr)
                continue
            try:
                result = await downloader.download(paper, folder, _progress(paper.id))
            except PdfError as error:
                failed += 1
                print(f"\npapers-tui: {error}" if sys.stderr.isatty() else f"papers-tui: {error}", file=sys.stderr)
                continue
            if sys.stderr.isatty():
                print("\r\x1b[K", end="", file=sys.stderr)
            note = " (already there)" if result.already else " (resumed)" if result.resumed else ""
            print(f"papers-tui: {paper.id}: {result.size / 2**20:.1f} MB{note}", file=sys.stderr)
            print(result.path)
            if session.library.persistent:
                session.library.reading_lists.record_pdf(paper, result.path, result.size)
    finally:
        await downloader.aclose()
        await session.aclose()
    if failed:
        return fail(f"{plural(failed, 'PDF')} not downloaded")
    return 0
