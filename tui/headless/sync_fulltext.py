"""``papers-tui sync ... --full-text``: the full-text half of a sync (progress, budget, resume)."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import time
from datetime import date
from typing import TextIO

from tui.models import FeedKey, Paper
from tui.services.paper.prefetch import PrefetchProgress, PrefetchRunner, PrefetchSummary
from tui.services.paper.reading import open_reading
from tui.services.reader.sync import day_range
from tui.services.session import Session


def progress_text(progress: PrefetchProgress, width: int) -> str:
    from tui.headless.sync import BAR_WIDTH, duration

    total = max(1, progress.total)
    filled = round(BAR_WIDTH * progress.done / total)
    eta = progress.eta
    parts = [
        "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]",
        f"{progress.done}/{progress.total} texts",
        f"{progress.stored_bytes / 2**20:.1f} MB",
        f"ETA {duration(eta)}" if eta is not None else "ETA …",
    ]
    if progress.paper_id:
        parts.append(progress.paper_id)
    return "  ".join(parts)[: max(10, width - 1)]


class _Line:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = False
        self._last = 0.0

    def update(self, progress: PrefetchProgress) -> None:
        now = time.monotonic()
        if progress.done != progress.total and now - self._last < 0.05:
            return
        self._last = now
        width = shutil.get_terminal_size((100, 24)).columns
        self.stream.write("\r" + progress_text(progress, width) + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def papers_in_range(session: Session, first: date, last: date) -> list[Paper]:
    papers: list[Paper] = []
    for day in day_range(first, last):
        listing = session.store.listing(FeedKey("day", day.isoformat()))
        if listing is not None:
            papers.extend(listing.papers)
    return papers


def print_summary(summary: PrefetchSummary, *, quiet: bool) -> None:
    from tui.headless.sync import duration

    if not quiet:
        print(
            f"full text: {len(summary.fetched)} fetched, {len(summary.skipped)} already cached, "
            f"{len(summary.without_text)} without full text (abstract only) in {duration(summary.elapsed)}; "
            f"texts take {summary.stored_bytes / 2**20:.1f} MB"
        )
    if summary.stopped:
        left = f"; {summary.not_attempted} not attempted (run again to resume)" if summary.not_attempted else ""
        print(f"papers-tui: full text stopped: {summary.stopped}{left}", file=sys.stderr)


async def run_full_text(session: Session, args: argparse.Namespace, first: date, last: date) -> int:
    """Prefetch the texts of every cached paper of *first* .. *last*; 0 unless it stopped early."""
    reading = open_reading(session.paths.cache_dir, session.hub.http, offline=session.offline,
                           min_interval=max(0.0, args.pace), settings=session.settings)
    line = _Line(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    max_bytes = int(args.max_mb * 2**20) if args.max_mb is not None else None
    runner = PrefetchRunner(reading.texts, max_bytes=max_bytes, on_progress=line.update if line else None)
    try:
        summary = await runner.run(papers_in_range(session, first, last))
    except asyncio.CancelledError:
        if line is not None:
            line.finish()
        print_summary(runner.summary, quiet=args.quiet)
        print("papers-tui: interrupted; run the same command again to resume", file=sys.stderr)
        raise
    finally:
        await reading.aclose()
        reading.close_local()
    if line is not None:
        line.finish()
    print_summary(summary, quiet=args.quiet)
    return 1 if summary.stopped and "budget" not in summary.stopped else 0
