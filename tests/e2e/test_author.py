"""The author sidebar end to end: real command in tmux, fake Hub + Semantic Scholar + arXiv process."""

from __future__ import annotations

import json

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession
from tests.fakes import scholar_routes
from tests.fakes.hub_routes import HubState


def _sidebar(screen: str) -> str:
    """The right-hand pane of the screen (the author sidebar), line by line."""
    lines = screen.splitlines()
    # The title reads "▶ Authors" while the sidebar has the keys.
    marks = ("╭─ Authors", "╭─ ▶ Authors")
    start = next((line.find(m) for line in lines for m in marks if m in line), -1)
    return "\n".join(line[start:] for line in lines) if start >= 0 else ""


def test_a_shows_the_first_authors_metrics_and_papers(
    fake_process: FakeProcess, tmux_session: TmuxSession
) -> None:
    # The fake process serves make_state() + derive_from_hub(its Hub dataset): rebuild the same here.
    hub = HubState.from_json(json.loads(fake_process.state_file.read_text()))
    scholar = scholar_routes.derive_from_hub(scholar_routes.make_state(), hub)
    day = max(d for d, items in hub.days.items() if items)
    paper = hub.days[day][0]["paper"]
    author_id = scholar.papers[f"arXiv:{paper['id']}"][0]
    author = scholar.authors[author_id]
    papers = scholar.author_papers[author_id]
    newest = max(p["publicationDate"] for p in papers)
    newest_titles = [p["title"][:18] for p in papers if p["publicationDate"] == newest]

    tmux_session.run_papers_tui(
        extra_env={
            "HF_ENDPOINT": fake_process.url,
            "PAPERS_TUI_S2_ENDPOINT": fake_process.url + "/s2",
            "PAPERS_TUI_ARXIV_ENDPOINT": fake_process.url + "/arxiv",
            "PAPERS_TUI_ARXIV_INTERVAL": "0",
        }
    )
    tmux_session.wait_for(lambda s: paper["title"][:28] in s and "updated" in s)
    tmux_session.send("a")
    screen = tmux_session.wait_for(
        lambda s: (
            f"h-index {author['hIndex']}" in _sidebar(s)
            and f"{author['citationCount']:,} citations" in _sidebar(s)
            and "Semantic Scholar · arXiv" in _sidebar(s)
            and any(title in _sidebar(s) for title in newest_titles)
        )
    )
    side = _sidebar(screen)
    assert author["name"] in side
    assert f"{author['paperCount']:,} papers" in side
    assert "Traceback" not in screen

    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
