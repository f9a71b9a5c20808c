"""``I`` end to end: the real command in tmux (no image passthrough) shows the figure's caption, link and
reason, and nothing the terminal cannot draw; with the images extra installed this also runs textual-image's
real terminal detection at start-up, inside tmux."""

from __future__ import annotations

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession
from tui.image_terminal import NO_PROTOCOL, NOT_INSTALLED


def test_figure_overlay_in_tmux_is_caption_link_and_reason(fake_process: FakeProcess,
                                                           tmux_session: TmuxSession) -> None:
    env = {
        "HF_ENDPOINT": fake_process.url,
        "PAPERS_TUI_S2_ENDPOINT": fake_process.url + "/s2",
        "PAPERS_TUI_ARXIV_HTML_ENDPOINT": fake_process.url + "/arxiv-html",
    }
    tmux = tmux_session
    tmux.run_papers_tui(extra_env=env)
    tmux.wait_for(lambda s: "updated" in s)
    tmux.send("R")
    tmux.wait_for(lambda s: "1  Introduction" in s or "Introduction" in s)
    tmux.send("I")
    screen = tmux.wait_for(lambda s: "Figure image" in s and (NO_PROTOCOL[:30] in s or NOT_INSTALLED in s))
    assert "Figure 1:" in screen and "plot1_distributions_600.png" in screen
    for garbage in ("Traceback", "_Gi=", "[?1;2c", "[?62;", "\x1b"):  # an answered or echoed query, a crash
        assert garbage not in screen
    tmux.send("Escape")
    tmux.wait_for(lambda s: "Figure image" not in s and "Introduction" in s)
    tmux.send("Escape")
    tmux.wait_for(lambda s: "updated" in s)
    tmux.send("q")
    tmux.wait_for("EXITED 0")
