"""Measure papers-tui's speed targets (issue 5) and print the figures.

    python benchmarks/run.py            # everything (generates the caches once: ~30 s for 100k)
    python benchmarks/run.py startup    # or: steps, search, memory, headless, sync, library-ids, stall

Caches live in ``$PAPERS_TUI_BENCH_DIR/papers-tui-bench`` (default /tmp). Targets:
start-up within 1.2x of a bare Textual app at 10k and 100k papers; each j step
under 20 ms at 100k; offline search results on screen within 100 ms of enter
at 100k; peak memory under 150 MB with 100k open; ``cite`` and ``feed --json``
under 0.25 s; sync of 250 days x 40 papers from the loopback fake: papers/s and peak memory.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ensure

SIZES = (10_000, 100_000)
QUERIES = ["transformer", "model", '"neural network"', "diffusion image", "author:zhang"]


def _line(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<44} {value:>22}  {target}", flush=True)


def bench_library_ids() -> None:
    from tui.services.reader.library_index import LibraryIds
    from tui.services.storage.store import CacheStore

    print("library ids (what the library view loads at start)")
    for size in SIZES:
        store = CacheStore(ensure(size) / "cache" / "papers-tui" / "cache.sqlite3")
        started = time.perf_counter()
        store.library_ids()
        full = time.perf_counter() - started
        started = time.perf_counter()
        ids = LibraryIds(store)
        ids[0:256]
        lazy = time.perf_counter() - started
        store.close()
        _line(f"{size:,}: library_ids() / LibraryIds + first page", f"{full * 1000:.0f} / {lazy * 1000:.1f} ms")


def bench_startup() -> None:
    from benchmarks.startup import startup

    print("(1) start-up to first titles, median of 11 interleaved runs (tmux 140x45)")
    for size in SIZES:
        figures = startup(ensure(size), runs=11)
        _line(f"{size:,}: bare Textual app / papers-tui --library",
              f"{figures['bare'] * 1000:.0f} / {figures['app'] * 1000:.0f} ms",
              f"ratio {figures['ratio']:.2f} (target <= 1.20)")
        _line("  fastest of each (less sensitive to a busy machine)",
              f"{figures['bare_min'] * 1000:.0f} / {figures['app_min'] * 1000:.0f} ms",
              f"ratio {figures['app_min'] / figures['bare_min']:.2f}")
        _line("  median of the 11 back-to-back pairs' ratios", "", f"ratio {figures['pair_ratio']:.2f}")


def bench_steps() -> None:
    from benchmarks.interactive import hold_j, hold_j_terminal

    print("(2) holding j: cursor move + repaint per step")
    for size in SIZES:
        figures = hold_j(ensure(size))
        _line(f"{size:,}: in the app (600 steps) median/p95/max", f"{figures['median_ms']:.2f} / "
              f"{figures['p95_ms']:.2f} / {figures['max_ms']:.1f} ms", "(target < 20 ms)")
        _line(f"{size:,}: tmux burst of 300 j, per step", f"{hold_j_terminal(ensure(size)):.1f} ms",
              "(target < 20 ms)")


def bench_search() -> None:
    from benchmarks.interactive import search_in_app, search_on_terminal

    xdg = ensure(100_000)
    print("(3) offline search over 100,000 papers: enter -> results on screen")
    in_app = search_in_app(xdg, QUERIES)
    on_terminal = search_on_terminal(xdg, QUERIES)
    for query in QUERIES:
        _line(f"{query!r}: in the app / in tmux (median of 3)",
              f"{in_app[query]:.0f} / {on_terminal[query]:.0f} ms", "(target < 100 ms)")
    reference = on_terminal["(reference: L, no search)"]
    _line("for scale: L (library view, no search) in tmux", f"{reference:.0f} ms")


def bench_memory() -> None:
    from benchmarks.startup import memory

    print("(4) peak RSS (VmHWM) of papers-tui with 100,000 papers (tmux)")
    figures = memory(ensure(100_000), "transformer")
    _line("library open / after j x200, PgDn x100, G / after search",
          f"{figures['opened']:.0f} / {figures['scrolled']:.0f} / {figures['searched']:.0f} MB",
          "(target < 150 MB)")


def bench_headless() -> None:
    from benchmarks.headless import headless_times

    print("(5) headless commands, wall time, median of 5 (100,000-paper cache)")
    figures = headless_times(ensure(100_000))
    for name in ("cite", "feed_json", "feed_search_json", "bare_python"):
        _line(name.replace("_", " "), f"{figures[name] * 1000:.0f} ms", "(target < 250 ms)" if "python" not in name
              else "(python -c pass, for scale)")


def bench_sync() -> None:
    from benchmarks.headless import sync_run

    print("(6) papers-tui sync of 250 days x 40 papers from the loopback fake process")
    figures = sync_run()
    _line("papers / wall time", f"{figures['papers']:,} / {figures['seconds']:.1f} s")
    _line("papers cached per second", f"{figures['papers_per_s']:,.0f} /s")
    _line("peak RSS of the sync process", f"{figures['peak_mb']:.0f} MB")
    _line("second run (every day complete, skipped)", f"{figures['resume_seconds']:.2f} s")
    print(f"    summary: {figures['summary']}")


def bench_stall() -> None:
    from benchmarks.stall import month_fetch, scroll_library

    print("(7) longest event-loop stall (probe every 1 ms; wall / main-thread CPU)")
    for label, figures in (
        ("m + fetch/save of a 1,008-paper month", month_fetch()),
        ("library of 100,000: PgDn x200, then G", scroll_library()),
    ):
        _line(label, f"{figures['max_wall_ms']:.1f} / {figures['max_cpu_ms']:.1f} ms",
              f"(target < 16 ms; p99 {figures['p99_wall_ms']:.1f} ms, "
              f"{figures['over_frame']:.0f} of {figures['samples']:.0f} wakes late by > 16 ms)")


BENCHES = {
    "library-ids": bench_library_ids,
    "startup": bench_startup,
    "steps": bench_steps,
    "search": bench_search,
    "memory": bench_memory,
    "headless": bench_headless,
    "sync": bench_sync,
    "stall": bench_stall,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHES)
    unknown = [name for name in chosen if name not in BENCHES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHES)}", file=sys.stderr)
        return 2
    for size in SIZES:
        ensure(size)
    for name in chosen:
        BENCHES[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
