"""``papers-tui sync``: fetch every daily listing in a date range into the cache.

Progress goes to stderr (a self-drawn line, only on a terminal), the summary
to stdout, failures to stderr. ``--quiet`` (cron) prints failures only. Exit
status: 0 when every day is complete, 1 when some day failed (named on stderr),
2 for a bad range, 130 after Ctrl-C (what was fetched is kept: run again to resume).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import time
from datetime import date
from typing import TextIO

from tui.headless import fail, warn_notices
from tui.services.reader.sync import SyncProgress, SyncRunner, SyncSummary, resolve_range
from tui.services.session import open_session

BAR_WIDTH = 24


def duration(seconds: float) -> str:
    """``0.4 s``, ``42 s``, ``3 min 05 s``, ``1 h 02 min``."""
    if seconds < 9.95:
        return f"{max(0.0, seconds):.1f} s"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def progress_text(progress: SyncProgress, width: int) -> str:
    """One line: bar, days, papers, rate, ETA, and the day or what is being waited on."""
    total = max(1, progress.days_total)
    filled = round(BAR_WIDTH * progress.days_done / total)
    bar = "#" * filled + "." * (BAR_WIDTH - filled)
    eta = progress.eta
    parts = [
        f"[{bar}]",
        f"{progress.days_done}/{progress.days_total} days",
        f"{progress.papers:,} papers",
        f"{progress.rate:,.0f}/s",
        f"ETA {duration(eta)}" if eta is not None else "ETA …",
    ]
    if progress.note:
        parts.append(progress.note)
    elif progress.day is not None:
        parts.append(progress.day.isoformat())
    return "  ".join(parts)[: max(10, width - 1)]


class ProgressLine:
    """Redraws one line on a terminal (``\\r`` + erase), at most 20 times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0
        self._drawn = False

    def update(self, progress: SyncProgress) -> None:
        now = time.monotonic()
        final = progress.days_done == progress.days_total
        if not (final or progress.note) and now - self._last < 0.05:
            return
        self._last = now
        width = shutil.get_terminal_size((100, 24)).columns
        self.stream.write("\r" + progress_text(progress, width) + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _span(days: list[date]) -> str:
    if not days:
        return ""
    return days[0].isoformat() if len(days) == 1 else f"{days[0]} .. {days[-1]}"


def print_summary(summary: SyncSummary, first: date, last: date, *, quiet: bool) -> None:
    """The report: counts on stdout (unless *quiet*), every failure on stderr."""
    if not quiet:
        empty = f" ({summary.empty_days} empty)" if summary.empty_days else ""
        future = f", {len(summary.future)} not yet happened" if summary.future else ""
        print(
            f"sync {first} .. {last}: {len(summary.fetched)} days fetched{empty}, "
            f"{len(summary.skipped)} already complete, {len(summary.failed)} failed{future}"
        )
        rate = summary.papers / summary.elapsed if summary.elapsed > 0 else 0.0
        waits = f", {summary.rate_limit_waits} rate-limit pauses" if summary.rate_limit_waits else ""
        print(
            f"papers: {summary.papers:,} ({summary.new:,} new, {summary.updated:,} updated) "
            f"in {duration(summary.elapsed)} ({rate:,.0f} papers/s){waits}"
        )
    if summary.failed:
        print(f"papers-tui: {len(summary.failed)} day(s) failed:", file=sys.stderr)
        for failure in summary.failed:
            print(f"  {failure.day}: {failure.reason}", file=sys.stderr)
    if summary.stopped:
        left = f"; not attempted: {_span(summary.not_attempted)}" if summary.not_attempted else ""
        print(f"papers-tui: stopped early: {summary.stopped}{left}", file=sys.stderr)


async def run(args: argparse.Namespace) -> int:
    try:
        first, last = resolve_range(args.since, args.until, args.days)
    except ValueError as error:
        return fail(str(error), 2)
    session = open_session()
    warn_notices(session)
    if session.offline:
        await session.aclose()
        return fail("offline (PAPERS_TUI_OFFLINE or offline = true in the config): sync needs the network")
    line = ProgressLine(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    runner = SyncRunner(
        session.store,
        session.hub,
        library=session.library,
        refetch=args.refetch,
        on_progress=line.update if line is not None else None,
    )
    texts_code = 0
    try:
        summary = await runner.run(first, last)
        if getattr(args, "full_text", False):  # issue 12: prefetch the texts of the synced days
            if line is not None:
                line.finish()
            from tui.headless.sync_fulltext import run_full_text

            texts_code = await run_full_text(session, args, first, last)
    except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels this task
        if line is not None:
            line.finish()
        print_summary(runner.summary, first, last, quiet=args.quiet)
        done = len(runner.summary.fetched)
        print(f"papers-tui: interrupted after {done} day(s); run the same command again to resume",
              file=sys.stderr)
        return 130
    finally:
        await session.aclose()
    if line is not None:
        line.finish()
    print_summary(summary, first, last, quiet=args.quiet)
    return 0 if summary.ok and texts_code == 0 else 1
