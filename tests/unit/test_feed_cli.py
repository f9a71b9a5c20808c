"""``papers-tui feed``: the same listing as the UI, as text or JSON lines, no UI started."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.fakes.server import FakeServer
from tui.cli import main
from tui.services.reader.sample import load_sample


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_feed_json_lines_then_offline_from_cache(
    fake_server: FakeServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    code, out, _ = _run(capsys, "feed", "--date", "2025-03-05", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    expected = [item["paper"]["id"] for item in fake_server.hub.days["2025-03-05"]]
    assert [r["id"] for r in rows] == expected
    fake_server.stop()
    code, out, _ = _run(capsys, "feed", "--date", "2025-03-05", "--json", "--offline")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == expected


def test_latest_offline_with_empty_cache_prints_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "feed", "--offline")
    assert code == 0
    assert "bundled sample" in err
    assert load_sample()[0][0].title in out  # the newest real Hugging Face listing comes first


def test_uncached_day_offline_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "feed", "--offline", "--date", "2025-03-05")
    assert code == 1 and out == ""
    assert "offline" in err and "not cached" in err


def test_bad_date_is_rejected_before_any_request(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["feed", "--date", "2025-13-40"])
    assert "not a valid day" in str(exit_info.value)


def test_unreachable_server_is_explained(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # discard port: connection refused
    code, _, err = _run(capsys, "feed", "--date", "2025-03-05")
    assert code == 1 and "cannot reach Hugging Face" in err
    assert "Traceback" not in err


def test_python_dash_m_tui_works() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("papers-tui ")
