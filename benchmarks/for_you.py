"""How long the For you view takes to match the watch list against a big cache.

Usage::

    python benchmarks/for_you.py [--papers 100000]

Builds (or reuses) the synthetic cache of :mod:`benchmarks.make_cache`, follows
four topics, two keywords and an organization in a throw-away watch file, and
prints the time of the first match (which records every match as known) and
the median of the next runs (what opening ``y`` or an announcement costs).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import ensure
from tui.services.storage.store import CacheStore
from tui.services.storage.watch_store import WatchStore
from tui.services.watch.for_you import evaluate

WATCHES = (
    ("topic", "diffusion"),
    ("topic", '"language model" title:reasoning'),
    ("topic", "author:Kaiwen"),
    ("topic", "vision -video"),
    ("keyword", "reinforcement learning"),
    ("keyword", "benchmark"),
    ("org", "Example AI Lab"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = ensure(args.papers)
    store = CacheStore(root / "cache" / "papers-tui" / "cache.sqlite3")
    with tempfile.TemporaryDirectory() as folder:
        watches = WatchStore(Path(folder) / "watch.sqlite3")
        for kind, value in WATCHES:
            watches.add(kind, value)
        started = time.perf_counter()
        items = evaluate(store, watches)
        first = time.perf_counter() - started
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            evaluate(store, watches)
            times.append(time.perf_counter() - started)
        watches.close()
    store.close()
    print(f"for-you match, {args.papers:,} cached papers, {len(WATCHES)} watches, {len(items)} papers listed")
    print(f"  first evaluation (records matches): {first * 1000:.0f} ms")
    print(f"  next evaluations, median of {args.runs}: {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
