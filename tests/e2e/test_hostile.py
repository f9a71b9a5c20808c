"""The real reader in tmux against the hostile server: no injected sequence reaches the terminal.

tmux is the witness: an OSC 52 from a title would fill a paste buffer
(``set-clipboard on``), an OSC 0 would retitle the pane, an OSC 8 would show
up as a hyperlink in ``capture-pane -e``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.e2e.tmux import REPO, TmuxSession


@pytest.fixture
def hostile_process() -> Iterator[str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.fakes.hostile", "--mode", "escapes"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("URL "), line
        yield line.split(" ", 1)[1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_escapes_in_every_field_never_reach_the_terminal(hostile_process: str, tmux_session: TmuxSession) -> None:
    url = hostile_process
    env = {"HF_ENDPOINT": url, "PAPERS_TUI_S2_ENDPOINT": url + "/s2", "PAPERS_TUI_ARXIV_ENDPOINT": url + "/arxiv",
           "PAPERS_TUI_ARXIV_INTERVAL": "0"}
    tmux_session.run_papers_tui("--date", "2025-03-05", extra_env=env)
    tmux_session.wait_for("Hostile paper 1")
    tmux_session.send("j")
    tmux_session.wait_for("Hostile paper 2")
    tmux_session.send("u")
    tmux_session.wait_for("Links")
    tmux_session.send("Escape")
    tmux_session.wait_for(lambda s: "Links ·" not in s)  # ESC then a at once would read as alt+a
    tmux_session.send("a")
    tmux_session.wait_for("papers/yr")  # the first author's profile (names differ, so the cached fallback)
    styled = tmux_session.tmux("capture-pane", "-e", "-p", "-t", tmux_session.name)
    assert "\x1b]" not in styled and "\x1bP" not in styled, "an OSC/DCS sequence reached the pane"
    assert "evil.example" not in styled
    assert "\x1b[2J" not in styled
    assert tmux_session.tmux("list-buffers", check=False).strip() == "", "a server string wrote the clipboard"
    title = tmux_session.tmux("display-message", "-p", "-t", tmux_session.name, "#{pane_title}")
    assert "pwned" not in title
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
