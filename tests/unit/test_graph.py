"""Semantic Scholar references / citations / recommendations against the loopback fake (real shapes)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from tests.fakes import fulltext_routes
from tests.fakes.base import FakeResponse
from tests.fakes.fulltext_routes import MANY_CITATIONS_ID, NOT_IN_S2, FullTextState
from tests.fakes.latexml_pages import real
from tests.fakes.server import FakeServer
from tui.services.errors import RateLimitedError
from tui.services.net.graph import (
    GraphClient,
    NotIndexedError,
    newest_first,
    parse_edge,
    parse_edge_page,
    parse_recommendations,
)
from tui.services.net.http import RetryPolicy


@pytest.fixture
def routes(fake_server: FakeServer) -> FullTextState:
    return fulltext_routes.install(fake_server)


@pytest.fixture
async def client(fake_server: FakeServer, routes: FullTextState) -> AsyncIterator[GraphClient]:
    async with GraphClient(fake_server.url + "/s2", retry=RetryPolicy(attempts=2, base_delay=0.01)) as graph:
        yield graph


def test_real_reference_edge_parses_every_field() -> None:
    entry = parse_edge(json.loads(real("s2py_Reference.json")), "citedPaper")
    assert entry is not None
    assert entry.title == "Neural Variational Inference and Learning in Belief Networks"
    assert (entry.arxiv_id, entry.year, entry.venue) == ("1402.0030", 2014, "International Conference on Machine Learning")
    assert entry.influential is False and entry.intents == ("background",)
    assert entry.contexts[0].startswith("Directed generative models")


def test_real_citation_edge_is_influential_with_doi_link() -> None:
    entry = parse_edge(json.loads(real("s2py_Citation.json")), "citingPaper")
    assert entry is not None and entry.influential
    assert entry.arxiv_id is None and entry.link == "https://doi.org/10.1109/LRA.2022.3229266"
    assert len(entry.contexts) == 4


def test_real_pages_null_paper_ids_are_kept_and_next_ends_paging() -> None:
    first, nxt = parse_edge_page(json.loads(real("s2py_test_get_paper_references_0.json")), "citedPaper")
    assert (len(first), nxt) == (50, 50)
    last, end = parse_edge_page(json.loads(real("s2py_test_get_paper_references_1.json")), "citedPaper")
    assert end is None and len(last) == 17
    assert last[0].s2_id is None and last[0].title.startswith("Does Gender Matter")
    # S2 sometimes sends `next` with an empty page: that ends it too.
    assert parse_edge_page({"offset": 1000, "next": 1100, "data": []}, "citedPaper") == ([], None)


def test_recommendations_and_newest_first() -> None:
    papers = parse_recommendations(json.loads(real("s2py_test_get_recommended_papers_0.json")))
    assert len(papers) == 100 and papers[0].title.startswith("Report shows slight improvement")
    assert parse_recommendations({"error": "x"}) == []
    dated = [parse_edge({"citingPaper": {"title": t, "year": y, "publicationDate": d}}, "citingPaper")
             for t, y, d in (("old", 2019, None), ("new", 2025, "2025-02-01"), ("undated", None, None),
                             ("mid", 2023, "2023-05-05"))]
    assert [e.title for e in newest_first([e for e in dated if e])] == ["new", "mid", "old", "undated"]


async def test_references_page_through_offset_and_next(client: GraphClient, fake_server: FakeServer,
                                                       routes: FullTextState) -> None:
    paper = fake_server.hub.all_items()[0]["paper"]["id"]
    listing = await client.edges("references", paper, max_entries=3000)
    assert len(listing.entries) == 4 + 67
    assert listing.entries[0].arxiv_id == fake_server.hub.all_items()[1]["paper"]["id"]
    assert listing.entries[0].influential
    assert not listing.more
    request = routes.requests_to(f"/s2/paper/ARXIV:{paper}/references")[0]
    assert "isInfluential" in request.query["fields"] and request.query["offset"] == "0"


async def test_citations_paged_in_small_pages_newest_first(client: GraphClient, routes: FullTextState) -> None:
    from tui.services.net import graph

    old = graph.PAGE_LIMIT
    graph.PAGE_LIMIT = 100
    try:
        listing = await client.edges("citations", MANY_CITATIONS_ID)
    finally:
        graph.PAGE_LIMIT = old
    assert len(listing.entries) == 1 + 3 + 281
    offsets = [r.query["offset"] for r in routes.requests_to(f"/s2/paper/ARXIV:{MANY_CITATIONS_ID}/citations")]
    assert offsets == ["0", "100", "200"]
    dates = [e.date for e in listing.entries if e.date]
    assert dates == sorted(dates, reverse=True)


async def test_cap_on_entries_says_there_are_more(client: GraphClient) -> None:
    listing = await client.edges("citations", MANY_CITATIONS_ID, max_entries=50)
    assert len(listing.entries) == 50 and listing.more


async def test_not_indexed_paper_is_one_clear_error(client: GraphClient) -> None:
    with pytest.raises(NotIndexedError, match=f"has not indexed arXiv:{NOT_IN_S2}"):
        await client.edges("references", NOT_IN_S2)
    with pytest.raises(NotIndexedError, match="no recommendations"):
        await client.similar(NOT_IN_S2)


async def test_429_backs_off_then_answers_or_reports(client: GraphClient, routes: FullTextState,
                                                    fake_server: FakeServer) -> None:
    body = json.loads(real("s2_429_body_2026.json"))
    too_many = FakeResponse.json(body, 429, {"Retry-After": "0.01"})
    paper = fake_server.hub.all_items()[0]["paper"]["id"]
    routes.fail("/s2/paper/", too_many)
    listing = await client.edges("references", paper)
    assert len(listing.entries) > 0
    routes.fail("/s2/paper/", too_many, too_many)
    with pytest.raises(RateLimitedError):
        await client.edges("references", paper)


async def test_too_big_answer_asks_for_smaller_pages(client: GraphClient, routes: FullTextState,
                                                     fake_server: FakeServer) -> None:
    paper = fake_server.hub.all_items()[0]["paper"]["id"]
    routes.fail("/s2/paper/", FakeResponse.json({"error": "Response would exceed maximum size...."}, 400))
    listing = await client.edges("references", paper)
    limits = [r.query["limit"] for r in routes.requests_to(f"/s2/paper/ARXIV:{paper}/references")]
    assert limits[:2] == ["500", "125"] and len(listing.entries) == 71


async def test_similar_and_counts(client: GraphClient, fake_server: FakeServer) -> None:
    paper = fake_server.hub.all_items()[0]["paper"]["id"]
    similar = await client.similar(paper, limit=20)
    assert len(similar.entries) == 20 and similar.entries[0].arxiv_id is not None
    counts = await client.counts(paper)
    assert counts == {"citationCount": 4, "referenceCount": 71, "influentialCitationCount": 1}


async def test_graph_service_caches_for_days_and_falls_back_on_429(client: GraphClient, routes: FullTextState,
                                                                   fake_server: FakeServer, tmp_path: object) -> None:
    from datetime import timedelta

    from tests.fakes.helpers import Clock
    from tui.services.paper.graph_service import GraphService
    from tui.services.storage.fulltext_cache import FullTextCache

    clock = Clock()
    cache = FullTextCache(None, now=clock)
    service = GraphService(cache, client)
    paper = fake_server.hub.all_items()[0]["paper"]["id"]
    first = await service.load("references", paper)
    assert not first.from_cache and len(first.listing.entries) == 71
    again = await service.load("references", paper)
    assert again.from_cache and again.problem == ""
    assert len(routes.requests_to(f"/s2/paper/ARXIV:{paper}/references")) == 1
    clock.advance(timedelta(days=8))
    too_many = FakeResponse.json(json.loads(real("s2_429_body_2026.json")), 429, {"Retry-After": "0.01"})
    routes.fail("/s2/paper/", too_many, too_many)
    stale = await service.load("references", paper)
    assert stale.from_cache and "rate limited" in stale.problem
    assert len(stale.listing.entries) == 71
    offline = GraphService(cache, client, offline=True)
    assert (await offline.load("references", paper)).from_cache


def test_hostile_text_in_s2_answers_is_cleaned() -> None:
    entry = parse_edge(
        {"citedPaper": {"paperId": "x", "title": "Evil\x1b]52;c;ZXZpbA==\x07 title\x1b[2J",
                        "authors": [{"name": "Mal\u202eory"}], "venue": "V\x9b31m"},
         "contexts": ["ctx \x1b[31mred"]},
        "citedPaper",
    )
    assert entry is not None
    assert entry.title == "Evil title" and "\u202e" not in entry.authors[0] and entry.authors[0].startswith("Mal")
    assert "\x1b" not in entry.contexts[0] and "\x9b" not in (entry.venue or "")
