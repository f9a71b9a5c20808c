"""Caps and deadlines, measured on the real ``papers-tui`` process.

Peak memory is the child's ``ru_maxrss`` (read by a small wrapper process, so
nothing else is counted). Deadlines use small configured bounds
(``PAPERS_TUI_REQUEST_DEADLINE``): the server trickles forever, the command's
own deadline ends it; no sleep in the test decides anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakes.hostile import HostileServer

PAPERS_TUI = str(Path(sys.executable).with_name("papers-tui"))
PEAK_LIMIT_MB = 300
_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=600)
print(json.dumps({"code": done.returncode, "lines": done.stdout.count("\\n"), "err": done.stderr,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure(server: HostileServer, *argv: str, **env: str) -> dict[str, object]:
    environ = {**os.environ, **server.environment(), **env}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _WRAPPER, PAPERS_TUI, *argv], capture_output=True, text=True,
                          env=environ, timeout=900, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    result["seconds"] = time.monotonic() - started
    print(f"{' '.join(argv)}: peak {result['peak_mb']:.0f} MB, {result['seconds']:.1f} s, exit {result['code']}")
    return result


@pytest.mark.parametrize("mode", ["huge", "endless"])
def test_feed_against_a_million_papers_stays_small_and_says_why(mode: str) -> None:
    with HostileServer(mode, papers=1_000_000) as server:
        result = measure(server, "feed", "--date", "2025-03-05")
    assert float(result["peak_mb"]) < PEAK_LIMIT_MB  # type: ignore[arg-type]
    if mode == "huge":
        assert result["code"] == 1 and "sent more than 8 MB" in str(result["err"])
    else:
        assert result["code"] == 0 and result["lines"] == 5_000  # the listing cap, then it stops asking


def test_author_against_a_million_authors_and_papers_stays_small_and_says_why() -> None:
    with HostileServer("huge", papers=1_000_000) as server:
        result = measure(server, "author", "--paper", "2503.00001")
    assert float(result["peak_mb"]) < PEAK_LIMIT_MB  # type: ignore[arg-type]
    err = str(result["err"])
    assert "sent more than 8 MB" in err and "Traceback" not in err


@pytest.mark.parametrize("mode", ["slow-body", "slow-headers"])
def test_slow_loris_ends_feed_within_the_request_deadline(mode: str) -> None:
    with HostileServer(mode, interval=0.05) as server:
        result = measure(server, "feed", "--date", "2025-03-05", PAPERS_TUI_REQUEST_DEADLINE="1")
    assert result["code"] == 1
    assert "did not finish answering within 1.0 s for date 2025-03-05; gave up" in str(result["err"])


def test_slow_loris_ends_sync_within_the_phase_deadline() -> None:
    with HostileServer("slow-body", interval=0.05) as server:
        result = measure(server, "sync", "--since", "2025-03-05", "--until", "2025-03-06", "--quiet",
                         PAPERS_TUI_REQUEST_DEADLINE="30", PAPERS_TUI_PHASE_DEADLINE="1")
    err = str(result["err"])
    assert "did not finish answering within 1.0 s for date 2025-03-0" in err, err
    assert "Traceback" not in err
