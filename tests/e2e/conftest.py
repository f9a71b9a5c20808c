"""End-to-end fixtures: the loopback fake as its own process, and a tmux session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import REPO, TmuxSession, base_env


class FakeProcess:
    """``python -m tests.fakes.server`` running in the background."""

    def __init__(self, state_file: Path, *extra: str) -> None:
        self.state_file = state_file
        self.extra = extra
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> FakeProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.server", "--port", "0", "--days", "10", "--per-day", "12",
             "--start", "2025-03-03", "--state-file", str(self.state_file), *self.extra],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line.startswith("URL "), f"fake server did not start: {line!r}"
        self.url = line.split(" ", 1)[1]
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def fake_process(tmp_path: Path) -> Iterator[FakeProcess]:
    fake = FakeProcess(tmp_path / "hub-state.json").start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def tmux_session(isolated_dirs: Path) -> Iterator[TmuxSession]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    session = TmuxSession(base_env(isolated_dirs))
    try:
        yield session
    finally:
        session.kill()
