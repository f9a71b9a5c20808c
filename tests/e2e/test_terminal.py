"""The real command under different terminals: TERM variants, NO_COLOR, resizing."""

from __future__ import annotations

import re

import pytest

from tests.e2e.tmux import TmuxSession
from tui.services.reader.sample import load_sample

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_GREYS = {0, 7, 8, 15, *range(232, 256)} | {
    16 + 43 * level for level in range(6)  # the r == g == b diagonal of the 6x6x6 cube
}


def _hues(styled: str) -> list[str]:
    """Every SGR colour in *styled* that is not a shade of grey."""
    found = []
    for match in _SGR.finditer(styled):
        parts = [int(p) for p in match.group(1).split(";") if p]
        i = 0
        while i < len(parts):
            code = parts[i]
            if code in (38, 48) and i + 1 < len(parts) and parts[i + 1] == 5:
                if parts[i + 2] not in _GREYS:
                    found.append(match.group(0))
                i += 3
            elif code in (38, 48) and i + 1 < len(parts) and parts[i + 1] == 2:
                r, g, b = parts[i + 2 : i + 5]
                if not r == g == b:
                    found.append(match.group(0))
                i += 5
            else:
                if 31 <= code <= 36 or 41 <= code <= 46 or 91 <= code <= 96 or 101 <= code <= 106:
                    found.append(match.group(0))
                i += 1
    return found


@pytest.mark.parametrize("term", ["xterm", "screen-256color", "xterm-256color"])
def test_starts_and_quits_under_term(tmux_session: TmuxSession, term: str) -> None:
    tmux_session.run_papers_tui("--offline", extra_env={"TERM": term})
    first = load_sample()[0][0].title[:40]
    screen = tmux_session.wait_for(lambda s: "offline - bundled sample" in s and first in s)
    assert "Traceback" not in screen
    tmux_session.send("j")
    second = load_sample()[0][1]
    tmux_session.wait_for(second.id)  # the abstract pane follows the cursor
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")


def test_no_color_is_honoured(tmux_session: TmuxSession) -> None:
    tmux_session.run_papers_tui("--offline", extra_env={"NO_COLOR": "1"})
    tmux_session.wait_for("offline - bundled sample")
    styled = tmux_session.tmux("capture-pane", "-e", "-p", "-t", tmux_session.name)
    # Textual renders NO_COLOR as greyscale: no hue at all, only shades for layout.
    assert _hues(styled) == [], "colours present with NO_COLOR set"
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")


def test_colour_is_there_without_no_color(tmux_session: TmuxSession) -> None:
    # The check above must be able to fail.
    tmux_session.run_papers_tui("--offline")
    tmux_session.wait_for("offline - bundled sample")
    styled = tmux_session.tmux("capture-pane", "-e", "-p", "-t", tmux_session.name)
    assert _hues(styled)
    tmux_session.send("q")


def test_resize_to_40x12_and_back(tmux_session: TmuxSession) -> None:
    tmux_session.run_papers_tui("--offline")
    tmux_session.wait_for("offline - bundled sample")
    tmux_session.resize(40, 12)
    tmux_session.wait_for(lambda s: max(len(line) for line in s.splitlines()) <= 40 and "Feed" in s)
    tmux_session.send("j", "j")
    tmux_session.resize(140, 40)
    screen = tmux_session.wait_for(lambda s: "Authors" in s and "Abstract" in s)
    assert "Traceback" not in screen
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
