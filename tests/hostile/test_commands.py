"""Every headless command against the hostile server: no ESC, C1, bidi or invisible byte gets out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fakes.hostile import HostileServer
from tests.hostile.conftest import assert_clean
from tui.cli import main

PAPER = "2503.00001"
COMMANDS: list[list[str]] = [
    ["feed", "--date", "2025-03-05"],
    ["feed", "--date", "2025-03-05", "--json"],
    ["feed", "--search", "hostile"],
    ["feed", "--trending"],
    ["open", PAPER, "--print"],
    ["open", PAPER, "--project", "--print"],
    ["open", PAPER, "--paper", "--print"],
    ["open", PAPER, "--pdf", "--print"],
    *[["cite", PAPER, "--format", f] for f in ("bibtex", "biblatex", "apa", "markdown", "plain", "key")],
    ["bookmarks", "add", PAPER],
    ["bookmarks", "list"],
    *[["bookmarks", "export", "--format", f] for f in ("bibtex", "biblatex", "markdown", "json")],
    ["author", "--paper", PAPER],
    ["author", "--paper", PAPER, "--json"],
    ["author", "--paper", PAPER, "--offline"],
    ["sync", "--since", "2025-03-05", "--until", "2025-03-05"],
    ["feed", "--date", "2025-03-05", "--offline"],
    ["cache", "stats"],
    ["keys"],
]


def _run_all(server: HostileServer, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> list[tuple[list[str], int, str, str]]:
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    results = []
    for argv in COMMANDS:
        code = main(list(argv))
        out, err = capsys.readouterr()
        results.append((argv, code, out, err))
    return results


@pytest.mark.parametrize("mode", ["escapes", "markup", "error-bodies", "nested", "surrogates", "hostile-urls",
                                  "redirect-js", "wrong-paper"])
def test_no_command_prints_a_control_character(
    mode: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with HostileServer(mode) as server:
        results = _run_all(server, monkeypatch, capsys)
    for argv, code, out, err in results:
        assert_clean(out, f"{' '.join(argv)} stdout")
        assert_clean(err, f"{' '.join(argv)} stderr")
        assert "Traceback" not in err, (argv, err)
        assert code in (0, 1, 2), (argv, code)
        if argv[0] == "open" and code == 0:
            assert len(out.splitlines()) == 1, (argv, out)  # exactly one line per URL


def test_escapes_mode_still_delivers_the_papers(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with HostileServer("escapes") as server:
        results = {" ".join(argv): (code, out, err) for argv, code, out, err in _run_all(server, monkeypatch, capsys)}
    code, out, _ = results["feed --date 2025-03-05 --json"]
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 5 and all("Hostile paper" in r["title"] for r in rows)
    code, out, _ = results["author --paper 2503.00001 --json"]
    assert code == 0
    document = json.loads(out)
    assert [a["name"].count("Scholar") for a in document["authors"]] == [1, 1, 1]
    # The cache never held the raw text: the offline replay is just as clean (asserted above) and complete.
    code, out, _ = results["author --paper 2503.00001 --offline"]
    assert code == 0 and out.count("Scholar 10") == 3


def test_error_bodies_reach_stderr_clean(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with HostileServer("error-bodies") as server:
        results = {" ".join(argv): (code, out, err) for argv, code, out, err in _run_all(server, monkeypatch, capsys)}
    code, _, err = results["feed --date 2025-03-05"]
    assert code != 0 and "server says no" in err


def test_surrogate_day_is_saved_and_shown(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with HostileServer("surrogates") as server:
        results = {" ".join(argv): (code, out, err) for argv, code, out, err in _run_all(server, monkeypatch, capsys)}
    code, out, _ = results["feed --date 2025-03-05 --offline"]
    assert code == 0 and all(f"Hostile paper {k}" in out for k in range(1, 6))
    code, out, err = results["sync --since 2025-03-05 --until 2025-03-05"]
    assert code == 0, err


def test_a_hostile_config_file_is_reported_in_ascii(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '"\\u001b]52;c;QQ==\\u0007[b]x" = 1\ntheme = "\\u001b[31m"\n[keymap]\n'
        '"[link=https://evil.example]x" = "q"\nquit = "\\u001b[2J"\nsearch = "ctrl+q"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PAPERS_TUI_CONFIG", str(config))
    assert main(["keys"]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, "keys stdout")
    assert_clean(err, "keys stderr")
    assert "search cannot take ctrl+q" in err and "not a key name" in err
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.startswith("  ")}
    assert rows["quit"] == "q" and rows["search"] == "/"


def test_malformed_tokens_are_reported_without_being_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "hf_s3cr3t\u00e9 \x1b]52;c;QQ==\x07tail"
    with HostileServer("escapes") as server:
        for name, value in server.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("HF_TOKEN", secret)
        monkeypatch.setenv("S2_API_KEY", "key with spaces")
        code = main(["feed", "--date", "2025-03-05"])
        out, err = capsys.readouterr()
        sent = [h.get("authorization") for _, h in server.requests]
    assert code == 0
    assert "$HF_TOKEN is malformed" in err and "s3cr3t" not in err + out and "tail" not in err
    assert "$S2_API_KEY is malformed" in err and "key with spaces" not in err
    assert sent and all(value is None for value in sent)


def test_raw_text_left_in_an_old_cache_is_cleaned_on_the_way_out(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.config import Paths
    from tui.models import Author, FeedKey, Paper
    from tui.services.storage.store import CacheStore

    paths = Paths.from_env()
    paths.cache_dir.mkdir(parents=True, exist_ok=True)
    store = CacheStore(paths.cache_db)
    raw = "Old \x1b]52;c;QQ==\x07title \u202e\x9b2J"
    store.save_listing(FeedKey("day", "2025-03-05"),
                       [Paper(id="2503.00001", title=raw, summary=raw, authors=(Author(raw),))])
    store.close()
    for argv in (["feed", "--date", "2025-03-05", "--offline"], ["feed", "--date", "2025-03-05", "--offline", "--json"]):
        assert main(argv) == 0
        out, err = capsys.readouterr()
        assert "Old" in out
        assert_clean(out, " ".join(argv))
        assert_clean(err, " ".join(argv))
