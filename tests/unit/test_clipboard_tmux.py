"""Inside tmux, an OSC 52 copy tells the truth about tmux's ``set-clipboard`` (asked of a real tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.services.system.clipboard import OSC52_SENT, TMUX_FIX, copy

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


@pytest.fixture
def tmux_env() -> Iterator[tuple[dict[str, str], list[str]]]:
    """The environment a pane of a private tmux server has (its TMUX), and the tmux command."""
    socket = f"clip-{uuid.uuid4().hex[:10]}"
    base = ["tmux", "-L", socket, "-f", "/dev/null"]
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
    subprocess.run([*base, "new-session", "-d", "sleep 60"], env=env, check=True, timeout=10)
    shown = subprocess.run([*base, "display-message", "-p", "#{socket_path},#{pid},0"],
                           env=env, capture_output=True, text=True, check=True, timeout=10)
    try:
        yield {**env, "TMUX": shown.stdout.strip()}, base
    finally:
        subprocess.run([*base, "kill-server"], env=env, check=False, timeout=10)
        Path(shown.stdout.split(",")[0]).unlink(missing_ok=True)


def test_set_clipboard_on_means_sent_and_nothing_else(tmux_env: tuple[dict[str, str], list[str]], tmp_path: Path) -> None:
    env, tmux = tmux_env
    subprocess.run([*tmux, "set", "-g", "set-clipboard", "on"], env=env, check=True, timeout=10)
    written: list[bytes] = []
    result = copy("hello", writer=written.append, env=env, use_pyperclip=False, fallback_dir=tmp_path)
    assert result.method == "osc52" and result.detail == OSC52_SENT
    assert written and not (tmp_path / "clipboard.txt").exists()


@pytest.mark.parametrize("setting", ["external", "off"])
def test_set_clipboard_not_on_gives_the_fix_and_saves_a_copy(
    tmux_env: tuple[dict[str, str], list[str]], tmp_path: Path, setting: str
) -> None:
    env, tmux = tmux_env
    subprocess.run([*tmux, "set", "-g", "set-clipboard", setting], env=env, check=True, timeout=10)
    written: list[bytes] = []
    result = copy("@article{x}", writer=written.append, env=env, use_pyperclip=False, fallback_dir=tmp_path)
    assert written, "the OSC 52 is still sent (the outer terminal may take it)"
    assert result.detail.startswith(OSC52_SENT)
    assert f"set-clipboard is '{setting}'" in result.detail and TMUX_FIX in result.detail
    assert result.path == tmp_path / "clipboard.txt" and result.path.read_text() == "@article{x}"
    assert str(result.path) in result.detail


def test_a_tmux_that_cannot_be_asked_is_said_so(tmp_path: Path) -> None:
    env = {"TMUX": str(tmp_path / "no-such-socket") + ",1,0", "PATH": os.environ.get("PATH", "")}
    result = copy("x", writer=lambda _: None, env=env, use_pyperclip=False, fallback_dir=tmp_path)
    assert "set-clipboard could not be read" in result.detail and TMUX_FIX in result.detail
    assert (tmp_path / "clipboard.txt").read_text() == "x"
