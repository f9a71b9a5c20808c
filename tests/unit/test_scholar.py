"""Semantic Scholar + arXiv clients and the author-profile service, against the loopback fake."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from tests.fakes import scholar_routes
from tests.fakes.helpers import T0, Clock
from tests.fakes.scholar_routes import (
    KAIWEN_HU_ID,
    UNKNOWN_TO_S2,
    WEI_ZHANG_BIO_ID,
    WEI_ZHANG_NLP_ID,
    ScholarState,
)
from tests.fakes.server import FakeServer, server_error
from tui.author_models import AuthorPaper, AuthorProfile
from tui.config import load_settings
from tui.models import Author, Paper
from tui.services.author.papers import newest_first, papers_per_year
from tui.services.author.profiles import AuthorService, MemoryAuthorCache
from tui.services.errors import BadResponseError, NotFoundError, OfflineError, RateLimitedError
from tui.services.net.arxiv_api import ArxivClient, main_category, parse_atom_categories, short_category
from tui.services.net.clients import arxiv_client, scholar_client
from tui.services.net.http import RetryPolicy
from tui.services.net.scholar import ScholarClient, parse_author, parse_author_paper, parse_authors_page


@dataclass
class Retries:
    calls: list[tuple[str, float]] = field(default_factory=list)

    def __call__(self, reason: str, seconds: float) -> None:
        self.calls.append((reason, seconds))


@pytest.fixture
def state(fake_server: FakeServer) -> ScholarState:
    return scholar_routes.install(fake_server)


@pytest.fixture
async def scholar(
    fake_server: FakeServer, state: ScholarState, fast_retry: RetryPolicy
) -> AsyncIterator[ScholarClient]:
    async with ScholarClient(fake_server.url + "/s2", retry=fast_retry) as client:
        yield client


@pytest.fixture
async def arxiv(
    fake_server: FakeServer, state: ScholarState, fast_retry: RetryPolicy
) -> AsyncIterator[ArxivClient]:
    async with ArxivClient(fake_server.url + "/arxiv", min_interval=0.05, retry=fast_retry) as client:
        yield client


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(scholar: ScholarClient, arxiv: ArxivClient, clock: Clock) -> AuthorService:
    return AuthorService(scholar, arxiv, cache=MemoryAuthorCache(clock), clock=clock)


def dead_url() -> str:
    """A loopback URL nobody listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def paper(arxiv_id: str, *names: str) -> Paper:
    return Paper(id=arxiv_id, title="A paper", authors=tuple(Author(n) for n in names))


# --------------------------------------------------------------------------- ScholarClient


async def test_paper_authors_gives_every_authors_metrics_in_one_call(
    scholar: ScholarClient, state: ScholarState
) -> None:
    profiles = await scholar.paper_authors("2503.00507")

    assert [p.name for p in profiles] == ["Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang"]
    kaiwen = profiles[1]
    assert (kaiwen.author_id, kaiwen.h_index, kaiwen.paper_count, kaiwen.citation_count) == (
        KAIWEN_HU_ID,
        14,
        6,
        85,
    )
    assert kaiwen.affiliations == ("Peking University",)
    assert kaiwen.url == f"https://www.semanticscholar.org/author/{KAIWEN_HU_ID}"
    requests = state.requests_to("/s2/")
    assert len(requests) == 1
    assert requests[0].path == "/s2/paper/arXiv:2503.00507/authors"
    assert requests[0].query["fields"] == "name,hIndex,paperCount,citationCount,affiliations,url"
    assert requests[0].query["limit"] == "100"
    assert "x-api-key" not in requests[0].headers


async def test_paper_authors_follows_next_offsets(scholar: ScholarClient, state: ScholarState) -> None:
    state.page_cap = 2

    profiles = await scholar.paper_authors("2503.00507")

    assert [p.name for p in profiles] == ["Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang"]
    assert [r.query["offset"] for r in state.requests_to("/s2/paper")] == ["0", "2"]


async def test_api_key_and_endpoint_come_from_the_environment(
    fake_server: FakeServer, state: ScholarState, tmp_path: Path
) -> None:
    environ = {"PAPERS_TUI_S2_ENDPOINT": fake_server.url + "/s2", "S2_API_KEY": "secret-key"}
    async with scholar_client(load_settings(tmp_path / "none.toml", environ), offline=False) as client:
        author = await client.author(KAIWEN_HU_ID)
    assert author.name == "Kaiwen Hu"
    assert state.requests_to("/s2/author")[0].headers["x-api-key"] == "secret-key"


async def test_author_and_unknown_author(scholar: ScholarClient) -> None:
    author = await scholar.author(WEI_ZHANG_BIO_ID)
    assert (author.name, author.h_index, author.citation_count) == ("Wei Zhang", 3, 41)
    with pytest.raises(NotFoundError):
        await scholar.author("999999999")


async def test_author_papers_pages_and_caps(scholar: ScholarClient, state: ScholarState) -> None:
    state.page_cap = 4

    papers = await scholar.author_papers(KAIWEN_HU_ID)
    assert len(papers) == 6
    assert [r.query["offset"] for r in state.requests_to("/s2/author")] == ["0", "4"]
    assert state.requests_to("/s2/author")[0].query["fields"] == (
        "title,year,publicationDate,externalIds,abstract,authors,citationCount"
    )
    first = papers[0]
    assert first.title == "Model Doctor for Diagnosing and Treating Segmentation Error"
    assert (first.arxiv_id, first.date, first.year, first.citation_count) == (
        "2302.08980",
        "2023-02-17",
        2023,
        10,
    )
    assert first.authors == ("Zhijie Jia", "Lin Chen", "Kaiwen Hu")

    capped = await scholar.author_papers(KAIWEN_HU_ID, max_papers=3)
    assert len(capped) == 3


async def test_search_author_returns_every_namesake(scholar: ScholarClient) -> None:
    hits = await scholar.search_author("wei zhang")
    assert {h.author_id for h in hits} == {WEI_ZHANG_NLP_ID, WEI_ZHANG_BIO_ID}


async def test_429_then_success_honours_retry_after(
    fake_server: FakeServer, state: ScholarState, fast_retry: RetryPolicy
) -> None:
    state.rate_limit("/s2/paper", retry_after="0.05")
    retries = Retries()
    async with ScholarClient(fake_server.url + "/s2", retry=fast_retry, on_retry=retries) as client:
        profiles = await client.paper_authors("2503.00507")
    assert len(profiles) == 3
    assert [seconds for _, seconds in retries.calls] == [0.05]
    assert "rate limited" in retries.calls[0][0]
    assert len(state.requests_to("/s2/paper")) == 2


async def test_429_without_retry_after_backs_off_exponentially(
    fake_server: FakeServer, state: ScholarState, fast_retry: RetryPolicy
) -> None:
    state.rate_limit("/s2/author", times=2)
    retries = Retries()
    async with ScholarClient(fake_server.url + "/s2", retry=fast_retry, on_retry=retries) as client:
        await client.author(KAIWEN_HU_ID)
    assert [seconds for _, seconds in retries.calls] == [0.01, 0.02]


async def test_persistent_429_raises_rate_limited(scholar: ScholarClient, state: ScholarState) -> None:
    state.rate_limit("/s2/paper", retry_after="0.01", times=3)
    with pytest.raises(RateLimitedError) as caught:
        await scholar.paper_authors("2503.00507")
    assert caught.value.service == "Semantic Scholar"
    assert caught.value.retry_after == pytest.approx(0.01)


# --------------------------------------------------------------------------- parsers


def test_parse_author_tolerates_nulls_and_wrong_types() -> None:
    profile = parse_author(
        {
            "authorId": 42,
            "name": " Ada ",
            "hIndex": None,
            "paperCount": "7",
            "citationCount": True,
            "affiliations": ["MIT", None, 3],
            "url": None,
        }
    )
    assert profile == AuthorProfile(name="Ada", author_id="42", affiliations=("MIT",), paper_count=7)
    assert parse_author({"authorId": "1", "name": None}) is None
    assert parse_author(["not", "a", "dict"]) is None
    assert parse_authors_page({"data": "oops", "next": 5}) == ([], 5)
    assert parse_authors_page(None) == ([], None)
    assert parse_authors_page({"offset": 10, "next": 10, "data": []}) == ([], None)


def test_parse_author_paper_tolerates_missing_fields() -> None:
    assert parse_author_paper({"title": None}) is None
    paper = parse_author_paper(
        {
            "paperId": "p",
            "title": "T  \n x",
            "year": None,
            "publicationDate": "2024-05-06",
            "externalIds": None,
            "abstract": None,
            "authors": [None, {"name": "B"}],
            "citationCount": "x",
        }
    )
    assert paper == AuthorPaper(title="T x", year=2024, date="2024-05-06", authors=("B",), s2_paper_id="p")


def test_parse_atom_categories_strips_versions_and_namespaces() -> None:
    state = scholar_routes.make_state()
    xml = scholar_routes.atom_feed(state, ["2503.00507", "2212.06835", "2101.07243"], 3)
    assert "2503.00507v2" in xml
    assert parse_atom_categories(xml) == {
        "2503.00507": "cs.LG",
        "2212.06835": "hep-lat",
        "2101.07243": "cond-mat.str-el",
    }


def test_parse_atom_categories_old_style_ids() -> None:
    xml = (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"><entry>'
        "<id>http://arxiv.org/abs/hep-lat/0601001v3</id><title>Old</title>"
        '<arxiv:primary_category term="hep-lat"/></entry></feed>'
    )
    assert parse_atom_categories(xml) == {"hep-lat/0601001": "hep-lat"}


def test_parse_atom_categories_rejects_malformed_xml() -> None:
    with pytest.raises(BadResponseError):
        parse_atom_categories("<feed><entry>")


@pytest.mark.parametrize(
    ("term", "short"),
    [
        ("cs.LG", "LG"),
        ("hep-lat", "HEP-LAT"),
        ("stat.ML", "ML"),
        ("cond-mat.str-el", "STR-EL"),
        ("cs.CV", "CV"),
        ("math.AG", "AG"),
        ("quant-ph", "QUANT-PH"),
        ("q-bio.QM", "QM"),
        ("", ""),
    ],
)
def test_short_category(term: str, short: str) -> None:
    assert short_category(term) == short


def test_main_category_most_common_then_most_recent() -> None:
    assert main_category(["LG", "CV", "LG", "HEP-LAT", "LG", "STR-EL"]) == "LG"
    assert main_category(["CV", "LG", "LG", "CV"]) == "CV"  # tie: newest paper (first) wins
    assert main_category(["", "ML", "", "CL", "CL"]) == "CL"
    assert main_category(["", ""]) is None
    assert main_category([]) is None


# --------------------------------------------------------------------------- ArxivClient


async def test_arxiv_batches_and_spaces_requests(
    fake_server: FakeServer, state: ScholarState, fast_retry: RetryPolicy
) -> None:
    ids = [f"2501.{n:05d}" for n in range(150)]
    for index, arxiv_id in enumerate(ids):
        state.categories[arxiv_id] = "cs.LG" if index % 2 else "math.OC"
    async with ArxivClient(fake_server.url + "/arxiv", min_interval=0.2, retry=fast_retry) as client:
        result = await client.primary_categories(ids)

    assert len(result) == 150
    assert result["2501.00001"] == "cs.LG" and result["2501.00000"] == "math.OC"
    requests = state.requests_to("/arxiv/query")
    assert [len(r.query["id_list"].split(",")) for r in requests] == [100, 50]
    assert [r.query["max_results"] for r in requests] == ["100", "50"]
    first, second = state.times_of("/arxiv/query")
    assert second - first >= 0.2


async def test_arxiv_calls_from_several_tasks_queue(
    fake_server: FakeServer, state: ScholarState, fast_retry: RetryPolicy
) -> None:
    async with ArxivClient(fake_server.url + "/arxiv", min_interval=0.2, retry=fast_retry) as client:
        results = await asyncio.gather(
            client.primary_categories(["2503.00507"]),
            client.primary_categories(["2212.06835"]),
            client.primary_categories(["2101.07243"]),
        )
    assert results == [{"2503.00507": "cs.LG"}, {"2212.06835": "hep-lat"}, {"2101.07243": "cond-mat.str-el"}]
    times = state.times_of("/arxiv/query")
    assert len(times) == 3
    assert all(later - earlier >= 0.2 for earlier, later in itertools.pairwise(times))


async def test_malformed_ids_are_never_sent_to_arxiv(arxiv: ArxivClient, state: ScholarState) -> None:
    # One malformed id makes arXiv refuse the whole batch, and ids go into the query string.
    found = await arxiv.primary_categories(["2503.00507", "1234.5", "2503.00507&max_results=9"])
    assert list(found) == ["2503.00507"]
    assert all("1234.5" not in str(r.query) and "&" not in r.query.get("id_list", "")
               for r in state.requests_to("/arxiv/query"))


async def test_arxiv_endpoint_from_environment(
    fake_server: FakeServer, state: ScholarState, tmp_path: Path
) -> None:
    environ = {"PAPERS_TUI_ARXIV_ENDPOINT": fake_server.url + "/arxiv", "PAPERS_TUI_ARXIV_INTERVAL": "0"}
    async with arxiv_client(load_settings(tmp_path / "none.toml", environ), offline=False) as client:
        assert await client.primary_categories(["2302.08980"]) == {"2302.08980": "cs.CV"}


# --------------------------------------------------------------------------- AuthorService: paper authors


async def test_service_paper_authors_through_the_paper(service: AuthorService, state: ScholarState) -> None:
    profiles = await service.paper_authors(paper("2302.08980", "Zhijie Jia", "Lin Chen", "Kaiwen Hu"))
    assert [(p.name, p.author_id, p.uncertain, p.source) for p in profiles] == [
        ("Zhijie Jia", "3001", False, "network"),
        ("Lin Chen", "3002", False, "network"),
        ("Kaiwen Hu", KAIWEN_HU_ID, False, "network"),
    ]
    assert all(p.fetched_at == T0 for p in profiles)
    assert state.requests_to("/s2/author/search") == []


async def test_service_404_paper_falls_back_to_name_search(
    service: AuthorService, state: ScholarState
) -> None:
    profiles = await service.paper_authors(paper(UNKNOWN_TO_S2, "Kaiwen Hu", "Nobody Known"))

    kaiwen, nobody = profiles
    assert (kaiwen.author_id, kaiwen.h_index, kaiwen.uncertain) == (KAIWEN_HU_ID, 14, True)
    assert (nobody.name, nobody.author_id, nobody.h_index) == ("Nobody Known", None, None)
    assert len(state.requests_to("/s2/paper")) == 1
    assert [r.query["query"] for r in state.requests_to("/s2/author/search")] == ["Kaiwen Hu", "Nobody Known"]


async def test_service_local_paper_searches_by_name_only(service: AuthorService, state: ScholarState) -> None:
    profiles = await service.paper_authors(paper("local-abc123", "Qi Zhang"))
    assert [(p.author_id, p.uncertain) for p in profiles] == [("3008", True)]
    assert state.requests_to("/s2/paper") == []


async def test_same_name_authors_are_not_merged(service: AuthorService) -> None:
    nlp_byline = await service.paper_authors(paper("2401.01111", "Wei Zhang", "Lin Chen"))
    bio_byline = await service.paper_authors(paper("2402.02222", "Di Luo", "Wei Zhang"))
    nlp, bio = nlp_byline[0], bio_byline[1]
    assert nlp.name == bio.name == "Wei Zhang"
    assert (nlp.author_id, nlp.h_index) == (WEI_ZHANG_NLP_ID, 40)
    assert (bio.author_id, bio.h_index) == (WEI_ZHANG_BIO_ID, 3)

    nlp_full = await service.full_profile(nlp)
    bio_full = await service.full_profile(bio)
    assert [p.arxiv_id for p in nlp_full.papers] == ["2401.01111", "2310.04444", "2207.05555"]
    assert [p.arxiv_id for p in bio_full.papers] == ["2402.02222", "2109.06666"]
    assert (nlp_full.main_category, bio_full.main_category) == ("CL", "QM")
    assert service.cache.get_author(WEI_ZHANG_NLP_ID).h_index == 40  # type: ignore[union-attr]
    assert service.cache.get_author(WEI_ZHANG_BIO_ID).h_index == 3  # type: ignore[union-attr]


async def test_fresh_cache_makes_no_request(
    service: AuthorService, state: ScholarState, clock: Clock
) -> None:
    target = paper("2503.00507", "Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang")
    first = await service.paper_authors(target)
    kaiwen = await service.full_profile(first[1])
    before = len(state.log)

    clock.advance(timedelta(days=6))
    again = await service.paper_authors(target)
    cached = await service.full_profile(again[1])

    assert len(state.log) == before
    assert [p.author_id for p in again] == [p.author_id for p in first]
    assert all(p.source == "cache" and p.fetched_at == T0 for p in again)
    assert cached.source == "cache"
    assert [p.title for p in cached.papers] == [p.title for p in kaiwen.papers]


async def test_stale_cache_is_refreshed(service: AuthorService, state: ScholarState, clock: Clock) -> None:
    target = paper("2503.00507", "Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang")
    await service.paper_authors(target)
    state.authors[KAIWEN_HU_ID]["hIndex"] = 15
    clock.advance(timedelta(days=8))

    refreshed = await service.paper_authors(target)

    assert refreshed[1].h_index == 15
    assert refreshed[1].source == "network" and refreshed[1].fetched_at == clock.now
    assert len(state.requests_to("/s2/paper")) == 2


async def test_stale_cache_returned_when_network_is_down(
    service: AuthorService, fast_retry: RetryPolicy, clock: Clock
) -> None:
    target = paper("2503.00507", "Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang")
    profiles = await service.paper_authors(target)
    await service.full_profile(profiles[1])
    clock.advance(timedelta(days=30))

    down = dead_url()
    async with ScholarClient(down, retry=fast_retry) as s2, ArxivClient(down, retry=fast_retry) as ax:
        offline_service = AuthorService(s2, ax, cache=service.cache, clock=clock)
        stale = await offline_service.paper_authors(target)
        stale_full = await offline_service.full_profile(stale[1])
        with pytest.raises(OfflineError):
            await offline_service.paper_authors(paper("2212.06835", "Zhuo Chen"))

    assert [p.name for p in stale] == ["Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang"]
    assert all(p.source == "cache" for p in stale)
    assert stale_full.source == "cache" and stale_full.fetched_at == T0
    assert len(stale_full.papers) == 6 and stale_full.main_category == "LG"


async def test_offline_uses_cache_or_raises(
    service: AuthorService, state: ScholarState, clock: Clock
) -> None:
    with pytest.raises(OfflineError):
        await service.paper_authors(paper("2503.00507", "Kaiwen Hu"), offline=True)
    with pytest.raises(OfflineError):
        await service.full_profile(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID), offline=True)
    assert state.log == []

    profiles = await service.paper_authors(paper("2503.00507", "Kaiwen Hu"))
    clock.advance(timedelta(days=365))
    count = len(state.log)
    cached = await service.paper_authors(paper("2503.00507", "Kaiwen Hu"), offline=True)
    assert [p.author_id for p in cached] == [p.author_id for p in profiles]
    assert len(state.log) == count


# --------------------------------------------------------------------------- AuthorService: full profile


async def test_full_profile_newest_first_with_categories_and_code(
    service: AuthorService, state: ScholarState
) -> None:
    byline = await service.paper_authors(paper("2503.00507", "Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang"))
    profile = await service.full_profile(byline[1])

    assert [p.date for p in profile.papers] == [
        "2026-04-15",
        "2025-03-01",
        "2024-11-10",
        "2023-02-17",
        "2022-12-14",
        "2021-01-18",
    ]
    assert [p.category for p in profile.papers] == ["LG", "LG", "LG", "CV", "HEP-LAT", "STR-EL"]
    assert [p.has_code for p in profile.papers] == [False, True, True, True, False, False]
    assert profile.main_category == "LG"
    assert (profile.h_index, profile.paper_count, profile.citation_count) == (14, 6, 85)
    assert profile.fetched_at == T0 and profile.source == "network"
    assert len(state.requests_to("/arxiv/query")) == 1  # all six ids in one batch
    assert state.requests_to("/s2/author/") and not any(
        r.path == f"/s2/author/{KAIWEN_HU_ID}" for r in state.requests_to("/s2/author/")
    )  # metrics reused
    assert service.cache.get_author(KAIWEN_HU_ID) is not None


async def test_full_profile_fetches_metrics_when_missing(service: AuthorService) -> None:
    profile = await service.full_profile(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID))
    assert (profile.h_index, profile.citation_count, len(profile.papers)) == (14, 85, 6)


async def test_full_profile_asks_has_code_with_bounded_concurrency(
    scholar: ScholarClient, arxiv: ArxivClient, clock: Clock
) -> None:
    running = 0
    peak = 0
    asked: list[str] = []

    async def has_code(arxiv_id: str) -> bool | None:
        nonlocal running, peak
        asked.append(arxiv_id)
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.02)
        running -= 1
        if arxiv_id == "2101.07243":
            raise RuntimeError("hub exploded")
        return True if arxiv_id == "2212.06835" else None

    service = AuthorService(
        scholar, arxiv, cache=MemoryAuthorCache(clock), has_code=has_code, code_concurrency=2, clock=clock
    )
    profile = await service.full_profile(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID))

    by_id = {p.arxiv_id: p.has_code for p in profile.papers}
    assert by_id == {
        "2604.14265": False,
        "2503.00507": True,
        "2411.06508": True,
        "2302.08980": True,
        "2212.06835": True,
        "2101.07243": False,
    }
    assert sorted(asked) == ["2101.07243", "2212.06835", "2604.14265"]  # abstract links need no lookup
    assert peak == 2


async def test_full_profile_survives_arxiv_failure(
    fake_server: FakeServer, scholar: ScholarClient, state: ScholarState, clock: Clock
) -> None:
    state.fail("/arxiv/query", server_error(503))
    async with ArxivClient(
        fake_server.url + "/arxiv", min_interval=0, retry=RetryPolicy(attempts=1, base_delay=0.01)
    ) as ax:
        service = AuthorService(scholar, ax, cache=MemoryAuthorCache(clock), clock=clock)
        profile = await service.full_profile(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID))
    assert len(profile.papers) == 6
    assert all(p.category is None for p in profile.papers)
    assert profile.main_category is None


async def test_refresh_keeps_cached_categories_when_arxiv_fails(
    fake_server: FakeServer, scholar: ScholarClient, state: ScholarState, clock: Clock
) -> None:
    async with ArxivClient(
        fake_server.url + "/arxiv", min_interval=0, retry=RetryPolicy(attempts=1, base_delay=0.01)
    ) as ax:
        service = AuthorService(scholar, ax, cache=MemoryAuthorCache(clock), clock=clock)
        await service.full_profile(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID))
        clock.advance(timedelta(days=8))
        state.fail("/arxiv/query", server_error(500))
        refreshed = await service.full_profile(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID))
    assert refreshed.source == "network" and refreshed.fetched_at == clock.now
    assert refreshed.main_category == "LG"
    assert [p.category for p in refreshed.papers] == ["LG", "LG", "LG", "CV", "HEP-LAT", "STR-EL"]


# --------------------------------------------------------------------------- helpers


def test_newest_first_orders_by_date_then_year_alone() -> None:
    papers = [
        AuthorPaper("a", year=2023),
        AuthorPaper("b", year=2023, date="2023-06-01"),
        AuthorPaper("c"),
        AuthorPaper("d", year=2024, date="2024-01-02"),
    ]
    assert [p.title for p in newest_first(papers)] == ["d", "b", "a", "c"]


def test_papers_per_year_fills_gaps() -> None:
    profile = AuthorProfile(
        name="X",
        papers=[
            AuthorPaper("a", year=2020),
            AuthorPaper("b", date="2023-01-01"),
            AuthorPaper("c", year=2023),
            AuthorPaper("d"),
        ],
    )
    assert papers_per_year(profile) == [(2020, 1), (2021, 0), (2022, 0), (2023, 2)]
    assert papers_per_year(AuthorProfile(name="Y")) == []


async def test_papers_per_year_for_the_seed_author(service: AuthorService) -> None:
    profile = await service.full_profile(AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID))
    assert papers_per_year(profile) == [(year, 1) for year in range(2021, 2027)]


async def test_profile_dict_round_trip(service: AuthorService) -> None:
    profile = await service.full_profile(
        AuthorProfile(name="Kaiwen Hu", author_id=KAIWEN_HU_ID, uncertain=True)
    )
    data = json.loads(json.dumps(profile.to_dict()))
    assert AuthorProfile.from_dict(data) == profile


def test_profile_from_dict_tolerates_junk() -> None:
    profile = AuthorProfile.from_dict(
        {
            "name": "Z",
            "h_index": "12",
            "papers": [{"title": 3}, {"title": "ok"}],
            "fetched_at": "not a date",
            "source": "elsewhere",
            "affiliations": "MIT",
        }
    )
    assert profile == AuthorProfile(name="Z", papers=[AuthorPaper("ok")])


def test_services_do_not_import_textual() -> None:
    code = (
        "import sys, tui.services.net.scholar, tui.services.author.profiles; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
