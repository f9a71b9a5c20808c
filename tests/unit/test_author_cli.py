"""``papers-tui author --paper ID``: a paper's authors' profiles from the shell, no UI."""

from __future__ import annotations

import json

import pytest

from tests.fakes import scholar_routes
from tests.fakes.scholar_routes import ScholarState
from tests.fakes.server import FakeServer
from tui.cli import main
from tui.services.net.arxiv_api import main_category, short_category
from tui.services.reader.sample import load_sample


@pytest.fixture
def state(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> ScholarState:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_ENDPOINT", fake_server.url + "/arxiv")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_INTERVAL", "0")
    return scholar_routes.install(fake_server)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_then_json_then_offline_from_the_cache(
    fake_server: FakeServer, state: ScholarState, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = fake_server.hub.days["2025-03-05"][0]["paper"]
    byline = [state.authors[aid] for aid in state.papers[f"arXiv:{paper['id']}"]]

    code, out, _ = _run(capsys, "author", "--paper", paper["id"])
    assert code == 0
    assert paper["title"] in out
    for author in byline:
        assert author["name"] in out
        assert (
            f"h-index {author['hIndex']} · {author['paperCount']:,} papers · {author['citationCount']:,} citations"
            in out
        )
    for author in byline:
        terms = scholar_routes.primary_categories(state, author["authorId"])
        assert f"main category {short_category(main_category(terms) or '')}" in out

    code, out, _ = _run(capsys, "author", "--paper", paper["id"], "--json")
    assert code == 0
    document = json.loads(out)
    assert document["paper"] == paper["id"]
    assert [(a["name"], a["h_index"], a["citation_count"]) for a in document["authors"]] == [
        (a["name"], a["hIndex"], a["citationCount"]) for a in byline
    ]
    assert all(paper["title"] in a["top_papers"] for a in document["authors"])

    fake_server.stop()
    code, out, _ = _run(capsys, "author", "--paper", paper["id"], "--offline", "--json")
    assert code == 0
    assert [a["h_index"] for a in json.loads(out)["authors"]] == [a["hIndex"] for a in byline]


def test_offline_uncached_and_bad_ids_fail_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "author", "--paper", "2503.00507", "--offline")
    assert code == 1 and out == ""
    assert "offline" in err and "Traceback" not in err
    code, _, err = _run(capsys, "author", "--paper", "not an id")
    assert code == 2 and "not an arXiv id" in err


def test_sample_paper_offline_prints_the_bundled_profile(capsys: pytest.CaptureFixture[str]) -> None:
    papers, profiles = load_sample()
    kaiwen = profiles[0]
    sample_paper = next(p for p in papers if kaiwen.name in p.author_names)
    code, out, _ = _run(capsys, "author", "--paper", sample_paper.id, "--offline")
    assert code == 0
    assert "Kaiwen Hu" in out and "main category LG · h-index 14 · 6 papers · 85 citations" in out
    assert "offline: not cached" in out  # the coauthors


def test_rate_limit_is_reported_and_waited_out(
    fake_server: FakeServer, state: ScholarState, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = fake_server.hub.days["2025-03-05"][0]["paper"]
    state.rate_limit("/s2/paper", retry_after="0.2")
    code, out, err = _run(capsys, "author", "--paper", paper["id"])
    assert code == 0
    assert "rate limited, retrying in" in err
    assert state.authors[state.papers[f"arXiv:{paper['id']}"][0]]["name"] in out
