"""How long ``s`` / ``f`` take on the library and on a long id list (in the worker thread).

Usage::

    python benchmarks/arrange.py [--papers 100000]

Prints the median of five runs per arrangement. The sort runs in a thread
(:meth:`tui.controllers.views.ViewController.arranged_rows`); the event loop
only paints the first page of the result.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.common import ensure
from tui.services.reader.arrange import Arrangement, QuickFilter, arranged_ids
from tui.services.reader.library_index import LibraryIds
from tui.services.storage.store import CacheStore

CASES = {
    "sort by upvotes": Arrangement("upvotes"),
    "sort newest first": Arrangement("newest"),
    "filter has code": Arrangement(filter=QuickFilter("code")),
    "upvotes + word filter": Arrangement("upvotes", QuickFilter("word", "diffusion")),
}


def median_ms(run: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    args = parser.parse_args(argv)
    xdg = ensure(args.papers)
    store = CacheStore(xdg / "cache" / "papers-tui" / "cache.sqlite3")
    total = len(LibraryIds(store))
    for name, arrangement in CASES.items():
        kept = len(arranged_ids(store, None, arrangement))
        ms = median_ms(lambda a=arrangement: arranged_ids(store, None, a))
        print(f"library of {total:,}: {name}: {ms:,.0f} ms median ({kept:,} rows)")
    some = list(LibraryIds(store))[:20_000]
    ms = median_ms(lambda: arranged_ids(store, some, Arrangement("upvotes")))
    print(f"20,000 search hits: sort by upvotes: {ms:,.0f} ms median")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
