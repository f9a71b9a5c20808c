"""(5) Headless wall time (``cite``, ``feed --json``) and (6) ``sync`` from the loopback fake."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import BENCH_ROOT, REPO, app_command, env_for, median

SYNC_DAYS, SYNC_PER_DAY = 250, 40
SYNC_START = date(2024, 1, 1)


def wall(argv: list[str], env: dict[str, str], runs: int = 5) -> float:
    """Median wall seconds of a command (output discarded; it must exit 0)."""
    times = []
    subprocess.run(argv, env=env, capture_output=True, check=True)  # warm-up
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return median(times)


def headless_times(xdg: Path) -> dict[str, float]:
    env = env_for(xdg)
    conn = sqlite3.connect(xdg / "cache" / "papers-tui" / "cache.sqlite3")
    paper_id = conn.execute("SELECT id FROM papers ORDER BY day DESC LIMIT 1").fetchone()[0]
    conn.close()
    return {
        "cite": wall(app_command("cite", paper_id, "--offline"), env),
        "feed_json": wall(app_command("feed", "--json", "--offline"), env),
        "feed_search_json": wall(app_command("feed", "--search", "transformer", "--json", "--offline"), env),
        "bare_python": wall([sys.executable, "-c", "pass"], env),
    }


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process just ended
    return 0


def _sync_state(path: Path) -> int:
    """A fake Hub with SYNC_DAYS consecutive days of SYNC_PER_DAY papers each (weekends too)."""
    from tests.fakes.hub_routes import make_dataset

    source = make_dataset(SYNC_DAYS * 7 // 5 + 10, SYNC_PER_DAY, SYNC_START)
    items = source.all_items()[: SYNC_DAYS * SYNC_PER_DAY]
    days: dict[str, list[dict[str, object]]] = {}
    for index in range(SYNC_DAYS):
        day = (SYNC_START + timedelta(days=index)).isoformat()
        chunk = items[index * SYNC_PER_DAY : (index + 1) * SYNC_PER_DAY]
        for item in chunk:  # re-date each item onto its new listing day
            item["publishedAt"] = f"{day}T04:12:33.000Z"
            item["paper"]["submittedOnDailyAt"] = f"{day}T04:12:33.000Z"  # type: ignore[index]
        days[day] = chunk
    path.write_text(json.dumps({"days": days, "papers": {}}), encoding="utf-8")
    return len(items)


def sync_run() -> dict[str, float]:
    """Papers cached per second and peak memory of ``papers-tui sync`` over 250 x 40 papers."""
    root = BENCH_ROOT / "sync"
    shutil.rmtree(root, ignore_errors=True)
    for kind in ("cache", "data", "config"):
        (root / kind).mkdir(parents=True)
    state = root / "hub-state.json"
    papers = _sync_state(state)
    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.server", "--port", "0", "--state-file", str(state)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert fake.stdout is not None
        url = fake.stdout.readline().split(" ", 1)[1].strip()
        env = env_for(root, HF_ENDPOINT=url)
        last = SYNC_START + timedelta(days=SYNC_DAYS - 1)
        argv = app_command("sync", "--since", SYNC_START.isoformat(), "--until", last.isoformat())
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        peak_kb = 0
        # VmHWM is the program's own high-water mark (wait4's ru_maxrss would also count
        # the memory of this benchmark process, inherited through fork before exec).
        while proc.poll() is None:
            peak_kb = max(peak_kb, _vm_hwm_kb(proc.pid))
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        out = proc.stdout.read() if proc.stdout else ""
        assert proc.returncode == 0, out
        resumed = time.perf_counter()
        again = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
        resume_seconds = time.perf_counter() - resumed
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    return {
        "papers": papers, "seconds": seconds, "papers_per_s": papers / seconds,
        "peak_mb": peak_kb / 1024, "resume_seconds": resume_seconds,
        "summary": out.strip().replace("\n", " | "), "resume_summary": again.stdout.strip().splitlines()[0],
    }
