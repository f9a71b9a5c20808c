"""(7) The longest event-loop stall: nothing the reader does may hold a key press for a frame.

Two scenes, each in the real app (``App.run_test``) with a probe task on the
event loop that wakes every millisecond and records how late it woke:

- ``m`` then a refresh of a 1,000-paper month served by the loopback fake
  (fetch, parse, save to SQLite, repaint);
- scrolling the 100,000-paper library (``pagedown`` x 200 at key-repeat speed,
  30 a second, sent as the terminal sends them; then ``G``): the feed is a
  window that reads its rows' pages in a background thread and draws a row
  still being read as ``…`` (so ``G`` ends when the last page has arrived).

Each stall is reported as wall time (what a key press would wait; on a
loaded machine this includes time the OS gave to other processes) and as
the main thread's CPU time during that stall (what the code itself costs).
Target: under 16 ms (one frame at 60 Hz).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks.common import REPO, ensure

FRAME_MS = 16.0


@dataclass
class StallProbe:
    """Wakes every millisecond; remembers the longest gaps (wall and main-thread CPU)."""

    tick: float = 0.001
    gaps: list[tuple[float, float]] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last_wall, last_cpu = time.perf_counter(), time.thread_time()
        while True:
            await asyncio.sleep(self.tick)
            wall, cpu = time.perf_counter(), time.thread_time()
            self.gaps.append(((wall - last_wall - self.tick) * 1000, (cpu - last_cpu) * 1000))
            last_wall, last_cpu = wall, cpu

    def start(self) -> None:
        self.gaps.clear()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> dict[str, float]:
        assert self._task is not None
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
        walls = sorted(g[0] for g in self.gaps)
        return {
            "max_wall_ms": walls[-1] if walls else 0.0,
            "p99_wall_ms": walls[int(len(walls) * 0.99)] if walls else 0.0,
            "max_cpu_ms": max((g[1] for g in self.gaps), default=0.0),
            "over_frame": float(sum(1 for w in walls if w > FRAME_MS)),
            "samples": float(len(walls)),
        }


def _fresh_xdg(root: Path) -> None:
    for kind in ("cache", "data", "config"):
        (root / kind).mkdir(parents=True, exist_ok=True)
        os.environ[f"XDG_{kind.upper()}_HOME"] = str(root / kind)


@contextmanager
def _hub_in_its_own_process(days: int, per_day: int, start: date) -> Iterator[str]:
    """The fake Hugging Face in a process of its own, as the real one is; its URL.

    In a thread of this process its request handling would take the GIL from the
    event loop being measured, which no real server does.
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.server", "--days", str(days), "--per-day", str(per_day),
         "--start", start.isoformat()],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # "URL http://127.0.0.1:PORT", once it listens
        if not line.startswith("URL "):
            raise RuntimeError(f"the fake Hub did not start: {line!r}")
        yield line.split()[1]
    finally:
        server.terminate()
        server.wait(timeout=30)


async def _month_scene() -> dict[str, float]:
    from tests.app.harness import make_app, settle
    from tui.models import FeedKey

    # 21 weekdays x 48 papers = 1,008 papers in March 2025.
    with _hub_in_its_own_process(31, 48, date(2025, 3, 1)) as url, tempfile.TemporaryDirectory() as tmp:
        _fresh_xdg(Path(tmp))
        app = make_app(url, FeedKey("day", "2025-03-11"))
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            # Start-up's after-paint work (marks, the features' first imports) is not the month's:
            # the probe starts once it is done, as a user pressing m a moment after start sees it.
            while app.reader._unstarted or not app.reader._completed:
                await pilot.pause(0.05)
            await settle(pilot)
            probe = StallProbe()
            probe.start()
            await pilot.press("m")
            await settle(pilot)
            figures = await probe.stop()
            shown = len(app.reader.feed.source)
        app.session.close_local()
    figures["papers"] = float(shown)
    return figures


async def _scroll_scene(xdg: Path) -> dict[str, float]:
    from textual import events

    from tests.app.harness import make_app, settle
    from tui.models import FeedKey

    for kind in ("cache", "data", "config"):
        os.environ[f"XDG_{kind.upper()}_HOME"] = str(xdg / kind)
    app = make_app(None, FeedKey("library"), offline=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        rows = len(app.reader.feed.source)
        assert app._driver is not None
        probe = StallProbe()
        probe.start()
        # As a terminal delivers them (no Pilot waits between keys): PgDn at key-repeat speed.
        for key in ["pagedown"] * 200 + ["G"]:
            press = events.Key(key, None)
            press.set_sender(app)
            app._driver.send_message(press)
            await asyncio.sleep(0.033)
        while app.reader.feed.cursor != rows - 1:
            await asyncio.sleep(0.01)
        await settle(pilot)
        figures = await probe.stop()
        figures["cursor"] = float(app.reader.feed.cursor)
    app.session.close_local()
    figures["papers"] = float(rows)
    return figures


def month_fetch() -> dict[str, float]:
    return asyncio.run(_month_scene())


def scroll_library(papers: int = 100_000) -> dict[str, float]:
    return asyncio.run(_scroll_scene(ensure(papers)))
