"""The offline library end to end: sync a range, quit, start offline, search, open a result."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession
from tui.services.reader.search import search_cache
from tui.services.storage.store import CacheStore


def _searchable_word(state: dict) -> str:
    """A title word that a few (2..4) synced papers mention: enough to move between results."""
    papers = [item["paper"] for items in state["days"].values() for item in items]
    texts = [" ".join([p["title"], p["summary"], *p.get("ai_keywords", [])]).lower() for p in papers]
    for paper in papers:
        for word in re.findall(r"[A-Za-z]{7,}", paper["title"]):
            hits = sum(1 for text in texts if re.search(rf"\b{word.lower()}", text))
            if 2 <= hits <= 4:
                return word
    raise AssertionError("no suitable word in the fake dataset")


def test_sync_then_offline_search_and_open_a_result(
    fake_process: FakeProcess, tmux_session: TmuxSession, isolated_dirs: Path
) -> None:
    env = {"HF_ENDPOINT": fake_process.url}
    tmux_session.run_papers_tui("sync", "--since", "2025-03-03", "--until", "2025-03-12", extra_env=env)
    screen = tmux_session.wait_for(lambda s: "EXITED" in s, timeout=30)
    assert "EXITED 0" in screen, screen
    assert "10 days fetched (2 empty), 0 already complete, 0 failed" in screen
    assert "[########################]  10/10 days" in screen  # the progress line, complete
    tmux_session.kill()
    fake_process.stop()  # from here on nothing answers: the cache is all there is

    state = json.loads(fake_process.state_file.read_text())
    word = _searchable_word(state)
    store = CacheStore(isolated_dirs / "cache" / "papers-tui" / "cache.sqlite3")
    try:
        expected = search_cache(store, word)
        second = store.paper(expected[1])
    finally:
        store.close()
    assert second is not None and len(expected) >= 2

    app = TmuxSession(tmux_session.env)
    try:
        app.run_papers_tui("--offline")
        app.wait_for(lambda s: "offline - cached" in s)
        app.send("/")
        app.wait_for("Search the cache")
        app.send("-l", word)
        app.send("Enter")
        count = f"{len(expected)} results"
        screen = app.wait_for(lambda s: f"Search: {word}" in s and count in s and "offline - cache only" in s)
        assert "Traceback" not in screen
        app.send("j")
        summary_start = " ".join(second.summary.split()[:3])
        screen = app.wait_for(
            lambda s: second.id in s.split("Abstract", 1)[-1] and summary_start in s.split("Abstract", 1)[-1]
        )
        assert second.title[:25] in screen
        app.send("q")
        app.wait_for("EXITED 0")
    finally:
        app.kill()
