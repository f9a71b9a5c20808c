"""``--offline`` and the view selectors work wherever they stand on the command line.

Each command runs against the loopback fake; with ``--offline`` (before or after the
subcommand) the fake must receive no request at all.
"""

from __future__ import annotations

import json

import pytest

from tests.fakes import scholar_routes
from tests.fakes.server import FakeServer
from tui.cli import main

DAY = "2025-03-05"


@pytest.fixture
def online(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_ENDPOINT", fake_server.url + "/arxiv")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_INTERVAL", "0")
    scholar_routes.install(fake_server)
    return fake_server


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _paper_id(server: FakeServer) -> str:
    return str(server.hub.days[DAY][0]["paper"]["id"])


def test_a_view_flag_before_the_subcommand_selects_the_view(
    online: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--date", "2025-03-07", "feed", "--json")
    assert code == 0
    expected = [item["paper"]["id"] for item in online.hub.days["2025-03-07"]]
    assert [json.loads(line)["id"] for line in out.splitlines()] == expected
    assert [r.query.get("date") for r in online.requests_to("/api/daily_papers")] == ["2025-03-07"]


@pytest.mark.parametrize(
    "argv",
    [
        ("--offline", "feed", "--date", DAY, "--json"),
        ("--offline", "--date", DAY, "feed", "--json"),
        ("--date", DAY, "feed", "--offline", "--json"),
        ("--offline", "cite", "{id}"),
        ("--offline", "author", "--paper", "{id}"),
        ("--offline", "open", "{id}", "--paper", "--print"),
        ("--offline", "bookmarks", "list"),
        ("--offline", "--library", "feed"),
        ("--offline", "--search", "{word}", "feed"),
    ],
)
def test_offline_anywhere_sends_no_request(
    online: FakeServer, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    paper_id = _paper_id(online)
    # Fill the cache online first: the day, the paper, its authors.
    assert _run(capsys, "feed", "--date", DAY)[0] == 0
    assert _run(capsys, "author", "--paper", paper_id)[0] == 0
    online.requests.clear()

    word = str(online.hub.days[DAY][0]["paper"]["title"]).split()[0]
    code, out, err = _run(capsys, *(a.format(id=paper_id, word=word) for a in argv))

    assert online.requests == [], f"{argv} opened a connection: {[r.path for r in online.requests]}"
    assert code == 0, err
    assert "Traceback" not in err
    if "cite" in argv:
        assert "@" in out and paper_id in out
    if "open" in argv:
        assert out.strip() == f"https://arxiv.org/abs/{paper_id}"
    if "author" in argv:
        assert "h-index" in out
    if "--date" in argv:
        assert [json.loads(line)["id"] for line in out.splitlines()] == [
            item["paper"]["id"] for item in online.hub.days[DAY]
        ]


def test_offline_before_an_uncached_lookup_fails_without_a_request(
    online: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "--offline", "cite", _paper_id(online))
    assert online.requests == []
    assert code == 1 and out == "" and "offline" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--date", DAY, "feed", "--week", "2025-W10"), "choose one view: --date and --week"),
        (("--trending", "cite", "2503.00001"), "--trending selects a view for the reader or `feed`"),
        (("--offline", "sync", "--days", "2"), "cannot run with --offline"),
    ],
)
def test_contradictory_flags_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
