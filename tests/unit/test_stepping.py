"""``[`` / ``]`` never give up: long gaps are crossed in a handful of requests (tui.services.reader.stepping).

Against the loopback fake: papers on 2025-01-06 .. 01-10 and from 2025-02-20 on,
nothing in the 40 days between (2025-01-11 .. 02-19).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta

import pytest

from tests.fakes.hub_routes import make_dataset
from tests.fakes.server import FakeServer
from tui.models import FeedKey
from tui.services.net.http import RetryPolicy
from tui.services.net.hub import HubClient
from tui.services.reader.feeds import FeedService
from tui.services.reader.stepping import MAX_STEP_REQUESTS
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore

BEFORE_GAP = date(2025, 1, 10)  # a Friday
AFTER_GAP = date(2025, 2, 20)  # a Thursday
TODAY = date(2025, 3, 5)


def gap_state(per_day: int = 12) -> FakeServer:
    early = make_dataset(5, per_day, date(2025, 1, 6))
    late = make_dataset(14, per_day, AFTER_GAP, seed=7)
    early.days.update(late.days)
    early.papers.update(late.papers)
    return FakeServer(early)


@pytest.fixture
def gap_server() -> Iterator[FakeServer]:
    server = gap_state()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def make_feeds(url: str, store: CacheStore | None = None, *, offline: bool = False) -> FeedService:
    hub = HubClient(url, offline=offline)
    hub.http.retry = RetryPolicy(attempts=1, base_delay=0.01)
    return FeedService(store or CacheStore(None), UserLibrary(None), hub, offline=offline, today=lambda: TODAY)


@pytest.fixture
async def feeds(gap_server: FakeServer) -> AsyncIterator[FeedService]:
    service = make_feeds(gap_server.url)
    yield service
    await service.hub.aclose()
    service.store.close()


def listing_requests(server: FakeServer) -> list[dict[str, str]]:
    return [dict(r.query) for r in server.requests_to("/api/daily_papers")]


async def test_back_over_forty_empty_days_in_a_handful_of_requests(feeds: FeedService, gap_server: FakeServer) -> None:
    progress: list[str] = []
    step = await feeds.step(FeedKey("day", AFTER_GAP.isoformat()), -1, on_progress=progress.append)
    assert step.key == FeedKey("day", BEFORE_GAP.isoformat())
    assert step.listing is not None and len(step.listing.papers) == len(gap_server.hub.days[BEFORE_GAP.isoformat()])
    asked = listing_requests(gap_server)
    assert len(asked) <= 7, asked  # day by day that would be 41
    assert any("week" in q for q in asked) and any("month" in q for q in asked)
    assert progress and progress[-1].startswith("looking for papers before: asking")
    cached = feeds.cached(FeedKey("day", BEFORE_GAP.isoformat()))
    assert cached is not None and cached.papers  # the day found is opened and cached


async def test_forward_over_forty_empty_days_in_a_handful_of_requests(feeds: FeedService, gap_server: FakeServer) -> None:
    step = await feeds.step(FeedKey("day", BEFORE_GAP.isoformat()), 1)
    assert step.key == FeedKey("day", AFTER_GAP.isoformat())
    assert step.listing is not None and step.listing.papers
    assert len(listing_requests(gap_server)) <= 7, listing_requests(gap_server)


async def test_a_full_page_does_not_hide_a_nearer_day(gap_server: FakeServer) -> None:
    # 30 papers a day: a month's first page (100) cannot hold the whole month, so the
    # nearest day must be confirmed a level finer, not guessed from the page.
    server = gap_state(per_day=30)
    server.start()
    feeds = make_feeds(server.url)
    try:
        back = await feeds.step(FeedKey("day", AFTER_GAP.isoformat()), -1)
        assert back.key == FeedKey("day", BEFORE_GAP.isoformat())
        ahead = await feeds.step(FeedKey("day", BEFORE_GAP.isoformat()), 1)
        assert ahead.key == FeedKey("day", AFTER_GAP.isoformat())
        assert len(listing_requests(server)) <= 2 * MAX_STEP_REQUESTS
    finally:
        await feeds.hub.aclose()
        server.stop()


async def test_a_cached_day_bounds_the_search(feeds: FeedService, gap_server: FakeServer) -> None:
    await feeds.fetch(FeedKey("day", BEFORE_GAP.isoformat()))
    before = len(listing_requests(gap_server))
    step = await feeds.step(FeedKey("day", AFTER_GAP.isoformat()), -1)
    assert step.key == FeedKey("day", BEFORE_GAP.isoformat()) and step.refresh  # from the cache, then refreshed
    assert len(listing_requests(gap_server)) - before <= 6


async def test_nothing_before_the_first_papers_is_searched_back_to_may_2023_in_bounded_requests(
    feeds: FeedService, gap_server: FakeServer
) -> None:
    step = await feeds.step(FeedKey("day", "2025-01-06"), -1)
    assert step.key is None
    assert step.message == "No papers before Mon 06 Jan 2025: Daily Papers start in May 2023."
    asked = listing_requests(gap_server)
    assert len(asked) <= MAX_STEP_REQUESTS and asked[-1] == {"month": "2023-05", "p": "0", "limit": "100"}


async def test_a_search_out_of_requests_says_how_far_it_got(feeds: FeedService, gap_server: FakeServer) -> None:
    feeds.max_step_requests = 6
    step = await feeds.step(FeedKey("day", "2025-01-06"), -1)
    assert step.key is None
    assert step.message == ("No papers found before Mon 06 Jan 2025 in 6 requests to Hugging Face;"
                            " press : to go to a date.")
    assert len(listing_requests(gap_server)) == 6


async def test_the_first_daily_papers_day_is_the_end(feeds: FeedService, gap_server: FakeServer) -> None:
    step = await feeds.step(FeedKey("day", "2023-05-01"), -1)
    assert step.key is None and "May 2023" in step.message
    assert not listing_requests(gap_server)


async def test_offline_goes_to_the_nearest_cached_day_a_hundred_days_away(gap_server: FakeServer) -> None:
    store = CacheStore(None)
    online = make_feeds(gap_server.url, store)
    await online.fetch(FeedKey("day", BEFORE_GAP.isoformat()))
    offline = make_feeds(gap_server.url, store, offline=True)
    asked = len(gap_server.requests)
    far = BEFORE_GAP + timedelta(days=100)
    back = await offline.step(FeedKey("day", far.isoformat()), -1)
    assert back.key == FeedKey("day", BEFORE_GAP.isoformat()) and back.listing is not None and back.listing.papers
    ahead = await offline.step(FeedKey("day", (BEFORE_GAP - timedelta(days=100)).isoformat()), 1)
    assert ahead.key == FeedKey("day", BEFORE_GAP.isoformat())
    assert len(gap_server.requests) == asked  # offline: not one request
    for service in (online, offline):
        await service.hub.aclose()
    store.close()


def test_feed_prev_and_next_use_the_same_policy(
    gap_server: FakeServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.cli import main

    monkeypatch.setenv("HF_ENDPOINT", gap_server.url)
    assert main(["feed", "--date", AFTER_GAP.isoformat(), "--prev", "--json"]) == 0
    out, err = capsys.readouterr()
    expected = [item["paper"]["id"] for item in gap_server.hub.days[BEFORE_GAP.isoformat()]]
    assert [json.loads(line)["id"] for line in out.splitlines()] == expected
    assert "papers-tui: Fri 10 Jan 2025" in err
    assert len(listing_requests(gap_server)) <= 7
    assert main(["feed", "--date", BEFORE_GAP.isoformat(), "--next"]) == 0
    out, err = capsys.readouterr()
    assert "papers-tui: Thu 20 Feb 2025" in err and out.count("\n") == len(gap_server.hub.days[AFTER_GAP.isoformat()])
    asked = len(gap_server.requests)
    assert main(["--offline", "feed", "--date", "2025-06-30", "--prev"]) == 0  # offline: the nearest cached day
    out, err = capsys.readouterr()
    assert err == "papers-tui: Thu 20 Feb 2025\n" and out and len(gap_server.requests) == asked


def test_feed_prev_needs_a_dated_view(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    assert main(["feed", "--trending", "--prev", "--offline"]) == 1
    assert "--prev / --next need --date, --week or --month" in capsys.readouterr().err
