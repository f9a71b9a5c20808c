"""``papers-tui read``, ``refs``, ``sync --full-text`` and ``cache stats`` against the loopback fake."""

from __future__ import annotations

import json

import pytest

from tests.fakes import fulltext_routes
from tests.fakes.fulltext_routes import NO_HTML_ID, NOT_IN_S2, FullTextState
from tests.fakes.server import FakeServer
from tui.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def routes(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FullTextState:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_ARXIV_HTML_ENDPOINT", fake_server.url + "/arxiv-html")
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    return fulltext_routes.install(fake_server)


def _paper_id(server: FakeServer, index: int = 0) -> str:
    return str(server.hub.all_items()[index]["paper"]["id"])


def test_read_prints_markdown_then_reads_it_offline(routes: FullTextState, fake_server: FakeServer,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    paper_id = _paper_id(fake_server)
    code, out, err = _run(capsys, "read", f"https://arxiv.org/abs/{paper_id}v2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("# ") and "## 1 Introduction" in lines and "### 1.1 Contributions" in lines
    assert "E=mc²    (1)" in out
    assert "](#bib.bib1)" in out and '<a id="bib.bib1"></a>\\[1\\]' in out
    fake_server.stop()
    code, again, err = _run(capsys, "read", paper_id, "--offline")
    assert code == 0 and again == out


def test_read_without_html_explains_on_stderr(routes: FullTextState, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "read", NO_HTML_ID)
    assert code == 0
    assert "arXiv has no HTML for this paper; Hugging Face has no Markdown" in err
    assert f"https://arxiv.org/pdf/{NO_HTML_ID}" in out and "Traceback" not in err


def test_read_bad_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "read", "not-an-id")
    assert code == 2 and out == "" and "not an arXiv id" in err


def test_refs_text_json_citations_similar_and_offline(routes: FullTextState, fake_server: FakeServer,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    paper_id = _paper_id(fake_server)
    code, out, err = _run(capsys, "refs", paper_id)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("* 2025  ") and f"arXiv:{_paper_id(fake_server, 1)}" in lines[0]
    assert any("Does Gender Matter" in line and "no link" in line for line in lines)
    assert f"References {paper_id}: 71 papers" in err
    code, out, _ = _run(capsys, "refs", paper_id, "--citations", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["date"] >= rows[1]["date"] and any(r["influential"] for r in rows)
    code, out, _ = _run(capsys, "refs", paper_id, "--similar")
    assert code == 0 and len(out.splitlines()) == 103
    fake_server.stop()
    code, offline, err = _run(capsys, "refs", paper_id, "--offline")
    assert code == 0 and offline.splitlines() == lines


def test_refs_not_indexed_and_offline_uncached(routes: FullTextState, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "refs", NOT_IN_S2)
    assert code == 1 and out == "" and f"has not indexed arXiv:{NOT_IN_S2}" in err
    code, out, err = _run(capsys, "refs", "2501.00042", "--offline")
    assert code == 1 and "not cached" in err and "Traceback" not in err


def test_sync_full_text_budget_resume_and_cache_stats(routes: FullTextState, fake_server: FakeServer,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    args = ("sync", "--since", "2025-03-03", "--until", "2025-03-04", "--full-text", "--pace", "0")
    code, out, err = _run(capsys, *args, "--max-mb", "0.02")
    assert "full text stopped: disk budget of 0.02 MB reached" in err
    first = int(out.split("full text: ")[1].split(" fetched")[0])
    assert 0 < first < 24
    code, out, err = _run(capsys, *args)
    assert code == 0, err
    assert f"{24 - first} fetched, {first} already cached" in out
    assert len(routes.requests_to("/arxiv-html/")) == 24
    code, out, _ = _run(capsys, "cache", "stats")
    assert "full texts  24 papers" in out and "compressed" in out


def test_cache_clear_empties_the_full_text_file_but_keeps_reading_positions(
        routes: FullTextState, fake_server: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.config import Paths
    from tui.services.storage.fulltext_cache import FullTextCache

    paper_id = _paper_id(fake_server)
    assert _run(capsys, "read", paper_id)[0] == 0
    assert _run(capsys, "refs", paper_id)[0] == 0
    cache_dir = Paths.from_env().cache_dir
    texts = FullTextCache.in_cache_dir(cache_dir)
    texts.save_position(paper_id, 7)
    texts.close()
    code, out, _ = _run(capsys, "cache", "stats")
    assert code == 0 and "full texts  1 papers" in out and "1 citation lists" in out and "on disk" in out

    code, out, err = _run(capsys, "cache", "clear")
    assert code == 0, err
    assert "cleared the full texts: 1 papers and 1 citation lists removed" in out and "reading positions kept" in out
    code, out, _ = _run(capsys, "cache", "stats")
    assert "full texts  0 papers" in out and "0 citation lists" in out
    texts = FullTextCache.in_cache_dir(cache_dir)
    try:
        assert texts.document(paper_id) is None and texts.position(paper_id) == 7
    finally:
        texts.close()
    code, out, err = _run(capsys, "read", paper_id, "--offline")
    assert code == 0 and "offline and the full text is not cached" in err  # gone: the abstract page instead
    assert "## 1 Introduction" not in out
    code, out, _ = _run(capsys, "cache", "vacuum")
    assert code == 0 and "vacuumed" in out and "fulltext.sqlite3" in out


def test_cache_help_says_what_clear_keeps(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["cache", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "full text" in text and "where you left off in each paper" in text and "bookmarks" in text
