"""Author profiles on the SQLite cache, the offline fallback, and the service wiring."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fakes import scholar_routes
from tests.fakes.helpers import T0, Clock
from tests.fakes.scholar_routes import KAIWEN_HU_ID, ScholarState
from tests.fakes.server import FakeServer
from tui.author_models import AuthorPaper, AuthorProfile
from tui.config import load_settings
from tui.models import Author, Paper
from tui.services.author.cache import (
    ARXIV_INTERVAL_ENV,
    MemoArxivClient,
    StoreAuthorCache,
    build_author_service,
    cached_papers_by_name,
    close_author_service,
    hub_has_code,
    match_author,
    paper_from_author_paper,
)
from tui.services.author.profiles import AuthorService
from tui.services.errors import OfflineError
from tui.services.net.http import RetryPolicy
from tui.services.net.scholar import ScholarClient
from tui.services.reader.sample import load_sample, local_paper_id
from tui.services.session import Session, open_session
from tui.services.storage.store import CacheStore


def paper(arxiv_id: str, *names: str, day: str = "2025-03-05", summary: str = "") -> Paper:
    return Paper(
        id=arxiv_id,
        title=f"Paper {arxiv_id}",
        summary=summary,
        authors=tuple(Author(n) for n in names),
        published_at=datetime.fromisoformat(day).replace(tzinfo=UTC),
    )


@pytest.fixture
def store(tmp_path: Path) -> CacheStore:
    return CacheStore(tmp_path / "cache.sqlite3")


@pytest.fixture
def state(fake_server: FakeServer) -> ScholarState:
    return scholar_routes.install(fake_server)


@pytest.fixture
async def service(
    fake_server: FakeServer, state: ScholarState, store: CacheStore, fast_retry: RetryPolicy
) -> AsyncIterator[AuthorService]:
    scholar = ScholarClient(fake_server.url + "/s2", retry=fast_retry)
    arxiv = MemoArxivClient(fake_server.url + "/arxiv", min_interval=0, retry=fast_retry)
    clock = Clock()
    yield AuthorService(scholar, arxiv, cache=StoreAuthorCache(store, clock), clock=clock)
    await scholar.aclose()
    await arxiv.aclose()


# --------------------------------------------------------------------------- StoreAuthorCache


def test_round_trip_keeps_metrics_papers_and_stamps(store: CacheStore) -> None:
    clock = Clock()
    cache = StoreAuthorCache(store, clock)
    assert cache.get_profiles("2503.00507") is None
    assert cache.get_author(KAIWEN_HU_ID) is None

    byline = [AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID, h_index=14, affiliations=("PKU",))]
    cache.put_profiles("2503.00507", byline)
    stored = cache.get_profiles("2503.00507")
    assert stored is not None
    profiles, stamp = stored
    assert stamp == T0
    assert (profiles[0].name, profiles[0].author_id, profiles[0].h_index, profiles[0].affiliations) == (
        "Kaiwen Hu",
        KAIWEN_HU_ID,
        14,
        ("PKU",),
    )

    full = AuthorProfile(
        name="Kaiwen Hu",
        author_id=KAIWEN_HU_ID,
        main_category="LG",
        papers=[AuthorPaper(title="Projection Head", date="2025-03-01", category="LG", has_code=True)],
        fetched_at=T0 - timedelta(days=2),
    )
    cache.put_author(full)
    again = StoreAuthorCache(CacheStore(store.path)).get_author(KAIWEN_HU_ID)  # a new run, same file
    assert again is not None
    assert again.fetched_at == T0 - timedelta(days=2)
    assert again.papers == full.papers
    assert again.main_category == "LG"


def test_profile_without_author_id_is_not_stored(store: CacheStore) -> None:
    cache = StoreAuthorCache(store)
    cache.put_author(AuthorProfile(name="Nobody"))
    assert store.stats().author_profiles == 0


def test_junk_blobs_are_cache_misses(store: CacheStore) -> None:
    store.put_profile_blob("paper:2503.00507", ["not", "a", "dict"])
    store.put_profile_blob("author:1", "just a string")
    store.put_profile_blob("paper:2503.00508", {"profiles": [{"name": "Ok"}, 7, None]})
    cache = StoreAuthorCache(store)
    assert cache.get_profiles("2503.00507") is None
    assert cache.get_author("1") is None
    stored = cache.get_profiles("2503.00508")
    assert stored is not None and [p.name for p in stored[0]] == ["Ok"]


def test_write_failure_is_reported_not_raised(store: CacheStore) -> None:
    cache = StoreAuthorCache(store)
    conn = store.db.connection
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # a full disk, for real: SQLITE_FULL
    big = [AuthorPaper(title=f"Paper {i}", abstract="x" * 2000) for i in range(50)]
    cache.put_author(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID, papers=big))
    assert cache.problem is not None and "cannot save author profile" in cache.problem


async def test_service_on_the_store_survives_a_restart_and_opens_offline(
    service: AuthorService, state: ScholarState, store: CacheStore
) -> None:
    target = paper("2503.00507", "Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang")
    kaiwen = (await service.paper_authors(target))[1]
    full = await service.full_profile(kaiwen)
    assert [p.category for p in full.papers] == ["LG", "LG", "LG", "CV", "HEP-LAT", "STR-EL"]
    requests = len(state.log)

    reopened = AuthorService(
        service.scholar, service.arxiv, cache=StoreAuthorCache(CacheStore(store.path)), clock=service.clock
    )
    offline_byline = await reopened.paper_authors(target, offline=True)
    offline_full = await reopened.full_profile(offline_byline[1], offline=True)
    assert len(state.log) == requests, "the cached profile needed the network"
    assert (offline_full.h_index, offline_full.citation_count, offline_full.main_category) == (14, 85, "LG")
    assert [p.title for p in offline_full.papers] == [p.title for p in full.papers]
    assert offline_full.source == "cache"
    with pytest.raises(OfflineError):
        await reopened.paper_authors(paper("2401.01111", "Wei Zhang"), offline=True)


# --------------------------------------------------------------------------- offline fallback


def test_cached_papers_by_name_exact_newest_first_with_extra(store: CacheStore) -> None:
    store.upsert_papers(
        [
            paper("2501.00001", "Kaiwen Hu", "Lin Chen", day="2025-01-02"),
            paper(
                "2503.00002", "Ada Lovelace", "kaiwen hu", day="2025-03-02", summary="https://github.com/a/b"
            ),
            paper("2502.00003", "Kaiwen Huang", day="2025-02-02"),
            paper("2502.00004", "Kaixen Hu", day="2025-02-03"),
        ]
    )
    found = cached_papers_by_name(store, "Kaiwen Hu")
    assert [p.arxiv_id for p in found] == ["2503.00002", "2501.00001"]
    assert found[0].has_code and not found[1].has_code
    assert found[0].date == "2025-03-02" and found[0].authors == ("Ada Lovelace", "kaiwen hu")
    assert cached_papers_by_name(store, "Kai_en Hu") == []  # a LIKE wildcard is not a match

    sample_papers = load_sample()[0]
    with_sample = cached_papers_by_name(store, "Kaiwen Hu", extra=sample_papers)
    assert len(with_sample) == 2 + sum("Kaiwen Hu" in p.author_names for p in sample_papers)
    assert [p.date for p in with_sample] == sorted((p.date for p in with_sample), reverse=True)


# --------------------------------------------------------------------------- matching and conversion


def test_match_author_by_name_initial_position_or_none() -> None:
    byline = [
        AuthorProfile(name="Wei Zhang", author_id="1"),
        AuthorProfile(name="J. Smith", author_id="2"),
        AuthorProfile(name="Wei Zhang", author_id="3"),
    ]
    assert match_author(byline, 0, "wei  zhang").author_id == "1"
    assert match_author(byline, 2, "Wei Zhang").author_id == "3"  # namesakes: the nearer one
    assert match_author(byline, 1, "John Smith").author_id == "2"
    missing = match_author(byline, 1, "Ada Lovelace")
    assert (missing.name, missing.author_id) == ("Ada Lovelace", None)


def test_paper_from_author_paper_ids_and_dates() -> None:
    with_id = paper_from_author_paper(
        AuthorPaper(title="T", date="2024-11-10", arxiv_id="2411.06508", authors=("A", "B"), abstract="x")
    )
    assert (with_id.id, with_id.summary, with_id.author_names) == ("2411.06508", "x", ["A", "B"])
    assert with_id.published_at == datetime(2024, 11, 10, tzinfo=UTC)
    sample_profile = load_sample()[1][0]
    first = sample_profile.papers[0]
    local = paper_from_author_paper(first)
    assert local.id == local_paper_id(first.title)
    assert local.id in {p.id for p in load_sample()[0]}
    year_only = paper_from_author_paper(AuthorPaper(title="Old", year=1999, arxiv_id="not-an-id"))
    assert year_only.published_at == datetime(1999, 1, 1, tzinfo=UTC) and year_only.id.startswith("local-")


# --------------------------------------------------------------------------- wiring


def test_arxiv_interval_from_environment(tmp_path: Path) -> None:
    def interval(environ: dict[str, str]) -> float:
        return load_settings(tmp_path / "none.toml", environ).arxiv_interval

    assert interval({}) == 3.0
    assert interval({ARXIV_INTERVAL_ENV: "0.2"}) == 0.2
    assert interval({ARXIV_INTERVAL_ENV: "fast"}) == 3.0
    assert interval({ARXIV_INTERVAL_ENV: "-1"}) == 3.0


async def test_memo_arxiv_asks_once_per_id(fake_server: FakeServer, state: ScholarState) -> None:
    async with MemoArxivClient(fake_server.url + "/arxiv", min_interval=0) as client:
        first = await client.primary_categories(["2302.08980", "2212.06835", "2999.99999"])
        second = await client.primary_categories(["2212.06835", "2999.99999"])
        third = await client.primary_categories(["2302.08980", "2411.06508"])
    assert first == {"2302.08980": "cs.CV", "2212.06835": "hep-lat"}
    assert second == {"2212.06835": "hep-lat"}
    assert third == {"2302.08980": "cs.CV", "2411.06508": "cs.LG"}
    asked = [r.query["id_list"] for r in state.requests_to("/arxiv/query")]
    assert asked == ["2302.08980,2212.06835,2999.99999", "2411.06508"]


@pytest.fixture
async def session(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Session]:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    opened = open_session()
    yield opened
    await opened.aclose()


async def test_hub_has_code_cache_then_hub(fake_server: FakeServer, session: Session) -> None:
    items = [i["paper"] for i in fake_server.hub.all_items()]
    with_repo = next(p for p in items if p.get("githubRepo"))
    without = next(p for p in items if not p.get("githubRepo") and "github.com" not in p["summary"])
    session.store.upsert_papers([paper("2501.00001", "A", summary="see https://github.com/x/y")])
    seen: dict[str, Paper] = {}
    has_code = hub_has_code(session, seen)

    assert await has_code("2501.00001") is True
    assert fake_server.requests_to("/api/papers/2501.00001") == []
    assert await has_code(with_repo["id"]) is True
    assert seen[with_repo["id"]].github_repo == with_repo["githubRepo"]
    assert await has_code(without["id"]) is False
    assert await has_code("2599.99999") is None  # not on Hugging Face


async def test_build_author_service_follows_environment(
    fake_server: FakeServer, state: ScholarState, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ = {
        "PAPERS_TUI_S2_ENDPOINT": fake_server.url + "/s2",
        "PAPERS_TUI_ARXIV_ENDPOINT": fake_server.url + "/arxiv",
        "S2_API_KEY": "k-123",
        ARXIV_INTERVAL_ENV: "0",
    }
    session.settings = load_settings(session.paths.config_file, environ)
    service = build_author_service(session)
    try:
        assert service.arxiv.min_interval == 0
        byline = await service.paper_authors(paper("2503.00507", "Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang"))
        full = await service.full_profile(byline[1])
        assert full.main_category == "LG"
        assert state.requests_to("/s2/paper")[0].headers["x-api-key"] == "k-123"
        assert isinstance(service.cache, StoreAuthorCache)
        assert service.cache.get_author(KAIWEN_HU_ID) is not None
    finally:
        await close_author_service(service)


async def test_build_author_service_offline_makes_no_request(
    fake_server: FakeServer, state: ScholarState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    offline = open_session(offline=True)
    service = build_author_service(offline)
    try:
        with pytest.raises(OfflineError):
            await service.paper_authors(paper("2503.00507", "Kaiwen Hu"))
        assert state.log == []
    finally:
        await close_author_service(service)
        await offline.aclose()
    assert os.environ["PAPERS_TUI_S2_ENDPOINT"].endswith("/s2")
