"""Pilot: the sidebar shows an author's metrics and papers before arXiv's categories, prefetches
the paper's other authors, and says "refresh failed" only when a refresh was tried and failed."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.app.harness import make_app, running, settle, wait_until
from tests.app.test_author_sidebar import byline, go_to, sidebar
from tests.fakes.scholar_routes import ScholarState
from tests.fakes.server import FakeServer, server_error
from tui.author_models import AuthorProfile
from tui.models import FeedKey, utcnow
from tui.services.author.categories import CategoryBatcher
from tui.services.net.arxiv_api import ArxivClient
from tui.services.storage.author_store import StoreAuthorCache

DAY = "2025-03-11"


async def test_metrics_and_papers_first_then_categories_and_the_next_author_is_ready(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 2)
        service = app.reader.authors.service()
        gate = asyncio.Event()
        real = service.categories.arxiv

        class HeldArxiv(ArxivClient):
            async def primary_categories(self, ids: list[str]) -> dict[str, str]:
                await gate.wait()
                return await real.primary_categories(ids)

        held = HeldArxiv(fake_server.url + "/arxiv", min_interval=0)
        service.categories = CategoryBatcher(held)
        first, second = byline(scholar, paper)[:2]
        await pilot.press("a")
        await wait_until(pilot, lambda: "categories from arXiv…" in sidebar(app).status_text)
        shown = sidebar(app).profile
        assert shown is not None and shown.name == first["name"] and shown.h_index == first["hIndex"]
        assert shown.papers and all(p.category is None for p in shown.papers)
        gate.set()
        await wait_until(pilot, lambda: sidebar(app).status_text == "Semantic Scholar · arXiv")
        assert all(p.category for p in sidebar(app).profile.papers)  # type: ignore[union-attr]
        await settle(pilot)
        # The prefetch already has the second author: j shows it without another request.
        asked = len(scholar.requests_to(f"/s2/author/{second['authorId']}/papers"))
        assert asked == 1
        await pilot.press("j")
        await wait_until(pilot, lambda: sidebar(app).profile is not None
                         and sidebar(app).profile.name == second["name"])  # type: ignore[union-attr]
        assert len(scholar.requests_to(f"/s2/author/{second['authorId']}/papers")) == 1
        await held.aclose()


async def _cache_first_author(app: object, scholar: ScholarState, paper_id: str, age: timedelta) -> dict:  # type: ignore[type-arg]
    author = scholar.authors[scholar.papers[f"arXiv:{paper_id}"][0]]
    profile = AuthorProfile(name=author["name"], author_id=author["authorId"], h_index=author["hIndex"],
                            paper_count=author["paperCount"], citation_count=author["citationCount"],
                            fetched_at=utcnow() - age)
    StoreAuthorCache(app.session.store).put_author(profile)  # type: ignore[attr-defined]
    return author


async def test_a_fresh_cached_profile_never_claims_a_failed_refresh(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 1)
        # The author's profile is cached (from another paper), this paper's byline is not.
        author = await _cache_first_author(app, scholar, paper.id, timedelta(minutes=5))
        await pilot.press("a")
        await settle(pilot)
        assert sidebar(app).profile is not None and sidebar(app).profile.name == author["name"]  # type: ignore[union-attr]
        assert sidebar(app).status_text.startswith("cached ")
        assert "refresh failed" not in sidebar(app).status_text
        assert not scholar.requests_to(f"/s2/author/{author['authorId']}/papers")


async def test_a_stale_profile_whose_refresh_fails_says_so(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 1)
        author = await _cache_first_author(app, scholar, paper.id, timedelta(days=30))
        fake_server.fail(f"/s2/author/{author['authorId']}/papers", *[server_error(503)] * 8)
        await pilot.press("a")
        await settle(pilot)
        await wait_until(pilot, lambda: "refresh failed" in sidebar(app).status_text)
        assert "503" in sidebar(app).status_text
        assert sidebar(app).profile is not None and sidebar(app).profile.h_index == author["hIndex"]  # type: ignore[union-attr]
