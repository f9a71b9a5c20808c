"""A paper's authors' profiles fetched side by side: shared fetches, batched arXiv ids, streamed CLI."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.fakes import scholar_routes
from tests.fakes.helpers import Clock
from tests.fakes.scholar_routes import ScholarState
from tests.fakes.server import FakeServer
from tui.cli import main
from tui.models import Author, Paper
from tui.services.author.categories import CategoryBatcher
from tui.services.author.profiles import AuthorService
from tui.services.net.arxiv_api import ArxivClient
from tui.services.net.http import RetryPolicy
from tui.services.net.scholar import ScholarClient
from tui.services.storage.author_store import StoreAuthorCache
from tui.services.storage.store import CacheStore

PAPER = "2503.09999"


def _five_prolific_authors(state: ScholarState, papers: int = 30) -> list[str]:
    ids = []
    for i in range(5):
        aid = f"p{i}"
        state.add_author(aid, f"Prolific {i}", h_index=10 + i, paper_count=papers, citation_count=100 * i)
        for k in range(papers):
            state.add_author_paper(aid, title=f"P{i}-{k}", date=f"2024-01-{k % 28 + 1:02d}",
                                   arxiv_id=f"2401.{i}{k:04d}", authors=[(aid, f"Prolific {i}")],
                                   abstract=None, citations=k, category="cs.LG" if k % 2 else "cs.CV")
        ids.append(aid)
    state.add_paper(PAPER, ids, category="cs.LG")
    return ids


@pytest.fixture
def state(fake_server: FakeServer) -> ScholarState:
    state = scholar_routes.install(fake_server)
    _five_prolific_authors(state)
    return state


def _service(server: FakeServer, tmp_path: Path, *, interval: float = 0.0) -> AuthorService:
    retry = RetryPolicy(attempts=2, base_delay=0.01)
    scholar = ScholarClient(server.url + "/s2", retry=retry)
    arxiv = ArxivClient(server.url + "/arxiv", min_interval=interval, retry=retry)
    return AuthorService(scholar, arxiv, cache=StoreAuthorCache(CacheStore(tmp_path / "c.sqlite3")), clock=Clock())


async def _close(service: AuthorService) -> None:
    await service.aclose()
    await service.scholar.aclose()
    await service.arxiv.aclose()


async def test_five_authors_share_arxiv_requests_and_each_author_is_fetched_once(
    fake_server: FakeServer, state: ScholarState, tmp_path: Path
) -> None:
    service = _service(fake_server, tmp_path, interval=0.05)
    paper = Paper(id=PAPER, title="t", authors=tuple(Author(f"Prolific {i}") for i in range(5)))
    try:
        ready: list[int] = []
        # The sidebar asks for author 0 while the prefetch asks for everyone: one fetch per author.
        metrics = await service.paper_authors(paper)
        alone, together = await asyncio.gather(
            service.full_profile(metrics[0]),
            service.paper_profiles(paper, on_ready=lambda i, p, e: ready.append(i)),
        )
    finally:
        await _close(service)
    assert sorted(ready) == [0, 1, 2, 3, 4]
    assert alone.papers == together[0][0].papers
    assert all(error is None for _, error in together)
    assert all(all(p.category for p in profile.papers) for profile, _ in together)
    for i in range(5):
        assert len(state.requests_to(f"/s2/author/p{i}/papers")) == 1
    arxiv = state.requests_to("/arxiv/query")
    asked = [i for r in arxiv for i in r.query["id_list"].split(",")]
    assert len(asked) == len(set(asked)) == 150
    assert len(arxiv) == 2  # 150 ids in requests of 100, not one (or more) per author


async def test_metrics_and_papers_come_before_the_categories(
    fake_server: FakeServer, state: ScholarState, tmp_path: Path
) -> None:
    service = _service(fake_server, tmp_path)
    gate = asyncio.Event()
    real = service.categories.arxiv

    class HeldArxiv(ArxivClient):
        async def primary_categories(self, ids: list[str]) -> dict[str, str]:
            await gate.wait()  # arXiv answers only when the test says so
            return await real.primary_categories(ids)

    held = HeldArxiv(fake_server.url + "/arxiv", min_interval=0)
    service.categories = CategoryBatcher(held)
    metrics = (await service.paper_authors(Paper(id=PAPER, title="t")))[0]
    early: list[Paper | object] = []
    try:
        task = asyncio.ensure_future(service.full_profile(metrics, on_papers=early.append))
        while not early:
            await asyncio.sleep(0.01)
        partial = early[0]
        assert not task.done()
        assert partial.h_index == 10 and len(partial.papers) == 30  # type: ignore[union-attr]
        assert all(p.category is None for p in partial.papers)  # type: ignore[union-attr]
        gate.set()
        full = await task
    finally:
        await _close(service)
        await held.aclose()
    assert all(p.category in ("LG", "CV") for p in full.papers)


def test_the_cli_prints_every_author_in_byline_order(
    fake_server: FakeServer, state: ScholarState, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_ENDPOINT", fake_server.url + "/arxiv")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_INTERVAL", "0")
    assert main(["author", "--paper", PAPER]) == 0
    out = capsys.readouterr().out
    heads = [line for line in out.splitlines() if line.startswith("Prolific ")]
    assert heads == [f"Prolific {i}" for i in range(5)]
    assert out.count("h-index") == 5 and "main category" in out
