"""Shared helpers for the benchmarks: cache locations, a timed tmux launcher, statistics."""

from __future__ import annotations

import os
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.e2e.tmux import TmuxSession, base_env, papers_tui_command

BENCH_ROOT = Path(os.environ.get("PAPERS_TUI_BENCH_DIR", tempfile.gettempdir())) / "papers-tui-bench"
WIDTH, HEIGHT = 130, 40


def xdg_for(papers: int) -> Path:
    """The XDG root holding the synthetic cache of *papers* papers."""
    return BENCH_ROOT / f"cache-{papers}"


def ensure(papers: int) -> Path:
    from benchmarks.make_cache import ensure_cache

    root = xdg_for(papers)
    ensure_cache(root, papers)
    return root


def env_for(xdg: Path, **extra: str) -> dict[str, str]:
    return base_env(xdg, **extra)


class TimedPane:
    """A tmux pane whose program start time is known to the millisecond.

    The shell writes a timestamp right before ``exec``-ing the program, so
    the pane's pid is the program's and tmux start-up is not counted.
    """

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (WIDTH, HEIGHT)) -> None:
        width, height = size
        self.session = TmuxSession(env, width=width, height=height)
        self._stamp = Path(tempfile.mkstemp(prefix="papers-tui-bench-", suffix=".t")[1])
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"sleep 0.3; date +%s.%N > {self._stamp}; exec env -i {exports} {shlex.join(argv)}"
        self.session.tmux("new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height),
                          "sh", "-c", command)

    def started_at(self) -> float:
        deadline = time.time() + 10
        while time.time() < deadline:
            text = self._stamp.read_text().strip()
            if text:
                return float(text)
            time.sleep(0.005)
        raise RuntimeError("the pane never started")

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Poll the screen; the wall time (``time.time()``) when *predicate* first held."""
        deadline = time.time() + timeout
        screen = ""
        while time.time() < deadline:
            screen = self.session.screen()
            seen = time.time()
            if predicate(screen):
                return seen
            time.sleep(0.002)
        raise RuntimeError(f"timed out; screen was:\n{screen}")

    def screen(self) -> str:
        return self.session.screen()

    def send(self, *keys: str) -> None:
        self.session.send(*keys)

    def pid(self) -> int:
        return int(self.session.tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())

    def close(self) -> None:
        self.session.kill()
        self._stamp.unlink(missing_ok=True)


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for {pid}")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def app_command(*args: str) -> list[str]:
    return [*papers_tui_command(), *args]
