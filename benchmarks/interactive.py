"""(2) Holding j and (3) offline search, measured inside the app and on a real terminal.

In the app (Textual's Pilot, headless): one step is the cursor action plus
the screen update it causes (the compositor renders every changed line through
``FeedTable.render_line``); terminal output itself is not included. In tmux:
search is timed from sending ``enter`` to the results being on the screen.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from textual import events

from benchmarks.common import HEIGHT, WIDTH, TimedPane, app_command, env_for, median, percentile
from benchmarks.startup import first_title


def _use(xdg: Path) -> None:
    for kind in ("cache", "data", "config"):
        os.environ[f"XDG_{kind.upper()}_HOME"] = str(xdg / kind)


async def _steps(xdg: Path, steps: int) -> dict[str, float]:
    from tui.app import build_app
    from tui.models import FeedKey

    _use(xdg)
    app = build_app(FeedKey("library"), offline=True)
    times: list[float] = []
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        for _ in range(steps):
            started = time.perf_counter()
            app.reader.feed.action_cursor_down()
            screen._on_timer_update()  # what the next frame does: layout + render of changed lines
            times.append((time.perf_counter() - started) * 1000)
            await pilot.pause()  # let the Highlighted message and the debounce timer run, untimed
        cursor = app.reader.feed.cursor
    app.session.close_local()
    assert cursor == steps
    return {"median_ms": median(times), "p95_ms": percentile(times, 95), "max_ms": max(times)}


def hold_j(xdg: Path, steps: int = 600) -> dict[str, float]:
    """Per-step cursor move + repaint at this cache size (600 steps cross several row pages)."""
    return asyncio.run(_steps(xdg, steps))


def hold_j_terminal(xdg: Path, steps: int = 300) -> float:
    """A burst of *steps* j presses in tmux: ms per step until the last paper's abstract shows.

    Keys arrive faster than any key repeat, so this is the app's throughput
    per step (key handling and repaints; Textual may merge frames under load).
    """
    from tui.services.reader.library_index import LibraryIds
    from tui.services.storage.store import CacheStore

    store = CacheStore(xdg / "cache" / "papers-tui" / "cache.sqlite3")
    target = LibraryIds(store)[steps]
    store.close()
    pane = TimedPane(app_command("--offline", "--library"), env_for(xdg))
    try:
        title = first_title(xdg)
        pane.wait_for(lambda screen: title in screen)
        time.sleep(0.5)
        started = time.time()
        pane.send(*["j"] * steps)
        seen = pane.wait_for(lambda screen: target in screen.split("Abstract", 1)[-1])
    finally:
        pane.close()
    return (seen - started - 0.05) * 1000 / steps  # minus the abstract pane's 50 ms debounce


async def _search_in_app(xdg: Path, queries: list[str]) -> dict[str, float]:
    from tui.app import build_app
    from tui.models import FeedKey

    _use(xdg)
    app = build_app(FeedKey("library"), offline=True)
    results: dict[str, float] = {}
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause(0.3)
        assert app._driver is not None
        for query in queries:
            await pilot.press("slash", *query)
            await pilot.pause(0.2)
            enter = events.Key("enter", "\r")
            enter.set_sender(app)
            started = time.perf_counter()
            app._driver.send_message(enter)  # as the terminal delivers it (no Pilot idle waits)
            while not (app.reader.key == FeedKey("search", query) and app.reader.status.activity == ""
                       and ("result" in app.reader.status.detail
                           or " shown" in app.reader.status.detail)):  # "256 of 21,199 shown"
                await asyncio.sleep(0.0002)
            app.screen._on_timer_update()  # the frame that paints the results
            results[query] = (time.perf_counter() - started) * 1000
            await pilot.press("L")
            await pilot.pause(0.2)
    app.session.close_local()
    return results


def search_in_app(xdg: Path, queries: list[str]) -> dict[str, float]:
    """Enter to results painted, in the app (ms per query)."""
    return asyncio.run(_search_in_app(xdg, queries))


def search_on_terminal(xdg: Path, queries: list[str], runs: int = 3) -> dict[str, float]:
    """Enter to results visible in tmux (median ms per query over *runs*)."""
    from tui.services.reader.search import count_cache, search_cache
    from tui.services.storage.store import CacheStore

    store = CacheStore(xdg / "cache" / "papers-tui" / "cache.sqlite3")
    expected = {}
    for query in queries:
        ids = search_cache(store, query)  # the first page, ranked
        paper = store.paper(ids[0])
        assert paper is not None
        expected[query] = (count_cache(store, query), paper.title[:20])
    store.close()
    pane = TimedPane(app_command("--offline", "--library"), env_for(xdg))
    timings: dict[str, list[float]] = {q: [] for q in [*queries, "(reference: L, no search)"]}
    try:
        title = first_title(xdg)
        pane.wait_for(lambda screen: title in screen)
        for _ in range(runs):
            for query in queries:
                count, first = expected[query]
                pane.send("/")
                pane.wait_for(lambda screen: "Search the cache" in screen)
                pane.send("-l", query)  # the prompt opens empty from the library view
                pane.wait_for(lambda screen, q=query: q in screen.split("Search the", 1)[-1])
                started = time.time()
                pane.send("Enter")
                seen = pane.wait_for(  # "21,199 results", or "256 of 21,199 shown" (ranked a page at a time)
                    lambda screen, q=query, n=count, t=first: f"Search: {q}" in screen
                    and (f"{n:,} result" in screen or f"of {n:,} shown" in screen) and t in screen
                )
                timings[query].append((seen - started) * 1000)
                started = time.time()
                pane.send("L")
                seen = pane.wait_for(lambda screen: "cached papers" in screen)
                timings["(reference: L, no search)"].append((seen - started) * 1000)
    finally:
        pane.close()
    return {q: median(v) for q, v in timings.items()}
