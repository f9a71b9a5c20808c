"""Full text against the loopback fake: arXiv HTML, then HF Markdown, then the abstract; the cache."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.fakes import fulltext_routes
from tests.fakes.base import FakeResponse
from tests.fakes.fulltext_routes import FAILED_ID, HTML_AS_MD_ID, NO_HTML_ID, FullTextState
from tests.fakes.helpers import Clock
from tests.fakes.server import FakeServer, hang
from tui.models import Paper
from tui.services.net.http import HttpService, RetryPolicy
from tui.services.paper.fulltext import FullTextService
from tui.services.storage.fulltext_cache import FullTextCache


@pytest.fixture
def routes(fake_server: FakeServer) -> FullTextState:
    return fulltext_routes.install(fake_server)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(tmp_path: Path, clock: Clock) -> Iterator[FullTextCache]:
    store = FullTextCache(tmp_path / "fulltext.sqlite3", now=clock)
    yield store
    store.close()


def _service(server: FakeServer, cache: FullTextCache, *, offline: bool = False, timeout: float = 10) -> FullTextService:
    hub = HttpService(server.url, service="Hugging Face", offline=offline, timeout=timeout,
                      retry=RetryPolicy(attempts=1))
    return FullTextService(cache, hub, arxiv_base=server.url + "/arxiv-html", offline=offline, timeout=timeout)


@pytest.fixture
async def service(fake_server: FakeServer, routes: FullTextState, cache: FullTextCache) -> AsyncIterator[FullTextService]:
    svc = _service(fake_server, cache)
    yield svc
    await svc.aclose()
    await svc.hub.aclose()


def _first_paper(server: FakeServer) -> Paper:
    item = server.hub.all_items()[0]["paper"]
    return Paper(id=item["id"], title=item["title"], summary=item["summary"])


async def test_arxiv_html_first_and_cached_compressed(service: FullTextService, fake_server: FakeServer,
                                                      routes: FullTextState, cache: FullTextCache) -> None:
    paper = _first_paper(fake_server)
    loaded = await service.load(paper.id, paper)
    assert loaded.document.source == "arxiv-html" and not loaded.from_cache
    assert loaded.document.title == paper.title
    assert [h.label for h in loaded.document.headings()][:3] == ["1", "1.1", "2"]
    again = await service.load(paper.id, paper)
    assert again.from_cache and again.document == loaded.document
    assert len(routes.requests_to("/arxiv-html/")) == 1
    space = cache.space()
    assert space.papers == 1 and 0 < space.stored_bytes < space.raw_bytes / 3


async def test_failed_conversion_falls_back_to_hf_markdown(service: FullTextService) -> None:
    loaded = await service.load(FAILED_ID, Paper(id=FAILED_ID, title="Failed one"))
    doc = loaded.document
    assert doc.source == "hf-markdown"
    assert doc.notice.startswith("arXiv's HTML conversion failed")
    assert [h.text for h in doc.headings()] == ["Abstract", "Introduction", "Method"]
    assert any(b.kind == "equation" and b.lines == ["∑ᵢ xᵢ"] for b in doc.blocks)


async def test_no_html_and_no_markdown_falls_back_to_abstract_with_links(service: FullTextService) -> None:
    paper = Paper(id=NO_HTML_ID, title="No HTML", summary="An abstract with $\\alpha$.")
    doc = (await service.load(NO_HTML_ID, paper)).document
    assert doc.source == "abstract"
    assert doc.notice == "arXiv has no HTML for this paper; Hugging Face has no Markdown: showing the abstract"
    assert doc.blocks[0].text == "An abstract with α."
    assert f"https://arxiv.org/pdf/{NO_HTML_ID}" in [s.target for b in doc.blocks for s in b.spans]


async def test_an_html_body_from_the_md_route_is_not_rendered_as_markdown(service: FullTextService) -> None:
    doc = (await service.load(HTML_AS_MD_ID, Paper(id=HTML_AS_MD_ID, title="T", summary="abs"))).document
    assert doc.source == "abstract"
    assert "Hugging Face sent an HTML page, not Markdown" in doc.notice


async def test_offline_reads_the_cache_and_says_so_when_missing(fake_server: FakeServer, routes: FullTextState,
                                                                cache: FullTextCache, service: FullTextService) -> None:
    paper = _first_paper(fake_server)
    await service.load(paper.id, paper)
    offline = _service(fake_server, cache, offline=True)
    hit = await offline.load(paper.id, paper)
    assert hit.from_cache and hit.document.source == "arxiv-html"
    other = _first_paper(fake_server)._replace(id="2501.04242")
    missing = await offline.load(other.id, other)
    assert missing.document.source == "abstract"
    assert "offline" in missing.document.notice
    assert cache.document(other.id) is None  # a made-up fallback is never stored


async def test_stale_text_is_kept_when_the_network_fails(fake_server: FakeServer, routes: FullTextState,
                                                         cache: FullTextCache, clock: Clock,
                                                         service: FullTextService) -> None:
    paper = _first_paper(fake_server)
    await service.load(paper.id, paper)
    clock.advance(timedelta(days=40))
    routes.fail("/arxiv-html/", hang(), hang())
    routes.fail(f"/papers/{paper.id}.md", hang())
    short = _service(fake_server, cache, timeout=0.3)
    loaded = await short.load(paper.id, paper)
    assert loaded.from_cache and loaded.stale and loaded.document.source == "arxiv-html"
    await short.aclose()
    await short.hub.aclose()


async def test_huge_page_is_refused_and_markdown_shown(service: FullTextService, routes: FullTextState) -> None:
    routes.pages["2501.07777"] = FakeResponse.text("<html>" + "x" * (10 * 1024 * 1024 + 10))
    doc = (await service.load("2501.07777", Paper(id="2501.07777", title="Big"))).document
    assert doc.source == "hf-markdown"
    assert "over 10 MB" in doc.notice


async def test_prefetch_paces_arxiv_requests_with_the_given_clock(fake_server: FakeServer, routes: FullTextState,
                                                                  cache: FullTextCache) -> None:
    now = [100.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    hub = HttpService(fake_server.url, service="Hugging Face", retry=RetryPolicy(attempts=1))
    svc = FullTextService(cache, hub, arxiv_base=fake_server.url + "/arxiv-html", min_interval=3.0,
                          clock=lambda: now[0], sleep=sleep)
    ids = [item["paper"]["id"] for item in fake_server.hub.all_items()[:3]]
    for paper_id in ids:
        await svc.load(paper_id)
    assert waits == [3.0, 3.0]
    await svc.aclose()
    await hub.aclose()


def test_positions_and_broken_cache_file(tmp_path: Path) -> None:
    path = tmp_path / "fulltext.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    store = FullTextCache(path)
    assert store.notice is not None and "moved aside" in store.notice
    store.save_position("2501.00001", 42)
    assert store.position("2501.00001") == 42
    assert store.position("2501.00002") is None
    store.close()
