"""The parsers and the HTTP layer against every attack of the hostile server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fakes.hostile import BAD_IDS, MARKUP, HostileServer
from tests.fakes.server import FakeServer, rate_limited
from tests.hostile.conftest import assert_clean
from tui.config import load_settings
from tui.models import FeedKey
from tui.services.errors import (
    BadResponseError,
    HttpStatusError,
    RateLimitedError,
    ServiceError,
    TimeoutServiceError,
)
from tui.services.net.clients import arxiv_client, hub_client, scholar_client
from tui.services.net.http import Limits, RetryPolicy
from tui.services.net.hub import MAX_LISTING_PAPERS, HubClient
from tui.services.storage.store import CacheStore
from tui.services.system.links import paper_links

DAY = FeedKey("day", "2025-03-05")
FAST = RetryPolicy(attempts=1)
SHELL = set("$`'\"; &|<>(){}\\\n\r\t ")


def settings_for(server: HostileServer, tmp_path: Path, **extra: str) -> object:
    return load_settings(tmp_path / "none.toml", {**server.environment(), **extra})


async def test_escapes_never_reach_a_paper_the_cache_or_json(hostile: HostileServer, tmp_path: Path) -> None:
    async with HubClient(hostile.url, retry=FAST) as client:
        papers = await client.daily(DAY)
        details = await client.paper(papers[0].id)
    assert len(papers) == 5
    for paper in [*papers, details.paper]:
        assert_clean(json.dumps(paper.to_dict(), ensure_ascii=False), paper.id)
        assert "\n" not in paper.title and all("\n" not in a.name for a in paper.authors)
        assert paper.ai_keywords and all("\n" not in k for k in paper.ai_keywords)
    assert "Hostile paper 1" in papers[0].title  # visible text stays; only controls go
    assert "Second line\nthird." in papers[0].summary  # U+2028 became a line break in a block
    store = CacheStore(tmp_path / "cache.sqlite3")
    store.save_listing(DAY, papers)
    listing = store.listing(DAY)
    assert listing is not None
    assert_clean(json.dumps([p.to_dict() for p in listing.papers], ensure_ascii=False), "cache")
    store.close()
    # Linked repo ids: the well formed ones only, and every label and URL clean.
    assert details.linked_models == ["org/model"]
    for link in paper_links(details.paper, details):
        assert_clean(link.label + link.url, link.kind)


async def test_semantic_scholar_and_arxiv_fields_are_clean(hostile: HostileServer, tmp_path: Path) -> None:
    settings = settings_for(hostile, tmp_path)
    async with scholar_client(settings, offline=False, retry=FAST) as scholar:  # type: ignore[arg-type]
        authors = await scholar.paper_authors("2503.00001")
        profile = await scholar.author("1000")
        works = await scholar.author_papers("1000")
    async with arxiv_client(settings, offline=False) as arxiv:  # type: ignore[arg-type]
        categories = await arxiv.primary_categories(["2503.00001", "2503.00002"])
    assert [a.author_id for a in authors] == ["1000", "1001", "1002"]
    assert all(f"Scholar {a.author_id}" in a.name for a in authors)
    for item in [*authors, profile]:
        assert_clean(json.dumps(item.to_dict(), ensure_ascii=False), item.name)
        assert len(item.affiliations) == 2 and "[b]Lab[/b]" in item.affiliations[1]
    for work in works:
        assert_clean(json.dumps(work.to_dict(), ensure_ascii=False), work.title)
        assert work.abstract is not None and "line two" in work.abstract
    # A category carrying escapes is not a category: refused rather than cleaned into one.
    assert set(categories) <= {"2503.00001", "2503.00002"} and set(categories.values()) <= {"cs.LG"}


@pytest.mark.parametrize("service", ["hub", "s2"])
async def test_error_bodies_are_cleaned(service: str, tmp_path: Path) -> None:
    with HostileServer("error-bodies") as server:
        settings = settings_for(server, tmp_path)
        with pytest.raises(HttpStatusError) as caught:
            if service == "hub":
                async with HubClient(server.url, retry=FAST) as hub:
                    await hub.daily(DAY)
            else:
                async with scholar_client(settings, offline=False, retry=FAST) as scholar:  # type: ignore[arg-type]
                    await scholar.author("1000")
    message = str(caught.value)
    assert_clean(message, "error")
    assert "server says no" in message and "\x1b" not in message


async def test_markup_strings_are_kept_as_text(tmp_path: Path) -> None:
    with HostileServer("markup") as server:
        async with HubClient(server.url, retry=FAST) as client:
            papers = await client.daily(DAY)
    assert papers[0].title == f"{MARKUP}Hostile paper 1".strip()


async def test_deeply_nested_json_is_a_typed_error() -> None:
    with HostileServer("nested") as server:
        async with HubClient(server.url, retry=FAST) as client:
            with pytest.raises(BadResponseError, match="nested too deeply"):
                await client.daily(DAY)


async def test_a_lone_surrogate_spoils_one_field_not_the_day(tmp_path: Path) -> None:
    with HostileServer("surrogates") as server:
        async with HubClient(server.url, retry=FAST) as client:
            papers = await client.daily(DAY)
    assert [p.title for p in papers] == [f"Hostile paper {k}" for k in range(1, 6)]
    store = CacheStore(tmp_path / "cache.sqlite3")
    store.save_listing(DAY, papers)  # SQLite would refuse a surrogate: the whole day is saved
    listing = store.listing(DAY)
    assert listing is not None and len(listing.papers) == 5
    store.close()


async def test_endless_listing_stops_at_the_cap() -> None:
    with HostileServer("endless") as server:
        async with HubClient(server.url, retry=FAST) as client:
            papers = await client.daily(DAY)
    assert len(papers) == MAX_LISTING_PAPERS


async def test_huge_page_is_refused_with_a_message() -> None:
    with HostileServer("huge", papers=1_000_000) as server:
        async with HubClient(server.url, retry=FAST) as client:
            with pytest.raises(BadResponseError, match="sent more than 8 MB"):
                await client.daily(DAY)


@pytest.mark.parametrize("mode", ["slow-body", "slow-headers"])
async def test_slow_loris_meets_the_request_deadline(mode: str) -> None:
    with HostileServer(mode, interval=0.01) as server:
        async with HubClient(server.url, retry=FAST, limits=Limits(request_deadline=0.3)) as client:
            with pytest.raises(TimeoutServiceError, match=r"within 0\.3 s"):
                await client.daily(DAY)


async def test_slow_loris_meets_the_phase_deadline() -> None:
    retry = RetryPolicy(attempts=3, base_delay=0.01)
    with HostileServer("slow-body", interval=0.01) as server:
        limits = Limits(request_deadline=5.0, phase_deadline=0.3)
        async with HubClient(server.url, retry=retry, limits=limits) as client:
            with pytest.raises(TimeoutServiceError, match=r"within 0\.3 s for date 2025-03-05; gave up"):
                await client.daily(DAY)


async def test_credentials_never_follow_a_redirect_to_another_origin(tmp_path: Path) -> None:
    with HostileServer("redirect-other") as server:
        settings = settings_for(server, tmp_path, HF_TOKEN="hf_secret_token", S2_API_KEY="s2-secret-key")
        async with hub_client(settings) as hub:  # type: ignore[arg-type]
            await hub.daily(DAY)
        async with scholar_client(settings, offline=False, retry=FAST) as scholar:  # type: ignore[arg-type]
            await scholar.paper_authors("2503.00001")
        sent = server.requests
        seen = server.seen_by_other
    assert sent and all(h.get("authorization") == "Bearer hf_secret_token" for p, h in sent if p.startswith("/api"))
    assert all(h.get("x-api-key") == "s2-secret-key" for p, h in sent if p.startswith("/s2"))
    assert len(seen) == 2
    assert all("authorization" not in h and "x-api-key" not in h for h in seen)
    assert all("hf_secret_token" not in json.dumps(h) and "s2-secret-key" not in json.dumps(h) for h in seen)


@pytest.mark.parametrize("mode", ["redirect-data", "redirect-js"])
async def test_redirect_to_a_non_web_scheme_is_refused(mode: str) -> None:
    with HostileServer(mode) as server:
        async with HubClient(server.url, retry=FAST) as client:
            with pytest.raises(BadResponseError, match="redirected for date 2025-03-05 to an? .*address; refused"):
                await client.daily(DAY)


async def test_hostile_urls_and_ids_are_encoded_or_refused() -> None:
    with HostileServer("hostile-urls") as server:
        async with HubClient(server.url, retry=FAST) as client:
            papers = await client.daily(DAY)
    assert papers, "the papers with good ids are kept"
    assert all(p.id not in BAD_IDS for p in papers)
    for paper in papers:
        for link in paper_links(paper):
            assert not SHELL & set(link.url), link.url
            assert link.url.startswith(("https://", "http://"))
        for url in (paper.github_repo, paper.project_page):
            assert url is None or not SHELL & set(url), url


async def test_an_answer_for_another_paper_is_refused() -> None:
    with HostileServer("wrong-paper") as server:
        async with HubClient(server.url, retry=FAST) as client:
            with pytest.raises(BadResponseError, match="another paper"):
                await client.paper("2503.00001")


@pytest.mark.parametrize("paper_id", ["2503.00001\n", "../../etc/passwd", "2503.00001?x", "2503.00001#f", "a/../b"])
async def test_bad_ids_are_never_requested(paper_id: str) -> None:
    with HostileServer("escapes") as server:
        async with HubClient(server.url, retry=FAST) as client:
            with pytest.raises(ValueError, match="not an arXiv id"):
                await client.paper(paper_id)
        assert server.requests == []


def test_service_errors_never_carry_escapes() -> None:
    assert_clean(str(ServiceError("bad \x1b]52;c;QQ==\x07 thing \u202e")), "message")


async def test_retry_after_waits_are_bounded_and_the_total_is_shown(fake_server: FakeServer) -> None:
    notices: list[str] = []
    retry = RetryPolicy(attempts=3, base_delay=0.01, max_delay=60.0)
    # A wait longer than max_delay is never slept: the error comes at once.
    fake_server.fail("/api/daily_papers", rate_limited(3600))
    async with HubClient(fake_server.url, retry=retry, on_retry=lambda r, s: notices.append(r)) as client:
        with pytest.raises(RateLimitedError, match="retry in 3600 s"):
            await client.daily(FeedKey("latest"))
        assert notices == []
        # A wait that would pass the listing's deadline is not slept either.
        client.http.limits = Limits(phase_deadline=5.0)
        fake_server.fail("/api/daily_papers", rate_limited(30))
        with pytest.raises(RateLimitedError):
            await client.daily(FeedKey("latest"))
        assert notices == []
        # Short waits are slept, and each notice says how much of the bound is used.
        fake_server.fail("/api/daily_papers", rate_limited(0.01), rate_limited(0.02))
        assert await client.daily(FeedKey("latest"))
    assert len(notices) == 2
    assert notices[1].endswith("(waited 0.0 s of at most 5.0 s)"), notices


@pytest.mark.parametrize("text", ["local-../../etc", "local-\x1b]52;c;QQ==\x07", "2503.0001/../x", "a?b", "x#y"])
def test_command_line_ids_outside_the_known_forms_are_refused_in_ascii(text: str) -> None:
    from tui.headless._lookup import PaperNotFound, normalise_id

    with pytest.raises(PaperNotFound) as caught:
        normalise_id(text)
    assert str(caught.value).isascii() and "\x1b" not in str(caught.value)
