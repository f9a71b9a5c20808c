"""The real command at 80x24 (the most common SSH size) under NO_COLOR: the abstract text is on
screen, the footer keeps ``? Help`` and ``q Quit``, and the focused pane is marked in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.tmux import TmuxSession, base_env
from tui.services.reader.sample import load_sample

pytestmark = pytest.mark.e2e


def test_at_80x24_the_abstract_shows_and_focus_is_marked_without_colour(isolated_dirs: Path) -> None:
    first = load_sample()[0][0]
    opening = " ".join(first.summary.split()[:3])
    session = TmuxSession(base_env(isolated_dirs, NO_COLOR="1"), width=80, height=24)
    try:
        session.run_papers_tui("--offline")
        screen = session.wait_for(lambda s: "offline - bundled sample" in s and "Help" in s.rstrip().splitlines()[-1])
        last = screen.rstrip().splitlines()[-1]
        assert "? Help" in last and "q Quit" in last, screen
        assert opening in " ".join(screen.split()), screen  # the abstract itself, not just its title
        assert f"et al. ({len(first.authors)} authors)" in screen  # a 28-author byline gave way to it
        assert "▶ Feed" in screen and "▶ Abstract" not in screen
        session.send("Enter")  # into the abstract: its title takes the mark
        screen = session.wait_for("▶ Abstract")
        assert "▶ Feed" not in screen
        session.send("q")
        session.wait_for("EXITED 0")
    finally:
        session.kill()
