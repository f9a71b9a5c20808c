"""The paper view end to end: the real command in tmux against the fake process (Hub, arXiv HTML, S2)."""

from __future__ import annotations

import json

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession
from tests.fakes.hub_routes import HubState


def test_read_jump_find_follow_citation_references_back_then_offline(
    fake_process: FakeProcess, tmux_session: TmuxSession
) -> None:
    hub = HubState.from_json(json.loads(fake_process.state_file.read_text()))
    day = max(d for d, items in hub.days.items() if items)
    ids = [item["paper"]["id"] for item in hub.all_items()]
    first = hub.days[day][0]["paper"]
    cited_id = (ids[ids.index(first["id"]) + 1 :] + ids)[0]  # the fake page cites the next papers as [1], [2], [4]
    cited_title = next(item["paper"]["title"] for item in hub.all_items() if item["paper"]["id"] == cited_id)
    env = {
        "HF_ENDPOINT": fake_process.url,
        "PAPERS_TUI_S2_ENDPOINT": fake_process.url + "/s2",
        "PAPERS_TUI_ARXIV_HTML_ENDPOINT": fake_process.url + "/arxiv-html",
    }
    tmux = tmux_session
    tmux.run_papers_tui(extra_env=env)
    tmux.wait_for(lambda s: first["title"][:28] in s and "updated" in s)

    tmux.send("R")  # open the paper from the feed
    tmux.wait_for(lambda s: "Reading papers in a terminal needs structure" in s or "1  Introduction" in s)
    tmux.send("]", "]")  # Abstract, then 1 Introduction
    screen = tmux.wait_for(lambda s: "─ 1 Introduction ·" in s)
    assert "Traceback" not in screen

    tmux.send("/")
    tmux.wait_for("find in the text")
    tmux.send("-l", "parallax")
    tmux.send("Enter")
    tmux.wait_for("3 hits for “parallax”")

    tmux.send("g", "]", "]")
    tmux.wait_for(lambda s: "─ 1 Introduction ·" in s)
    tmux.send("Tab")  # the first citation on screen: [1]
    tmux.send("Enter")
    tmux.wait_for(f"enter: read arXiv:{cited_id} here")
    tmux.send("Enter")  # read the cited paper in papers-tui
    tmux.wait_for(lambda s: cited_title[:28] in s and "Abstract" in s)

    tmux.send("e")  # its references, as a feed
    tmux.wait_for(lambda s: "References:" in s and "Does Gender Matter" in s or "papers ·" in s)
    tmux.wait_for("71 papers")

    tmux.send("Escape")  # back to the cited paper
    tmux.wait_for(lambda s: cited_title[:28] in s and "71 papers" not in s)
    tmux.send("Escape")  # back to the first paper, where we left it
    tmux.wait_for(lambda s: first["title"][:28] in s and "─ 1 Introduction ·" in s)
    tmux.send("Escape")  # the feed
    tmux.wait_for(lambda s: "updated" in s)
    tmux.send("q")
    tmux.wait_for("EXITED 0")

    tmux.kill()
    again = TmuxSession(tmux.env)
    try:
        again.run_papers_tui("--offline", extra_env=env)
        again.wait_for(lambda s: first["title"][:28] in s and "offline" in s)
        again.send("R")
        screen = again.wait_for(lambda s: "─ 1 Introduction ·" in s)  # cached, and where we left it
        assert "not cached" not in screen and "Traceback" not in screen
        again.send("Escape")
        again.wait_for(lambda s: "offline" in s and "─ 1 Introduction ·" not in s)
        again.send("q")
        again.wait_for("EXITED 0")
    finally:
        again.kill()
