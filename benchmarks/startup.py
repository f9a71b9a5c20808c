"""(1) Start-up: ``papers-tui --offline --library`` to first titles, next to a bare Textual app.

Both run in the same tmux set-up, interleaved, timed from the moment the
shell ``exec``-s the program until the text is on the screen.
(4) Peak memory: VmHWM of the app with the library open after scrolling and a search.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from benchmarks.common import TimedPane, app_command, env_for, median, peak_rss_mb
from tui.services.store_queries import NEWEST_DAY_FIRST

BARE = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]
SIZE = (140, 45)
"""The terminal of the start-up target (issue 10: tmux 140x45)."""


def first_title(xdg: Path) -> str:
    conn = sqlite3.connect(xdg / "cache" / "papers-tui" / "cache.sqlite3")
    try:
        # The library's own order (newest day first, the Hub's order within a day).
        row = conn.execute(f"SELECT title FROM papers p{NEWEST_DAY_FIRST} LIMIT 1").fetchone()
    finally:
        conn.close()
    return str(row[0])[:25]


def time_to(argv: list[str], env: dict[str, str], needle: str) -> float:
    pane = TimedPane(argv, env, SIZE)
    try:
        seen = pane.wait_for(lambda screen: needle in screen)
        return seen - pane.started_at()
    finally:
        pane.close()


def startup(xdg: Path, runs: int = 7) -> dict[str, float]:
    """Median seconds to first content for the bare app and for papers-tui."""
    env = env_for(xdg)
    title = first_title(xdg)
    bare: list[float] = []
    app: list[float] = []
    time_to(BARE, env, "bare app ready")  # warm the page cache for both
    time_to(app_command("--offline", "--library"), env, title)
    for _ in range(runs):
        bare.append(time_to(BARE, env, "bare app ready"))
        app.append(time_to(app_command("--offline", "--library"), env, title))
    return {"bare": median(bare), "app": median(app), "ratio": median(app) / median(bare),
            "app_min": min(app), "bare_min": min(bare)}


def memory(xdg: Path, word: str) -> dict[str, float]:
    """Peak RSS (MB) with the library open, after holding j and paging, then after a search."""
    pane = TimedPane(app_command("--offline", "--library"), env_for(xdg))
    try:
        title = first_title(xdg)
        pane.wait_for(lambda screen: title in screen)
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
        pane.wait_for(lambda screen: f"Search: {word}" in screen and "results" in screen)
        time.sleep(0.5)
        return {"opened": opened, "scrolled": scrolled, "searched": peak_rss_mb(pid)}
    finally:
        pane.close()
