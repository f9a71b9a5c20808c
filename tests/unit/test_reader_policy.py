"""The reader policy (tui.services.reader.feeds): what each view shows, for the UI and the CLI alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from tests.fakes.base import FakeResponse
from tests.fakes.server import FakeServer, server_error
from tui.models import Author, FeedKey, Paper
from tui.services.errors import ServiceError
from tui.services.net.http import RetryPolicy
from tui.services.net.hub import HubClient
from tui.services.reader.feeds import FeedService
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore

TODAY = date(2025, 3, 12)
"""The fake Hub's dataset runs 2025-03-03 .. 2025-03-12 (the 8th and 9th are a weekend)."""


def make_feeds(url: str, *, offline: bool = False) -> FeedService:
    hub = HubClient(url, offline=offline)
    hub.http.retry = RetryPolicy(attempts=1, base_delay=0.01)
    sample = [Paper(id="local-1", title="A bundled paper", authors=(Author("Ada"),))]
    return FeedService(
        CacheStore(None), UserLibrary(None), hub, offline=offline, sample_loader=lambda: sample, today=lambda: TODAY
    )


@pytest.fixture
async def feeds(fake_server: FakeServer) -> AsyncIterator[FeedService]:
    service = make_feeds(fake_server.url)
    yield service
    await service.hub.aclose()
    service.store.close()


def ids(papers: list[Paper]) -> list[str]:
    return [p.id for p in papers]


# -- opening ------------------------------------------------------------------------


async def test_first_start_with_an_empty_cache_opens_on_the_sample_and_refreshes(feeds: FeedService) -> None:
    opening = feeds.opening(FeedKey("latest"))
    assert opening.listing is not None and opening.listing.source == "sample"
    assert ids(opening.listing.papers) == ["local-1"] and opening.refresh


async def test_an_uncached_day_says_loading_online_and_not_cached_offline(fake_server: FakeServer) -> None:
    online, offline = make_feeds(fake_server.url), make_feeds(fake_server.url, offline=True)
    day = FeedKey("day", "2025-03-05")
    assert online.opening(day).listing is None and online.opening(day).empty_reason == "loading…"
    assert online.opening(day).refresh
    shut = offline.opening(day)
    assert shut.listing is None and not shut.refresh
    assert shut.empty_reason == f"offline - {day.label} is not cached"
    assert offline.opening(FeedKey("latest")).listing is not None  # the sample, offline too
    for service in (online, offline):
        await service.hub.aclose()


async def test_bookmarks_open_from_the_library_and_never_ask_the_network(feeds: FeedService) -> None:
    paper = Paper(id="2503.00001", title="Kept")
    feeds.library.toggle_bookmark(paper)
    opening = feeds.opening(FeedKey("bookmarks"))
    assert opening.listing is not None and ids(opening.listing.papers) == ["2503.00001"]
    assert not opening.refresh


async def test_a_cached_day_opens_from_the_cache_and_is_refreshed(feeds: FeedService, fake_server: FakeServer) -> None:
    day = FeedKey("day", "2025-03-05")
    fetched = await feeds.fetch(day)
    opening = await feeds.opening_async(day)
    assert opening.listing is not None and opening.listing.source == "cache"
    assert ids(opening.listing.papers) == ids(fetched.papers) and opening.refresh


# -- refresh --------------------------------------------------------------------------


async def test_a_refresh_that_comes_back_empty_never_replaces_the_cached_papers(
    feeds: FeedService, fake_server: FakeServer
) -> None:
    day = FeedKey("day", "2025-03-05")
    kept = ids((await feeds.fetch(day)).papers)
    fake_server.fail("/api/daily_papers", FakeResponse.json([]))
    with pytest.raises(ServiceError, match="keeping the cached copy"):
        await feeds.fetch(day)
    cached = feeds.cached(day)
    assert cached is not None and ids(cached.papers) == kept


async def test_latest_falls_back_to_the_cache_then_the_sample(feeds: FeedService, fake_server: FakeServer) -> None:
    fake_server.fail("/api/daily_papers", server_error(503), server_error(503))
    listing, error = await feeds.get_or_fallback(FeedKey("latest"))
    assert error is not None and listing.source == "sample"


# -- [ and ] --------------------------------------------------------------------------


async def test_stepping_back_from_monday_skips_the_empty_weekend(feeds: FeedService, fake_server: FakeServer) -> None:
    fetching: list[FeedKey] = []
    step = await feeds.step(FeedKey("day", "2025-03-10"), -1, on_fetching=fetching.append)
    assert step.key == FeedKey("day", "2025-03-07") and step.listing is not None and step.listing.papers
    assert fetching == [FeedKey("day", d) for d in ("2025-03-09", "2025-03-08", "2025-03-07")]
    again = await feeds.step(FeedKey("day", "2025-03-10"), -1)
    assert again.key == FeedKey("day", "2025-03-07") and again.refresh  # now from the cache


async def test_stepping_past_today_goes_nowhere(feeds: FeedService) -> None:
    step = await feeds.step(FeedKey("day", TODAY.isoformat()), 1)
    assert step.key is None and step.message == "No later listing yet."


async def test_offline_stepping_uses_only_cached_days(fake_server: FakeServer) -> None:
    feeds = make_feeds(fake_server.url, offline=True)
    step = await feeds.step(FeedKey("day", "2025-03-10"), -1)
    assert step.key is None and "offline - no earlier cached day with papers" == step.message
    assert not fake_server.requests_to("/api/daily_papers")
    await feeds.hub.aclose()


async def test_a_failed_step_reports_the_day_and_the_error(feeds: FeedService, fake_server: FakeServer) -> None:
    fake_server.fail("/api/daily_papers", server_error(500))
    step = await feeds.step(FeedKey("day", "2025-03-06"), -1)
    assert step.key == FeedKey("day", "2025-03-05") and step.error is not None and step.listing is None


# -- weeks and months -------------------------------------------------------------------


async def test_a_week_is_assembled_from_its_cached_days_and_saved(feeds: FeedService) -> None:
    week = FeedKey("week", "2025-W10")
    for day in week.days():
        await feeds.fetch(FeedKey("day", day.isoformat()))
    assert not feeds.store.has_listing(week)
    assembled = await feeds.assemble_period(week)
    assert assembled is not None and feeds.store.has_listing(week)
    expected: set[str] = set()
    for day in week.days():
        cached = feeds.cached(FeedKey("day", day.isoformat()))
        assert cached is not None
        expected |= set(ids(cached.papers))
    assert set(ids(assembled.papers)) == expected
    upvotes = [p.upvotes for p in assembled.papers]
    assert upvotes == sorted(upvotes, reverse=True)


async def test_a_week_with_a_missing_day_is_not_assembled(feeds: FeedService) -> None:
    await feeds.fetch(FeedKey("day", "2025-03-03"))
    assert await feeds.assemble_period(FeedKey("week", "2025-W10")) is None
    assert feeds.cached(FeedKey("week", "2025-W10")) is None


def test_F_fills_the_week_of_the_day_on_screen_up_to_today(feeds: FeedService) -> None:
    plan = feeds.period_to_fetch(FeedKey("day", "2025-03-11"))
    assert plan.key == FeedKey("week", "2025-W11")
    assert plan.days == [date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12)]
    future = feeds.period_to_fetch(FeedKey("month", "2025-04"))
    assert future.days == [] and future.message == f"{future.key.label} has not started yet."
    assert feeds.period_to_fetch(FeedKey("trending")).key == FeedKey("week", "2025-W11")


# -- search and the command line ----------------------------------------------------------


def test_search_problems_are_said_before_any_query_runs() -> None:
    assert FeedService.search_problem("   ") == "type something to search for: press /"
    assert FeedService.search_problem("diffusion") == ""


async def test_search_merges_remote_hits_after_the_cached_ones(feeds: FeedService, fake_server: FakeServer) -> None:
    word = fake_server.hub.all_items()[0]["paper"]["title"].split()[0]
    local = Paper(id="2401.99999", title=f"{word} in a cached paper only")
    feeds.store.save_listing(FeedKey("day", "2024-01-05"), [local])
    hits = await feeds.search_local(word)
    merged = await feeds.search_merged(FeedKey("search", word), hits)
    assert ids(merged.listing.papers)[0] == "2401.99999" and "2401.99999" not in merged.remote_ids
    assert merged.remote_ids and merged.note == f"1 cached · {len(merged.remote_ids)} remote ☁"


async def test_the_cli_offline_prints_the_cache_or_says_what_is_missing(fake_server: FakeServer) -> None:
    feeds = make_feeds(fake_server.url, offline=True)
    papers, status = await feeds.papers_for_cli(FeedKey("latest"), refresh=False)
    assert ids(list(papers)) == ["local-1"] and "bundled sample" in status
    with pytest.raises(ServiceError, match="not cached"):
        await feeds.papers_for_cli(FeedKey("day", "2025-03-05"), refresh=False)
    await feeds.hub.aclose()


async def test_the_cli_library_pages_every_cached_paper(feeds: FeedService) -> None:
    await feeds.fetch(FeedKey("day", "2025-03-05"))
    papers, status = await feeds.papers_for_cli(FeedKey("library"), refresh=False)
    assert ids(list(papers)) == feeds.store.library_ids() and status == ""
