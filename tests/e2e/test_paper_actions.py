"""Paper actions end to end: the real command in tmux, against the loopback fake process.

``o`` with ``$BROWSER`` runs it; over SSH it shows the URL and runs nothing;
``c`` reaches tmux's paste buffer through OSC 52 (``set-clipboard on``); a
bookmark survives a restart with ``--offline``.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession
from tests.fakes.helpers import recorder
from tui.services.formats.bibtex import bibtex
from tui.services.net.hub import parse_paper


def _latest_day(fake: FakeProcess) -> list[dict[str, Any]]:
    state = json.loads(fake.state_file.read_text())
    day = max(d for d, items in state["days"].items() if items)
    return [item["paper"] for item in state["days"][day]]


def _start_on(session: TmuxSession, fake: FakeProcess, papers: list[dict[str, Any]], index: int,
              *args: str, env: dict[str, str] | None = None) -> None:
    """Start the app and move the cursor to ``papers[index]`` (its id shown in the abstract)."""
    session.run_papers_tui(*args, extra_env={"HF_ENDPOINT": fake.url, **(env or {})})
    session.wait_for(lambda s: papers[0]["title"][:28] in s and "updated" in s)
    for _ in range(index):
        session.send("j")
    target = papers[index]["id"]
    session.wait_for(lambda s: target in s.split("Abstract", 1)[-1])


def _wait_until(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out; last value {check()!r}")


def _tmux_value(session: TmuxSession) -> str:
    """What tmux puts in ``$TMUX`` for its panes (the harness runs the app under ``env -i``)."""
    session.tmux("new-session", "-d", "-s", "probe", "sleep 600")
    return session.tmux("display-message", "-p", "-t", "probe", "#{socket_path},#{pid},0").strip()


def test_o_with_browser_set_runs_it_with_the_github_url(
    fake_process: FakeProcess, tmux_session: TmuxSession, tmp_path: Path
) -> None:
    papers = _latest_day(fake_process)
    index = next(i for i, p in enumerate(papers) if p.get("githubRepo"))
    script, record = recorder(tmp_path / "bin", "browser")
    _start_on(tmux_session, fake_process, papers, index, env={"BROWSER": str(script)})
    tmux_session.send("o")
    assert _wait_until(lambda: record.exists() and record.read_text()) == papers[index]["githubRepo"] + "\n"
    screen = tmux_session.wait_for("opened code")
    assert "Traceback" not in screen
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")


def test_o_over_ssh_shows_the_url_and_launches_nothing(
    fake_process: FakeProcess, tmux_session: TmuxSession, tmp_path: Path
) -> None:
    papers = _latest_day(fake_process)
    index = next(i for i, p in enumerate(papers) if p.get("githubRepo"))
    url = papers[index]["githubRepo"]
    # A display and a working xdg-open on PATH: only the SSH session stops them being used.
    _, record = recorder(tmp_path / "bin", "xdg-open")
    env = {
        "SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22",
        "DISPLAY": ":0",
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
    }
    _start_on(tmux_session, fake_process, papers, index, env=env)
    tmux_session.send("o")
    screen = tmux_session.wait_for(lambda s: "Open code" in s and url in s and "sent to the terminal's" in s and "clipboard (OSC 52)" in s)
    assert "remote session" in screen
    # The plain OSC 52 reached tmux: the URL is in its paste buffer.
    assert _wait_until(lambda: tmux_session.buffer() == url)
    tmux_session.send("Escape")
    tmux_session.wait_for(lambda s: "Open code" not in s)
    time.sleep(0.5)  # an opener, had one been started, has had ample time to record
    assert not record.exists(), "a browser was launched over SSH"
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")


def test_c_puts_the_bibtex_in_tmux_paste_buffer(fake_process: FakeProcess, tmux_session: TmuxSession) -> None:
    papers = _latest_day(fake_process)
    expected = bibtex(parse_paper(papers[1]))
    # Inside tmux the app sees $TMUX and sends the plain OSC 52 plus the passthrough form.
    _start_on(tmux_session, fake_process, papers, 1, env={"TMUX": _tmux_value(tmux_session)})
    tmux_session.tmux("kill-session", "-t", "probe")
    tmux_session.send("c")
    tmux_session.wait_for("BibTeX sent to the terminal's clipboard (OSC 52)")
    assert _wait_until(lambda: tmux_session.buffer() == expected)
    assert f"eprint={{{papers[1]['id']}}}" in expected
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")


def test_bookmark_survives_a_restart_offline(fake_process: FakeProcess, tmux_session: TmuxSession) -> None:
    papers = _latest_day(fake_process)
    marked = papers[2]
    _start_on(tmux_session, fake_process, papers, 2)
    tmux_session.send("b")
    tmux_session.wait_for(lambda s: "★ bookmarked" in s and "bookmarked" in s)
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
    tmux_session.kill()

    fake_process.stop()
    again = TmuxSession(tmux_session.env)
    try:
        again.run_papers_tui("--offline")
        again.wait_for(lambda s: papers[0]["title"][:28] in s and "offline" in s)
        again.send("B")
        screen = again.wait_for(  # the ★ comes with the marks, read just after the rows are drawn
            lambda s: "Bookmarks" in s and "1 paper" in s and "offline - local" in s and marked["id"] in s
            and "★" in s
        )
        assert marked["title"][:28] in screen and "★" in screen
        assert papers[0]["title"][:28] not in screen.split("Abstract", 1)[0]
        again.send("q")
        again.wait_for("EXITED 0")
    finally:
        again.kill()
