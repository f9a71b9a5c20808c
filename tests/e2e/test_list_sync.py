"""List sync end to end in tmux: the first sync asks on a terminal; ``=`` in the reader syncs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.tmux import TmuxSession, papers_tui_command
from tests.fakes import collections_routes
from tests.fakes.server import FakeServer
from tui.models import Paper
from tui.services.storage.library import UserLibrary

pytestmark = pytest.mark.e2e
TOKEN = "hf_e2etoken_0123456789abcdef"


def test_first_sync_asks_on_a_terminal_then_the_reader_key_syncs(
    fake_server: FakeServer, tmux_session: TmuxSession, isolated_dirs: Path
) -> None:
    state = collections_routes.install(fake_server)
    state.add_user(TOKEN, "alice")
    items = [item["paper"] for item in fake_server.hub.all_items()]
    library = UserLibrary(isolated_dirs / "data" / "papers-tui" / "library.sqlite3")
    for paper in items[:3]:
        library.add_bookmark(Paper(id=paper["id"], title=paper["title"]))
    library.close()
    env = {"HF_ENDPOINT": fake_server.url, "HF_TOKEN": TOKEN}

    tmux_session.start(
        ["sh", "-c", " ".join([*papers_tui_command(), "lists", "link", "bookmarks", "--create", "&&",
                               *papers_tui_command(), "lists", "sync"])],
        extra_env=env,
    )
    screen = tmux_session.wait_for("Apply? [y/N]", timeout=30)
    assert "3 to add on 127.0.0.1" in screen and "/collections/alice/" in screen
    tmux_session.send("y", "Enter")
    screen = tmux_session.wait_for("EXITED", timeout=30)
    assert "EXITED 0" in screen and "to Hugging Face: 3 added" in screen
    (slug,) = [c["slug"] for c in state.collections.values()]
    assert len(state.papers_in(slug)) == 3
    assert TOKEN not in screen
    tmux_session.kill()

    state.add_paper_item(slug, items[6]["id"], "from the website")
    reader = TmuxSession(tmux_session.env)
    try:
        reader.run_papers_tui("--bookmarks", extra_env=env)
        reader.wait_for(items[0]["title"][:30], timeout=30)
        reader.send("b")  # unbookmark the paper under the cursor
        reader.wait_for("⇅ 1 to sync", timeout=15)
        reader.send("=")
        screen = reader.wait_for("synced with", timeout=30)
        assert "1 down, 1 up" in screen
        reader.wait_for(lambda s: "⇅" not in s, timeout=15)
        assert items[6]["title"][:30] in reader.screen()
        assert len(state.papers_in(slug)) == 3 and items[6]["id"] in state.papers_in(slug)
        reader.send("q")
        reader.wait_for("EXITED 0", timeout=15)
    finally:
        reader.kill()
