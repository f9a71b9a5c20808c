"""Two papers-tui processes on the same files, and a sync killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession, papers_tui_command


def _env(tmux: TmuxSession, url: str) -> dict[str, str]:
    return {**tmux.env, "HF_ENDPOINT": url}


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _cached_days(cache_db: Path) -> int:
    if not cache_db.exists():
        return 0
    conn = sqlite3.connect(cache_db, timeout=10)
    try:
        return int(conn.execute("SELECT count(*) FROM listings WHERE key LIKE 'day:%'").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_sync_and_bookmarking_at_once_lose_nothing(tmp_path: Path, tmux_session: TmuxSession) -> None:
    fake = FakeProcess(tmp_path / "state.json", "--days", "30", "--per-day", "30", "--delay", "0.05").start()
    try:
        env = _env(tmux_session, fake.url)
        sync = subprocess.Popen(
            [*papers_tui_command(), "sync", "--since", "2025-03-03", "--until", "2025-04-01", "--quiet"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        tmux_session.run_papers_tui("--date", "2025-03-05", extra_env={"HF_ENDPOINT": fake.url})
        tmux_session.wait_for(lambda s: "30 papers" in s and "updated" in s)
        for _ in range(3):
            tmux_session.send("b")
            time.sleep(0.3)
            tmux_session.send("j")
            time.sleep(0.3)
        tmux_session.send("B")
        tmux_session.wait_for("3 papers")
        tmux_session.send("q")
        tmux_session.wait_for("EXITED 0")
        _, err = sync.communicate(timeout=120)
        assert sync.returncode == 0, err
    finally:
        fake.stop()
    listed = subprocess.run(
        [*papers_tui_command(), "bookmarks", "list", "--offline"], env=env, capture_output=True, text=True, check=False,
    )
    assert listed.returncode == 0 and len([line for line in listed.stdout.splitlines() if "2503." in line]) == 3
    xdg = Path(env["XDG_CACHE_HOME"]).parent
    assert _integrity(xdg / "cache" / "papers-tui" / "cache.sqlite3") == "ok"
    assert _integrity(xdg / "data" / "papers-tui" / "library.sqlite3") == "ok"
    assert _cached_days(xdg / "cache" / "papers-tui" / "cache.sqlite3") == 30


def test_sigkill_mid_sync_leaves_a_cache_that_opens_and_a_sync_that_resumes(
    tmp_path: Path, tmux_session: TmuxSession
) -> None:
    fake = FakeProcess(tmp_path / "state.json", "--days", "40", "--per-day", "20", "--delay", "0.1").start()
    env = _env(tmux_session, fake.url)
    cache_db = Path(env["XDG_CACHE_HOME"]) / "papers-tui" / "cache.sqlite3"
    argv = [*papers_tui_command(), "sync", "--since", "2025-03-03", "--until", "2025-04-11", "--quiet"]
    try:
        sync = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _cached_days(cache_db) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(sync.pid, signal.SIGKILL)
        sync.wait(timeout=10)
        done = _cached_days(cache_db)
        assert 5 <= done < 40
        assert _integrity(cache_db) == "ok"
        again = subprocess.run([*argv[:-1]], env=env, capture_output=True, text=True, timeout=120, check=False)
        assert again.returncode == 0, again.stderr
        assert f"{done} already complete" in again.stderr + again.stdout
        assert _cached_days(cache_db) == 40
    finally:
        fake.stop()
    tmux_session.run_papers_tui("--offline", "--date", "2025-03-05")
    screen = tmux_session.wait_for(lambda s: "20 papers" in s and "offline - cached" in s)
    assert "Traceback" not in screen
