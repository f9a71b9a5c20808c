"""The authors full-screen at 80x24, end to end: the real command in tmux against the loopback fake process.

At 80 columns the author sidebar does not fit; ``a`` opens the authors
full-screen with each author's metrics, ``enter`` twice reaches the author's
papers as a feed, and ``esc`` / ``backspace`` come back to the paper they
started from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession, base_env
from tests.fakes import scholar_routes
from tests.fakes.hub_routes import HubState

pytestmark = pytest.mark.e2e


def _footer(screen: str) -> str:
    return screen.rstrip().splitlines()[-1]


def test_a_at_80x24_shows_the_authors_full_screen_and_two_enters_open_their_feed(
    fake_process: FakeProcess, isolated_dirs: Path
) -> None:
    # The fake process serves make_state() + derive_from_hub(its Hub dataset): rebuild the same here.
    hub = HubState.from_json(json.loads(fake_process.state_file.read_text()))
    scholar = scholar_routes.derive_from_hub(scholar_routes.make_state(), hub)
    day = max(d for d, items in hub.days.items() if items)
    items = hub.days[day]
    # The row with the longest visible byline (not the first row: the cursor has to come back to it).
    row = max(range(1, len(items)), key=lambda i: len([a for a in items[i]["paper"]["authors"]
                                                        if not a.get("hidden")]))
    paper = items[row]["paper"]
    authors = [scholar.authors[a] for a in scholar.papers[f"arXiv:{paper['id']}"]]
    assert len(authors) >= 2
    first = authors[0]
    newest = max(scholar.author_papers[first["authorId"]], key=lambda p: p["publicationDate"] or "")

    session = TmuxSession(base_env(isolated_dirs), width=80, height=24)
    try:
        session.run_papers_tui("--date", day, extra_env={
            "HF_ENDPOINT": fake_process.url,
            "PAPERS_TUI_S2_ENDPOINT": fake_process.url + "/s2",
            "PAPERS_TUI_ARXIV_ENDPOINT": fake_process.url + "/arxiv",
            "PAPERS_TUI_ARXIV_INTERVAL": "0",
        })
        screen = session.wait_for(lambda s: items[0]["paper"]["title"][:20] in s and "updated" in s
                                  and "Help" in _footer(s))
        assert "? Help" in _footer(screen) and "q Quit" in _footer(screen), screen
        session.send(*["j"] * row)
        session.wait_for(paper["id"])  # the abstract pane shows the chosen paper

        session.send("a")
        screen = session.wait_for(lambda s: all(
            a["name"] in s and f"h-index {a['hIndex']}" in s and f"{a['citationCount']:,} citations" in s
            for a in authors[:2]) and "Semantic Scholar · arXiv" in s)
        assert "Authors of" in screen and f"{first['paperCount']:,} papers" in screen
        assert "esc Back" in _footer(screen) and "? Help" in _footer(screen), screen
        session.send("Escape")  # back to the feed, on the same paper
        screen = session.wait_for(lambda s: "Authors of" not in s and paper["id"] in s)
        assert "q Quit" in _footer(screen)

        session.send("a")  # again: from the cache this time ("cached just now")
        session.wait_for(lambda s: "Authors of" in s and f"h-index {first['hIndex']}" in s
                         and newest["title"][:20] in s)
        session.send("Enter")  # one: the newest paper's abstract
        words = " ".join((newest["abstract"] or "").split()[:3])
        screen = session.wait_for(lambda s: words in s and "enter again: their papers as a feed" in s)
        session.send("Enter")  # two: the author's papers as a feed
        screen = session.wait_for(f"Papers of {first['name']}")
        assert "Authors of" not in screen
        session.send("BSpace")  # back to the day, on the paper we started from
        screen = session.wait_for(lambda s: "Papers of" not in s and paper["id"] in s)
        assert "Traceback" not in screen
        session.send("q")
        session.wait_for("EXITED 0")
    finally:
        session.kill()
