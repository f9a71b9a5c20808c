"""Drive the real ``papers-tui`` command in tmux, the way a person would.

Each :class:`TmuxSession` owns a private tmux server (``-L`` socket), so
tests never touch the user's tmux and can run side by side.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def papers_tui_command() -> list[str]:
    """The installed console script, next to the running interpreter."""
    script = Path(sys.executable).with_name("papers-tui")
    if script.exists():
        return [str(script)]
    found = shutil.which("papers-tui")
    return [found] if found else [sys.executable, "-m", "tui"]


class TmuxSession:
    def __init__(self, env: Mapping[str, str], *, width: int = 140, height: int = 40) -> None:
        self.socket = f"papers-tui-test-{uuid.uuid4().hex[:8]}"
        self.env = dict(env)
        self.width = width
        self.height = height
        self.name = "main"
        self._conf = Path(tempfile.mkstemp(prefix="papers-tui-tmux-", suffix=".conf")[1])
        # Detached sessions take default-size; set before the server starts so the
        # program never sees tmux's 80x24 default, then never resize behind its back.
        self._conf.write_text(
            f"set -g default-size {width}x{height}\nset -g set-clipboard on\n"
        )

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self._conf), *args],
            capture_output=True, text=True, check=False, timeout=20,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def start(self, argv: list[str], *, extra_env: Mapping[str, str] | None = None) -> None:
        """Run *argv* in a new pane; the pane stays open after the program exits."""
        env = {**self.env, **(extra_env or {})}
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # tmux sizes the pty just after forking; a short pause keeps the program from
        # reading the size before that (and missing the SIGWINCH that follows).
        command = f"sleep 0.3; env -i {exports} {shlex.join(argv)}; echo EXITED $?; sleep 600"
        self.tmux(
            "new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height),
            "sh", "-c", command,
        )

    def run_papers_tui(self, *args: str, extra_env: Mapping[str, str] | None = None) -> None:
        self.start([*papers_tui_command(), *args], extra_env=extra_env)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 15.0) -> str:
        """Poll the screen until *predicate* (or the text) holds; the screen when it does."""
        check = (lambda s: predicate in s) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {predicate!r}; screen was:\n{screen}")

    def buffer(self) -> str:
        return self.tmux("show-buffer", check=False)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def kill(self) -> None:
        self.tmux("kill-server", check=False)
        self._conf.unlink(missing_ok=True)


def base_env(xdg: Path, **extra: str) -> dict[str, str]:
    """A clean environment for the app under test: its own XDG dirs, a sane TERM."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(xdg),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "XDG_CACHE_HOME": str(xdg / "cache"),
        "XDG_DATA_HOME": str(xdg / "data"),
        "XDG_CONFIG_HOME": str(xdg / "config"),
        "PYTHONPATH": str(REPO),
    }
    env.update(extra)
    return env
