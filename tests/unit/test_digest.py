"""``papers-tui watch`` and ``papers-tui digest`` as a script or cron job meets them: output and exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.fakes import scholar_routes
from tests.fakes.server import FakeServer
from tui.cli import main
from tui.models import Author, Paper
from tui.services.session import open_session
from tui.services.watch.digest import EXIT_FAILED, EXIT_MATCHES, EXIT_NOTHING


def _cache(*papers: Paper) -> None:
    session = open_session(offline=True)
    try:
        session.store.upsert_papers(papers)
    finally:
        session.close_local()


def _paper(pid: str, title: str, day: str = "2026-05-01", **extra: object) -> Paper:
    return Paper(id=pid, title=title, summary="An abstract.", authors=(Author("Ada Lovelace"), Author("Alan Turing")),
                 submitted_at=datetime.fromisoformat(day + "T04:00:00+00:00").astimezone(UTC), **extra)  # type: ignore[arg-type]


def test_no_watch_list_is_a_failure_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--offline"]) == EXIT_FAILED
    assert "papers-tui watch add" in capsys.readouterr().err
    assert main(["digest", "--offline", "--since", "yesterday"]) == EXIT_FAILED
    assert "--since takes 'last' or a day" in capsys.readouterr().err


def test_new_matches_exit_0_then_1_once_marked_seen(capsys: pytest.CaptureFixture[str]) -> None:
    _cache(_paper("2501.00001", "Old Diffusion Paper", day="2025-01-02"))
    assert main(["watch", "add", "topic", "diffusion", "--offline"]) == 0
    assert capsys.readouterr().out == "now watching topic: diffusion\n"
    # What matched when the topic was followed is not news.
    assert main(["digest", "--offline"]) == EXIT_NOTHING
    captured = capsys.readouterr()
    assert captured.out == "" and "nothing new for you" in captured.err

    _cache(_paper("2605.00001", "Video Diffusion Transformers", github_repo="https://github.com/a/b"))
    assert main(["digest", "--offline", "--quiet"]) == EXIT_MATCHES
    assert capsys.readouterr() == ("", "")  # --quiet: only the exit status tells
    assert main(["digest", "--offline"]) == EXIT_MATCHES  # not marked seen: still new
    text = capsys.readouterr().out
    assert text.startswith("papers-tui: 1 new paper for you\n")
    assert "Video Diffusion Transformers\n  Ada Lovelace, Alan Turing · 2026-05-01\n  why: topic: diffusion\n" in text
    assert "https://arxiv.org/abs/2605.00001" in text
    assert "Old Diffusion Paper" not in text

    assert main(["digest", "--offline", "--mark-seen", "--format", "json"]) == EXIT_MATCHES
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == "2605.00001" and record["why"] == ["topic: diffusion"]
    assert record["code_url"] == "https://github.com/a/b"
    assert main(["digest", "--offline"]) == EXIT_NOTHING
    # A day instead of "last": every match dated on or after it, seen or not.
    assert main(["digest", "--offline", "--since", "2025-01-01", "--format", "json"]) == EXIT_MATCHES
    ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert ids == ["2605.00001", "2501.00001"]


def test_markdown_never_lets_a_title_make_links_or_html(capsys: pytest.CaptureFixture[str]) -> None:
    main(["watch", "add", "keyword", "diffusion", "--offline"])
    _cache(_paper("2605.00002", "Diffusion [click](http://evil.example) <img src=x> *bold* \x1b[31mred"))
    assert main(["digest", "--offline", "--format", "markdown"]) == EXIT_MATCHES
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "\\[click\\]\\(http://evil\\.example\\)" in out
    assert "\\<img src=x\\>" in out and "\\*bold\\*" in out
    assert "(https://arxiv.org/abs/2605.00002)" in out


def test_watch_list_add_remove_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "list", "--offline"]) == 0
    assert "nothing watched yet" in capsys.readouterr().err
    assert main(["watch", "add", "author", "Kaiwen", "Hu", "--offline"]) == 1
    assert "not a Semantic Scholar author id" in capsys.readouterr().err
    assert main(["watch", "add", "org", "Google", "DeepMind", "--offline"]) == 0
    assert main(["watch", "add", "author", "2261391", "--offline"]) == 0
    capsys.readouterr()
    assert main(["watch", "list", "--offline"]) == 0
    lines = [line.split(None, 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert lines == ["author   2261391", "org      Google DeepMind"]
    assert main(["watch", "remove", "org", "google", "deepmind", "--offline"]) == 0
    assert main(["watch", "remove", "org", "google", "deepmind", "--offline"]) == 1
    assert "not watching org" in capsys.readouterr().err


def test_online_digest_refreshes_followed_authors_from_semantic_scholar(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    state = scholar_routes.install(fake_server)
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    assert main(["watch", "add", "author", scholar_routes.KAIWEN_HU_ID]) == 0
    assert capsys.readouterr().out == "now watching author: Kaiwen Hu\n"  # the name, looked up by id

    assert main(["digest", "--since", "2024-06-01", "--format", "json"]) == EXIT_MATCHES
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["day"]) for r in records] == [
        ("2604.14265", "2026-04-15"), ("2503.00507", "2025-03-01"), ("2411.06508", "2024-11-10")
    ]
    assert {tuple(r["why"]) for r in records} == {("author: Kaiwen Hu",)}
    asked = len(state.requests_to(f"/s2/author/{scholar_routes.KAIWEN_HU_ID}/papers"))
    # Checked at most once a day: a second digest the same day asks Semantic Scholar nothing.
    assert main(["digest", "--since", "2024-06-01", "--quiet"]) == EXIT_MATCHES
    assert len(state.requests_to(f"/s2/author/{scholar_routes.KAIWEN_HU_ID}/papers")) == asked == 1


def test_an_unreachable_network_is_a_warning_and_the_cache_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", "http://127.0.0.1:9/s2")
    main(["watch", "add", "topic", "diffusion", "--offline"])
    _cache(_paper("2605.00003", "Diffusion Again"))
    assert main(["digest"]) == EXIT_MATCHES
    captured = capsys.readouterr()
    assert "Diffusion Again" in captured.out
    assert "refresh: latest listing:" in captured.err and "Traceback" not in captured.err


def test_feed_for_you_prints_the_matches_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "--for-you", "--offline"]) == 0
    assert "nothing watched yet" in capsys.readouterr().err
    _cache(_paper("2501.00001", "Old Diffusion Paper", day="2025-01-02"),
           _paper("2502.00001", "Newer Diffusion Paper", day="2025-02-02"))
    main(["watch", "add", "topic", "diffusion", "--offline"])
    capsys.readouterr()
    assert main(["feed", "--for-you", "--offline", "--json"]) == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == ["2502.00001", "2501.00001"]
