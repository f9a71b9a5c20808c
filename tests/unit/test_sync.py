"""SyncRunner and ``papers-tui sync`` against the loopback fake: ranges, resume, 429, failures, Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.fakes.base import FakeRequest, FakeResponse
from tests.fakes.server import FakeServer, hang, rate_limited, server_error
from tui.cli import build_parser
from tui.config import Paths
from tui.headless import sync as headless_sync
from tui.models import FeedKey
from tui.services.net.http import RetryPolicy
from tui.services.net.hub import HubClient
from tui.services.reader.sync import SyncProgress, SyncRunner, day_range, resolve_range
from tui.services.storage.store import CacheStore

FIRST, LAST = date(2025, 3, 3), date(2025, 3, 12)  # the fake's dataset; 8th and 9th are a weekend
NOW = datetime(2025, 4, 1, 12, tzinfo=UTC)


@pytest.fixture
def store() -> Iterator[CacheStore]:
    cache = CacheStore(None)
    yield cache
    cache.close()


def day_requests(server: FakeServer) -> list[str]:
    return [r.query["date"] for r in server.requests_to("/api/daily_papers") if "date" in r.query]


def runner_for(server: FakeServer, store: CacheStore, **kwargs: object) -> tuple[SyncRunner, HubClient]:
    hub = HubClient(server.url, retry=RetryPolicy(attempts=kwargs.pop("attempts", 3), base_delay=0.01))  # type: ignore[arg-type]
    runner = SyncRunner(store, hub, today=date(2025, 4, 1), now=lambda: NOW, **kwargs)  # type: ignore[arg-type]
    return runner, hub


async def test_fetches_every_day_of_a_range_with_progress(fake_server: FakeServer, store: CacheStore) -> None:
    seen: list[SyncProgress] = []
    runner, hub = runner_for(fake_server, store, on_progress=seen.append)
    async with hub:
        summary = await runner.run(FIRST, LAST)
    assert summary.ok and summary.fetched == day_range(FIRST, LAST)
    expected = sum(len(items) for items in fake_server.hub.days.values())
    assert (summary.papers, summary.new, summary.updated, summary.empty_days) == (expected, expected, 0, 2)
    assert day_requests(fake_server) == [d.isoformat() for d in day_range(FIRST, LAST)]
    # Weekends are complete (empty) days in the cache; weekdays hold the listing in order.
    assert store.listing(FeedKey("day", "2025-03-08")).papers == []  # type: ignore[union-attr]
    listing = store.listing(FeedKey("day", "2025-03-05"))
    assert listing is not None
    assert [p.id for p in listing.papers] == [i["paper"]["id"] for i in fake_server.hub.days["2025-03-05"]]
    # Progress: 0/10 first, then one report per day, papers growing, an ETA once a day is done.
    assert (seen[0].days_done, seen[0].days_total, seen[0].eta) == (0, 10, None)
    assert [p.days_done for p in seen[1:]] == list(range(1, 11))
    assert seen[-1].papers == expected and seen[-1].eta == 0
    assert all(later.papers >= earlier.papers for earlier, later in itertools.pairwise(seen))


async def test_resume_skips_complete_days(fake_server: FakeServer, store: CacheStore) -> None:
    runner, hub = runner_for(fake_server, store)
    async with hub:
        await runner.run(FIRST, date(2025, 3, 6))
        fake_server.requests.clear()
        summary = await runner.run(FIRST, LAST)
    assert summary.skipped == day_range(FIRST, date(2025, 3, 6))
    assert summary.fetched == day_range(date(2025, 3, 7), LAST)
    assert day_requests(fake_server) == [d.isoformat() for d in day_range(date(2025, 3, 7), LAST)]


async def test_a_day_fetched_before_it_ended_is_fetched_again(fake_server: FakeServer, store: CacheStore) -> None:
    store.save_listing(FeedKey("day", "2025-03-05"), [], datetime(2025, 3, 5, 9, tzinfo=UTC))
    store.save_listing(FeedKey("day", "2025-03-06"), [], datetime(2025, 3, 7, 0, 30, tzinfo=UTC))
    runner, hub = runner_for(fake_server, store)
    async with hub:
        summary = await runner.run(date(2025, 3, 5), date(2025, 3, 6))
    assert summary.fetched == [date(2025, 3, 5)] and summary.skipped == [date(2025, 3, 6)]


async def test_refetch_and_future_days(fake_server: FakeServer, store: CacheStore) -> None:
    runner, hub = runner_for(fake_server, store)
    async with hub:
        await runner.run(FIRST, FIRST)
        again = SyncRunner(store, hub, refetch=True, today=FIRST + timedelta(days=1), now=lambda: NOW)
        summary = await again.run(FIRST, FIRST + timedelta(days=3))
    assert summary.fetched == [FIRST, FIRST + timedelta(days=1)]
    assert summary.future == [FIRST + timedelta(days=2), FIRST + timedelta(days=3)] and not summary.skipped
    assert summary.updated == len(fake_server.hub.days[FIRST.isoformat()])


async def test_rate_limit_pauses_and_retries_the_day(fake_server: FakeServer, store: CacheStore) -> None:
    # The HTTP layer gives up at once (one attempt); the runner waits what the 429 asked and retries.
    fake_server.fail("/api/daily_papers", rate_limited(40), rate_limited(7, retry_after=7))
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    notes: list[str] = []
    runner, hub = runner_for(
        fake_server, store, attempts=1, sleep=fake_sleep, on_progress=lambda p: notes.append(p.note)
    )
    async with hub:
        summary = await runner.run(FIRST, date(2025, 3, 4))
    assert waits == [40, 7]
    assert summary.ok and summary.fetched == [FIRST, date(2025, 3, 4)] and summary.rate_limit_waits == 2
    assert "rate limited: waiting 40 s" in notes


async def test_a_rate_limit_that_outlasts_the_retries_stops_the_run(
    fake_server: FakeServer, store: CacheStore
) -> None:
    fake_server.fail("/api/daily_papers", *[rate_limited(5) for _ in range(10)])

    async def fake_sleep(seconds: float) -> None:
        return None

    runner, hub = runner_for(fake_server, store, attempts=1, sleep=fake_sleep, rate_limit_retries=2)
    async with hub:
        summary = await runner.run(FIRST, date(2025, 3, 5))
    assert not summary.ok
    assert [f.day for f in summary.failed] == [FIRST]
    assert "rate limited" in summary.failed[0].reason
    assert summary.not_attempted == [date(2025, 3, 4), date(2025, 3, 5)]
    assert "run again later" in summary.stopped


async def test_a_day_failing_midway_is_reported_and_the_rest_is_fetched(
    fake_server: FakeServer, store: CacheStore
) -> None:
    def broken_day(request: FakeRequest) -> FakeResponse | None:
        return server_error(500) if request.query.get("date") == "2025-03-05" else None

    fake_server.handlers.insert(0, broken_day)
    runner, hub = runner_for(fake_server, store)
    async with hub:
        summary = await runner.run(FIRST, date(2025, 3, 7))
    assert [f.day for f in summary.failed] == [date(2025, 3, 5)]
    assert "500" in summary.failed[0].reason
    assert summary.fetched == [FIRST, date(2025, 3, 4), date(2025, 3, 6), date(2025, 3, 7)]
    assert not summary.ok and not summary.stopped
    assert not store.has_listing(FeedKey("day", "2025-03-05"))


async def test_network_gone_stops_and_a_later_run_resumes(fake_server: FakeServer, store: CacheStore) -> None:
    runner, hub = runner_for(fake_server, store)
    async with hub:
        await runner.run(FIRST, date(2025, 3, 4))
    fake_server.stop()
    dead = HubClient(fake_server.url, retry=RetryPolicy(attempts=1))
    async with dead:
        summary = await SyncRunner(store, dead, today=date(2025, 4, 1), now=lambda: NOW).run(FIRST, LAST)
    assert summary.skipped == [FIRST, date(2025, 3, 4)]
    assert [f.day for f in summary.failed] == [date(2025, 3, 5)]
    assert "offline" in summary.failed[0].reason and "resume" in summary.stopped
    assert summary.not_attempted == day_range(date(2025, 3, 6), LAST)


async def test_cancelling_keeps_committed_days_and_resumes(fake_server: FakeServer, store: CacheStore) -> None:
    runner, hub = runner_for(fake_server, store)

    def stop_after_three(progress: SyncProgress) -> None:
        if progress.days_done == 3:
            task.cancel()

    runner.on_progress = stop_after_three
    async with hub:
        task = asyncio.ensure_future(runner.run(FIRST, LAST))
        with pytest.raises(asyncio.CancelledError):
            await task
        assert runner.summary.cancelled and runner.summary.fetched == day_range(FIRST, date(2025, 3, 5))
        assert all(store.has_listing(FeedKey("day", d.isoformat())) for d in runner.summary.fetched)
        resumed = await SyncRunner(store, hub, today=date(2025, 4, 1), now=lambda: NOW).run(FIRST, LAST)
    assert resumed.skipped == day_range(FIRST, date(2025, 3, 5))
    assert resumed.fetched == day_range(date(2025, 3, 6), LAST) and resumed.ok


# -- date ranges ------------------------------------------------------------------------


def test_resolve_range() -> None:
    today = date(2025, 3, 12)
    assert resolve_range("2025-03-01", None, None, today=today) == (date(2025, 3, 1), today)
    assert resolve_range(None, "2025-03-10", 3, today=today) == (date(2025, 3, 8), date(2025, 3, 10))
    assert resolve_range(None, None, 1, today=today) == (today, today)
    for since, until, days, says in [
        ("2025-3-1", None, None, "not a date"),
        ("2025-02-30", None, None, "not a date"),
        ("2025-03-10", "2025-03-01", None, "before"),
        (None, None, 0, "at least 1"),
        ("1990-01-01", None, None, "ten years"),
        (None, None, None, "--since"),
    ]:
        with pytest.raises(ValueError, match=says):
            resolve_range(since, until, days, today=today)


# -- papers-tui sync --------------------------------------------------------------------


def sync_args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["sync", *argv])


def test_cli_sync_summary_exit_zero_then_resume(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    assert asyncio.run(headless_sync.run(sync_args("--since", "2025-03-03", "--until", "2025-03-12"))) == 0
    out = capsys.readouterr().out
    total = sum(len(items) for items in fake_server.hub.days.values())
    assert "10 days fetched (2 empty), 0 already complete, 0 failed" in out
    assert f"papers: {total} ({total} new, 0 updated)" in out
    assert asyncio.run(headless_sync.run(sync_args("--since", "2025-03-03", "--until", "2025-03-12"))) == 0
    assert "0 days fetched, 10 already complete" in capsys.readouterr().out


def test_cli_sync_failed_day_exit_one_and_quiet(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    fake_server.handlers.insert(
        0, lambda r: FakeResponse.json({"error": "Invalid date"}, 400) if r.query.get("date") == "2025-03-04" else None
    )
    code = asyncio.run(headless_sync.run(sync_args("--since", "2025-03-03", "--until", "2025-03-05", "--quiet")))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "1 day(s) failed" in captured.err and "2025-03-04: Hugging Face returned 400" in captured.err
    cache = CacheStore(Paths.from_env().cache_db)
    try:
        assert cache.has_listing(FeedKey("day", "2025-03-05")) and not cache.has_listing(FeedKey("day", "2025-03-04"))
    finally:
        cache.close()


def test_cli_sync_bad_range_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    assert asyncio.run(headless_sync.run(sync_args("--since", "2025-03-10", "--until", "2025-03-01"))) == 2
    assert "before --since" in capsys.readouterr().err


async def test_cli_sync_interrupted_says_what_was_done(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    fake_server.handlers.insert(0, lambda r: hang() if r.query.get("date") == "2025-03-06" else None)
    task = asyncio.ensure_future(headless_sync.run(sync_args("--since", "2025-03-03", "--until", "2025-03-12")))
    for _ in range(500):
        if "2025-03-06" in day_requests(fake_server):
            break
        await asyncio.sleep(0.01)
    task.cancel()  # what asyncio.run does on Ctrl-C
    assert await task == 130
    captured = capsys.readouterr()
    assert "3 days fetched" in captured.out
    assert "interrupted after 3 day(s); run the same command again to resume" in captured.err


def test_progress_line_text() -> None:
    step = SyncProgress(days_done=5, days_total=10, papers=200, elapsed=2.0, day=date(2025, 3, 7))
    line = headless_sync.progress_text(step, width=200)
    assert line == "[############............]  5/10 days  200 papers  100/s  ETA 2.0 s  2025-03-07"
    waiting = SyncProgress(0, 10, 0, 0.5, date(2025, 3, 3), note="rate limited: waiting 40 s")
    assert headless_sync.progress_text(waiting, width=200).endswith("ETA …  rate limited: waiting 40 s")
    assert len(headless_sync.progress_text(step, width=30)) == 29  # never wider than the terminal
    assert [headless_sync.duration(s) for s in (0.04, 42, 185, 3720)] == ["0.0 s", "42 s", "3 min 05 s", "1 h 02 min"]


async def test_an_empty_answer_never_replaces_a_cached_day(fake_server: FakeServer, store: CacheStore) -> None:
    runner, hub = runner_for(fake_server, store, refetch=True)
    async with hub:
        await runner.run(FIRST, FIRST)
        fake_server.hub.days[FIRST.isoformat()] = []
        summary = await runner.run(FIRST, FIRST)
    assert [(f.day, f.reason) for f in summary.failed] == [(FIRST, "Hugging Face returned no papers; kept the cached copy")]
    assert len(store.listing(FeedKey("day", FIRST.isoformat())).papers) == 12  # type: ignore[union-attr]
