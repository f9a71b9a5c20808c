"""The bundled offline sample built from the seed pages."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

import tui
from tools import build_sample as sample
from tools.build_sample import build_sample, parse_feed_page, parse_profile_page
from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import Paper
from tui.services.reader.sample import load_sample, local_paper_id

SEEDS = Path("/work/shared/seeds")
HUB = Path("/work/shared/real-payloads/hf")
BUNDLED = Path(tui.__file__).resolve().parent / "data" / "sample.json"
needs_seeds = pytest.mark.skipif(not (SEEDS.is_dir() and HUB.is_dir()), reason="seed pages not on this machine")

FEED_PAGE = """new

Get trending papers in your email inbox!

Subscribe

byAK and the research community

Mar 12

First Paper: A Study

An abstract. Code is at https://github.com/someone/first.

Second Paper

Another abstract.
"""

SEARCH_PAGE = """new

Daily Papers

byAK and the research community

Nov 13

Alpha Title

Alpha abstract.

  • 3 authors
·
Apr 7

Beta Title

Beta abstract.

  • 6 authors
·
Nov 6, 2024 12
"""


def _seed_titles() -> set[str]:
    """Every title line in the feed seeds: a line followed by a blank line and a long paragraph."""
    titles: set[str] = set()
    for path in sorted(SEEDS.glob("00[1-4]_*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i in range(len(lines) - 2):
            if lines[i].strip() and not lines[i + 1].strip() and len(lines[i + 2]) > 300:
                titles.add(lines[i].strip())
    return titles


@pytest.fixture(scope="module")
def built() -> dict:
    if not SEEDS.is_dir():
        pytest.skip("seed pages not on this machine")
    return build_sample(SEEDS)


def test_feed_page_parses_titles_abstracts_and_header_date() -> None:
    papers = parse_feed_page(FEED_PAGE)
    assert [p.title for p in papers] == ["First Paper: A Study", "Second Paper"]
    assert papers[0].summary.startswith("An abstract.")
    assert papers[0].code_url == "https://github.com/someone/first"
    assert papers[0].github_repo is None  # the link stays in the summary
    assert all(p.submitted_at == datetime(sample.PAGE_YEAR, 3, 12, tzinfo=UTC) for p in papers)
    assert all(p.published_at is None and p.authors == () for p in papers)
    assert papers[1].id == local_paper_id("Second Paper")
    assert not papers[1].has_arxiv_id


def test_search_page_meta_gives_published_date_and_upvotes() -> None:
    alpha, beta = parse_feed_page(SEARCH_PAGE)
    assert (alpha.title, alpha.summary) == ("Alpha Title", "Alpha abstract.")
    assert alpha.published_at == datetime(sample.PAGE_YEAR, 4, 7, tzinfo=UTC)
    assert alpha.upvotes == 0
    assert beta.published_at == datetime(2024, 11, 6, tzinfo=UTC)
    assert beta.upvotes == 12
    # The search page's header date is not a listing day.
    assert alpha.submitted_at is None and beta.submitted_at is None


def test_local_id_is_sha1_of_title() -> None:
    import hashlib

    title = "Momentum Auxiliary Network for Supervised Local Learning"
    assert local_paper_id(title) == "local-" + hashlib.sha1(title.encode()).hexdigest()[:10]


@needs_seeds
def test_built_sample_has_real_unique_local_papers(built: dict) -> None:
    papers = [Paper.from_dict(item) for item in built["papers"] if item["id"].startswith("local-")]
    assert len(papers) >= 40
    assert built["built_from"] == "shared/seeds"
    ids = [p.id for p in papers]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"local-[0-9a-f]{10}", i) for i in ids)
    titles = [p.title for p in papers]
    assert len({t.casefold() for t in titles}) == len(titles)
    seed_titles = _seed_titles()
    profile_titles = {p.title for p in parse_profile_page((SEEDS / _profile_file()).read_text()).papers}
    assert set(titles) <= seed_titles | profile_titles
    # Every feed page contributes, not just the first ones.
    for path in sorted(SEEDS.glob("00[1-4]_*.txt")):
        text = path.read_text(encoding="utf-8")
        assert any(f"\n{t}\n" in text for t in titles), path.name
    assert all(p.summary for p in papers)
    assert "Momentum Auxiliary Network for Supervised Local Learning" in titles


def _profile_file() -> str:
    return next(p.name for p in SEEDS.glob("*.txt") if sample.is_profile_page(p.read_text()))


@needs_seeds
def test_duplicates_merge_dates_from_every_sighting(built: dict) -> None:
    by_title = {item["title"]: Paper.from_dict(item) for item in built["papers"]}
    # Listed on the search page (003, with its arXiv date) and the Mar 13 daily page (004).
    paper = by_title["Wide and Deep Neural Networks Achieve Optimality for Classification"]
    assert paper.published_at == datetime(2022, 4, 29, tzinfo=UTC)
    assert paper.submitted_at == datetime(sample.PAGE_YEAR, 3, 13, tzinfo=UTC)
    polycom = by_title["Polynomial Composition Activations: Unleashing the Dynamics of Large Language Models"]
    assert polycom.upvotes == 1
    assert polycom.code_url == "https://github.com/BryceZhuo/PolyCom"


@needs_seeds
def test_kaiwen_hu_profile(built: dict) -> None:
    (data,) = built["author_profiles"]
    profile = AuthorProfile.from_dict(data)
    assert (profile.name, profile.main_category) == ("Kaiwen Hu", "LG")
    assert (profile.h_index, profile.paper_count, profile.citation_count) == (14, 6, 85)
    assert profile.source == "sample" and profile.author_id is None
    assert len(profile.papers) == 6
    assert {p.category for p in profile.papers} == {"CV", "HEP-LAT", "LG", "STR-EL"}
    flags = {p.title: p.has_code for p in profile.papers}
    assert flags == {
        "Model Doctor for Diagnosing and Treating Segmentation Error": True,
        "Simulating 2+1D Lattice Quantum Electrodynamics at Finite Density"
        " with Neural Flow Wavefunctions": False,
        "Understanding the Role of Equivariance in Self-supervised Learning": True,
        "Projection Head is Secretly an Information Bottleneck": True,
        "Reinforcement Learning via Value Gradient Flow": False,
        "Gauge Invariant and Anyonic Symmetric Transformer and RNN Quantum States"
        " for Quantum Lattice Models": False,
    }
    first = profile.papers[0]
    assert (first.date, first.year) == ("2023-02-17", 2023)
    assert first.authors == ("Zhijie Jia", "Lin Chen", "Kaiwen Hu")
    assert first.abstract and first.abstract.startswith("Despite the remarkable progress")
    vgf = profile.papers[4]
    assert vgf.date == f"{sample.PAGE_YEAR}-04-15"  # "Apr 15": no year printed
    assert all("Kaiwen Hu" in p.authors and len(p.authors) == 3 for p in profile.papers)


@needs_seeds
def test_profile_papers_are_sample_papers_with_authors(built: dict) -> None:
    by_title = {item["title"]: Paper.from_dict(item) for item in built["papers"]}
    profile = AuthorProfile.from_dict(built["author_profiles"][0])
    for item in profile.papers:
        paper = by_title[item.title]
        assert tuple(paper.author_names) == item.authors
        assert paper.day is not None and paper.day.isoformat() == item.date
        assert paper.id == local_paper_id(item.title)
    # Feed papers have no author names.
    assert not by_title["Momentum Auxiliary Network for Supervised Local Learning"].authors


def test_profile_round_trip() -> None:
    profile = AuthorProfile(
        name="Ada",
        author_id="123",
        affiliations=("Somewhere",),
        h_index=3,
        papers=[
            AuthorPaper("T", year=2024, date="2024-01-02", category="LG", has_code=True, authors=("Ada", "B"))
        ],
        fetched_at=datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
        source="cache",
    )
    data = json.loads(json.dumps(profile.to_dict()))
    assert AuthorProfile.from_dict(data) == profile


@needs_seeds
def test_bundled_sample_matches_fresh_build() -> None:
    bundled = json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert bundled == json.loads(json.dumps(build_sample(SEEDS, HUB)))
    assert BUNDLED.stat().st_size < 500 * 1024


@needs_seeds
def test_the_bundled_sample_starts_with_the_real_hub_listings_newest_first() -> None:
    raw = {path.name: json.loads(path.read_text()) for path in HUB.glob("daily_*.json")}
    newest = raw["daily_latest_limit25_2026-07-14_aiweeklyradar.json"]
    older = raw["daily_2026-06-12_sotawhat.json"]
    expected = [item["paper"]["id"] for item in newest + older]
    papers, profiles = load_sample()
    assert [p.id for p in papers[: len(expected)]] == expected and len(expected) == 55
    assert all(p.has_arxiv_id for p in papers[:55]) and all(not p.has_arxiv_id for p in papers[55:])
    first = papers[0]
    real = newest[0]["paper"]
    visible = [a["name"] for a in real["authors"] if not a.get("hidden")]
    assert first.title == real["title"] and first.author_names == visible
    assert first.code_url == real["githubRepo"] and first.github_stars == real["githubStars"]
    # One author is hidden on Hugging Face: not shown in the sample either.
    by_id = {p.id: p for p in papers}
    hidden = [(item["paper"]["id"], a["name"]) for item in newest + older
              for a in item["paper"]["authors"] if a.get("hidden")]
    assert hidden and all(name not in by_id[pid].author_names for pid, name in hidden)
    assert [p.name for p in profiles] == ["Kaiwen Hu"]


def test_cli_writes_the_same_sample(tmp_path: Path) -> None:
    if not (SEEDS.is_dir() and HUB.is_dir()):
        pytest.skip("seed pages not on this machine")
    out = tmp_path / "data" / "sample.json"
    assert sample.main(["--seeds", str(SEEDS), "--hub", str(HUB), "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(build_sample(SEEDS, HUB)))


def test_load_sample_returns_models() -> None:
    papers, profiles = load_sample()
    raw = json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert [p.to_dict() for p in papers] == raw["papers"]
    assert all(isinstance(p, Paper) for p in papers)
    assert [p.name for p in profiles] == ["Kaiwen Hu"]
    assert len(profiles[0].papers) == 6
    assert any(p.code_url for p in papers)
    # Fresh objects each call: callers may mutate them.
    again, _ = load_sample()
    assert again[0] is not papers[0]
