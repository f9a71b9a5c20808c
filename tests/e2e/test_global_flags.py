"""``--offline`` before a view flag, in the real command: the reader opens the cached day, no request."""

from __future__ import annotations

import pytest

from tests.e2e.tmux import TmuxSession
from tests.fakes.server import FakeServer
from tui.cli import main

pytestmark = pytest.mark.e2e

DAY = "2025-03-05"


def test_offline_then_date_opens_the_cached_day_without_a_request(
    fake_server: FakeServer, tmux_session: TmuxSession, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    assert main(["feed", "--date", DAY]) == 0  # fills the cache the tmux process reads
    capsys.readouterr()
    first = fake_server.hub.days[DAY][0]["paper"]
    fake_server.requests.clear()

    tmux_session.run_papers_tui("--offline", "--date", DAY, extra_env={"HF_ENDPOINT": fake_server.url})
    screen = tmux_session.wait_for(lambda s: first["title"][:28] in s and "offline" in s)
    assert "Traceback" not in screen
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
    assert fake_server.requests == [], [r.path for r in fake_server.requests]
