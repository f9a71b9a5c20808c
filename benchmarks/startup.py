"""(1) Start-up: ``papers-tui --offline --library`` to first titles, next to a bare Textual app.

Both run in the same tmux set-up, interleaved, timed from the moment the
shell ``exec``-s the program until the text is on the screen.
(4) Peak memory: VmHWM of the app with the library open after scrolling and a search.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import TimedPane, app_command, env_for, median, peak_rss_mb
from tui.services.storage.store_schema import NEWEST_DAY_FIRST

BARE = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]
SIZE = (140, 45)
"""The terminal of the start-up target (issue 10: tmux 140x45)."""
TITLE_LINES = 12
"""The feed's first rows sit in the top lines: the border, the column header, then titles."""


def first_title(xdg: Path) -> str:
    """The start of the library view's first title: the row the feed draws at the top.

    Read in the library's own order (``NEWEST_DAY_FIRST``, the same clause the
    view's index uses), cut to what fits the title column at 140 columns.
    """
    conn = sqlite3.connect(xdg / "cache" / "papers-tui" / "cache.sqlite3")
    try:
        row = conn.execute(f"SELECT p.title FROM papers p{NEWEST_DAY_FIRST} LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        raise RuntimeError(f"the benchmark cache in {xdg} is empty")
    return " ".join(str(row[0]).split())[:25]


def on_first_screen(needle: str) -> Callable[[str], bool]:
    """True once *needle* is drawn as a feed row (not only in the abstract pane below it)."""
    def drawn(screen: str) -> bool:
        return any(needle in line for line in screen.splitlines()[:TITLE_LINES])
    return drawn


def time_to(argv: list[str], env: dict[str, str], drawn: Callable[[str], bool]) -> float:
    """Seconds from ``exec`` until *drawn* holds for the screen."""
    pane = TimedPane(argv, env, SIZE)
    try:
        seen = pane.wait_for(drawn)
        return seen - pane.started_at()
    finally:
        pane.close()


def startup(xdg: Path, runs: int = 7) -> dict[str, float]:
    """Median seconds to first content for the bare app and for papers-tui."""
    env = env_for(xdg)
    titles = on_first_screen(first_title(xdg))
    ready = on_first_screen("bare app ready")
    bare: list[float] = []
    app: list[float] = []
    time_to(BARE, env, ready)  # warm the page cache for both
    time_to(app_command("--offline", "--library"), env, titles)
    for _ in range(runs):
        bare.append(time_to(BARE, env, ready))
        app.append(time_to(app_command("--offline", "--library"), env, titles))
    return {"bare": median(bare), "app": median(app), "ratio": median(app) / median(bare),
            "app_min": min(app), "bare_min": min(bare),
            # Each app run next to the bare run just before it: on a machine whose speed drifts
            # from one run to the next (a shared VM), the pairs' ratios vary less than the medians.
            "pair_ratio": median([a / b for b, a in zip(bare, app, strict=True)])}


def memory(xdg: Path, word: str) -> dict[str, float]:
    """Peak RSS (MB) with the library open, after holding j and paging, then after a search."""
    pane = TimedPane(app_command("--offline", "--library"), env_for(xdg))
    try:
        pane.wait_for(on_first_screen(first_title(xdg)))
        pid = pane.pid()
        opened = peak_rss_mb(pid)
        pane.send(*["j"] * 200)
        pane.send(*["PageDown"] * 100)
        pane.send("G")
        time.sleep(1.5)
        scrolled = peak_rss_mb(pid)
        pane.send("/")
        pane.wait_for(lambda screen: "Search the cache" in screen)
        pane.send("-l", word)
        pane.send("Enter")
        pane.wait_for(  # "519 results", or "256 of 21,199 shown" (a search ranked a page at a time)
            lambda screen: f"Search: {word}" in screen and ("results" in screen or " shown" in screen))
        time.sleep(0.5)
        return {"opened": opened, "scrolled": scrolled, "searched": peak_rss_mb(pid)}
    finally:
        pane.close()
