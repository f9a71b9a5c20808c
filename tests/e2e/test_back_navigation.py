"""Back navigation in the real command at 80x24: a search, esc, and the day with its cursor again."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession, base_env

pytestmark = pytest.mark.e2e


def test_search_then_esc_returns_to_the_day_at_80x24(fake_process: FakeProcess, isolated_dirs: object) -> None:
    state = json.loads(fake_process.state_file.read_text())
    day = max(d for d, items in state["days"].items() if items)
    items = state["days"][day]
    third = items[2]["paper"]
    session = TmuxSession(base_env(isolated_dirs), width=80, height=24)  # type: ignore[arg-type]
    try:
        session.run_papers_tui("--date", day, extra_env={"HF_ENDPOINT": fake_process.url})
        # The footer is drawn once the view is up; at 80 columns it still shows ? Help and q Quit.
        screen = session.wait_for(lambda s: items[0]["paper"]["title"][:20] in s and "updated" in s
                                  and "Help" in s.rstrip().splitlines()[-1])
        last = screen.rstrip().splitlines()[-1]
        assert "? Help" in last and "q Quit" in last, screen
        session.send("j", "j")
        session.wait_for(third["id"])  # the abstract pane shows the third paper
        word = third["title"].split()[0].strip(":,")
        session.send("/")
        session.wait_for("Search the cache")
        session.send(word, "Enter")
        session.wait_for(f"Search: {word}")
        session.send("Escape")
        screen = session.wait_for(lambda s: "Search:" not in s and third["id"] in s)
        assert "Traceback" not in screen
        session.send("q")
        session.wait_for("EXITED 0")
    finally:
        session.kill()
