"""The reader end to end: real command, real tmux, loopback fake, then offline from the cache."""

from __future__ import annotations

import json

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession


def _latest_day(fake: FakeProcess) -> tuple[str, list[dict]]:
    state = json.loads(fake.state_file.read_text())
    day = max(d for d, items in state["days"].items() if items)
    return day, state["days"][day]


def _prefix(title: str, n: int = 28) -> str:
    return title[:n]


def test_feed_abstract_then_offline_from_cache(fake_process: FakeProcess, tmux_session: TmuxSession) -> None:
    _, items = _latest_day(fake_process)
    first, second = items[0]["paper"], items[1]["paper"]

    tmux_session.run_papers_tui(extra_env={"HF_ENDPOINT": fake_process.url})
    # The author sidebar is mounted just after the first titles: wait for it, do not race it.
    screen = tmux_session.wait_for(lambda s: _prefix(first["title"]) in s and "updated" in s and "Authors" in s)
    assert "Abstract" in screen and "Authors" in screen
    # The abstract pane shows the highlighted (first) paper's id.
    tmux_session.wait_for(first["id"])

    tmux_session.send("j")
    screen = tmux_session.wait_for(second["id"])
    assert first["id"] not in screen.split("Abstract", 1)[1], "abstract pane still shows the first paper"

    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
    tmux_session.kill()

    fake_process.stop()
    again = TmuxSession(tmux_session.env)
    try:
        again.run_papers_tui(extra_env={"HF_ENDPOINT": fake_process.url})
        screen = again.wait_for(
            lambda s: _prefix(first["title"]) in s and _prefix(second["title"]) in s and "offline - cached" in s
        )
        assert "Traceback" not in screen
        again.send("q")
        again.wait_for("EXITED 0")
    finally:
        again.kill()


def test_offline_flag_with_nothing_cached_shows_the_bundled_sample(tmux_session: TmuxSession) -> None:
    tmux_session.run_papers_tui("--offline")
    screen = tmux_session.wait_for("offline - bundled sample")
    assert "Sample papers" in screen
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
