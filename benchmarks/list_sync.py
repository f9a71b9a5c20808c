"""List sync figures against the loopback fake: a first push, a no-op sync, and the pending count.

    python benchmarks/list_sync.py [--papers 500] [--pending 10000]

Prints wall-clock seconds and requests per sync (the engine in-process, with
the real HTTP client over loopback), and how long the reader's status-line
count of pending changes takes for a large list (local files only).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fakes import collections_routes
from tests.fakes.hub_routes import make_dataset
from tests.fakes.server import FakeServer
from tui.models import Paper
from tui.services.lists.link import link_list
from tui.services.lists.session import open_sync, reading_lists
from tui.services.lists.sync import pending_changes
from tui.services.session import open_session
from tui.services.storage.list_sync_state import BaseEntry, Link, SyncState

TOKEN = "hf_benchmark_token_0123456789"


async def sync_figures(papers: int) -> None:
    days = max(1, papers // 50 + 1)
    server = FakeServer(make_dataset(days, 50, date(2025, 3, 3))).start()
    collections_routes.install(server).add_user(TOKEN, "bench")
    os.environ["HF_TOKEN"] = TOKEN
    try:
        session = open_session(endpoint=server.url)
        ids = [item["paper"] for item in server.hub.all_items()][:papers]
        for paper in ids:
            session.library.add_bookmark(Paper(id=paper["id"], title=paper["title"]))
        sync = open_sync(session)
        await link_list(sync, "bookmarks")
        for label in ("first sync (push every paper)", "no-op sync (nothing changed)"):
            before = len(server.requests)
            started = time.perf_counter()
            report = await sync.engine.sync("bookmarks", confirm=lambda plan, link: True)
            elapsed = time.perf_counter() - started
            requests = len(server.requests) - before
            print(f"{label:<34} {len(ids):>6} papers  {elapsed:7.2f} s  {requests:>5} requests  "
                  f"pushed {len(report.pushed)}")
        await sync.aclose()
        await session.aclose()
    finally:
        server.stop()


def pending_figures(count: int) -> None:
    session = open_session(offline=True)
    library = session.library
    with library.db.transaction() as tx:
        tx.executemany(
            "INSERT OR IGNORE INTO bookmarks(paper_id, added_at, paper) VALUES (?, ?, ?)",
            [(f"2501.{i:05d}", 0.0, '{"id": "x", "title": "x"}') for i in range(count)],
        )
    state = SyncState(session.paths.data_dir)
    state.links["bookmarks"] = Link(slug="bench/x-690df2897fa1945492b8cf42", owner="bench", url="x",
                                    base={f"2501.{i:05d}": BaseEntry() for i in range(0, count, 2)})
    state.save()
    store = reading_lists(session)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        loaded = SyncState(session.paths.data_dir).load()
        pending = pending_changes(store, loaded, "bookmarks")
        runs.append(time.perf_counter() - started)
    print(f"status-line pending count            {count:>6} papers  {min(runs) * 1000:7.1f} ms (best of 5)  "
          f"{pending} pending")
    session.close_local()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=500)
    parser.add_argument("--pending", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("cache", "data", "config"):
            (Path(tmp) / kind).mkdir()
            os.environ[f"XDG_{kind.upper()}_HOME"] = str(Path(tmp) / kind)
        asyncio.run(sync_figures(args.papers))
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("cache", "data", "config"):
            (Path(tmp) / kind).mkdir()
            os.environ[f"XDG_{kind.upper()}_HOME"] = str(Path(tmp) / kind)
        pending_figures(args.pending)


if __name__ == "__main__":
    main()
