"""Pilot: the whole library, search, read state, fetching a week, "new since last visit"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from textual import events
from textual.widgets import Input
from textual.worker import WorkerState

from tests.app.harness import make_app, running, settle, timers
from tests.fakes.server import FakeServer, server_error
from tui.config import Paths
from tui.models import FeedKey
from tui.screens.search_prompt import SearchPrompt
from tui.services.net.hub import HubClient
from tui.services.reader.search import search_cache
from tui.services.reader.sync import SyncRunner
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore

FIRST, LAST = date(2025, 3, 3), date(2025, 3, 12)


async def sync_days(server: FakeServer, first: date = FIRST, last: date = LAST) -> None:
    """Fill the user's cache the way ``papers-tui sync`` does."""
    store = CacheStore(Paths.from_env().cache_db)
    try:
        async with HubClient(server.url) as hub:
            summary = await SyncRunner(store, hub).run(first, last)
        assert summary.ok
    finally:
        store.close()


def feed_ids(app: object) -> list[str]:
    source = app.reader.feed.source  # type: ignore[attr-defined]
    return [source.row(i).id for i in range(len(source))]


def fake_ids(server: FakeServer, *days: str) -> list[str]:
    return [item["paper"]["id"] for day in days for item in server.hub.days[day]]


async def test_L_shows_every_cached_paper_newest_first(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    app = make_app(None, FeedKey("day", "2025-03-05"), offline=True)
    async with running(app) as pilot:
        await pilot.press("L")
        await settle(pilot)
        total = sum(len(items) for items in fake_server.hub.days.values())
        assert app.reader.key == FeedKey("library")
        assert f"{total} cached papers" in app.reader.status.detail and "offline - local" in app.reader.status.detail
        ids = feed_ids(app)
        assert ids == app.session.store.library_ids() and len(ids) == total
        days = [app.reader.feed.source.row(i).day for i in range(total)]
        assert days == sorted(days, reverse=True)
        await pilot.press("G")
        await settle(pilot)
        assert app.reader.current is not None and app.reader.current.id == ids[-1]


async def test_slash_searches_the_cache_offline(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    word = fake_server.hub.days["2025-03-05"][0]["paper"]["title"].split()[0].strip(":,")
    app = make_app(None, FeedKey("day", "2025-03-05"), offline=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchPrompt)
        await pilot.press(*word, "enter")
        await settle(pilot)
        assert app.reader.key == FeedKey("search", word)
        expected = search_cache(app.session.store, word)
        assert expected and feed_ids(app) == expected
        assert "offline - cache only" in app.reader.status.detail
        assert app.reader.current is not None and app.reader.current.id == expected[0]
        assert not fake_server.requests_to("/api/papers/search")
        # Every paper action works on results: bookmark the first.
        await pilot.press("b")
        await settle(pilot)
        assert app.session.library.is_bookmarked(expected[0])


async def test_keys_typed_in_one_burst_after_slash_all_land_in_the_query(fake_server: FakeServer) -> None:
    # Over SSH or from a paste, "/" and the query arrive together, before the prompt is up.
    await sync_days(fake_server, FIRST, FIRST)
    app = make_app(None, FeedKey("day", "2025-03-03"), offline=True)
    async with running(app) as pilot:
        assert app._driver is not None
        for key, char in [("slash", "/"), ("t", "t"), ("r", "r"), ("a", "a"), ("j", "j")]:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # no waiting between keys
        await settle(pilot)
        assert isinstance(app.screen, SearchPrompt)
        assert app.screen.query_one(Input).value == "traj"
        assert app.reader.key == FeedKey("day", "2025-03-03") and app.reader.feed.cursor == 0


async def test_odd_search_input_explains_and_esc_cancels(fake_server: FakeServer) -> None:
    await sync_days(fake_server, FIRST, FIRST)
    app = make_app(None, FeedKey("day", "2025-03-03"), offline=True)
    async with running(app) as pilot:
        await pilot.press("slash", "A", "N", "D", "space", "O", "R", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchPrompt)
        hint = str(app.screen.query_one("#prompt-hint").render())
        assert "AND, OR and NOT go between words" in hint
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchPrompt)
        assert app.reader.key == FeedKey("day", "2025-03-03")


async def test_online_search_shows_the_cache_then_merges_hugging_face(fake_server: FakeServer) -> None:
    await sync_days(fake_server, FIRST, FIRST)  # only Monday is cached
    word = "Neural"
    app = make_app(fake_server.url, FeedKey("day", "2025-03-03"))
    async with running(app) as pilot:
        cached_hits = search_cache(app.session.store, word)
        assert cached_hits, "the fixture dataset mentions 'neural' on Monday"
        await pilot.press("slash", *word, "enter")
        await settle(pilot)
        ids = feed_ids(app)
        assert len(ids) == len(set(ids))
        assert ids[: len(cached_hits)] == cached_hits
        remote = len(ids) - len(cached_hits)
        assert remote > 0
        assert f"{len(cached_hits)} cached · {remote} remote" in app.reader.status.detail
        assert fake_server.requests_to("/api/papers/search")[0].query["q"] == word
        # Each row says where it came from: ☁ on the hits only Hugging Face found.
        assert app.reader.marks.remote == set(ids[len(cached_hits):])
        width = app.reader.feed.scrollable_content_region.width
        lines = ["".join(seg.text for seg in app.reader.feed.render_line(y + app.reader.feed.HEADER_LINES)) for y in range(min(len(ids), 10))]
        for paper_id, line in zip(ids, lines):
            assert ("☁" in line) == (paper_id in app.reader.marks.remote), line
            assert len(line) == width
        await pilot.press("t")
        await settle(pilot)
        assert app.reader.marks.remote == set()


async def test_hugging_face_search_failing_keeps_the_cached_results(fake_server: FakeServer) -> None:
    await sync_days(fake_server, FIRST, FIRST)
    app = make_app(fake_server.url, FeedKey("day", "2025-03-03"))
    async with running(app) as pilot:
        cached_hits = search_cache(app.session.store, "neural")
        fake_server.fail("/api/papers/search", server_error(400))
        await pilot.press("slash", *"neural", "enter")
        await settle(pilot)
        assert feed_ids(app) == cached_hits
        assert "cached results only" in app.reader.status.detail
        assert "Hugging Face search" in app.reader.status.problem and "400" in app.reader.status.problem


async def test_x_hides_read_papers_and_X_toggles_read(fake_server: FakeServer) -> None:
    await sync_days(fake_server, FIRST, FIRST)
    app = make_app(None, FeedKey("day", "2025-03-03"), offline=True)
    async with running(app) as pilot:
        first = feed_ids(app)[0]
        assert app.reader.current is not None and app.reader.current.id == first
        await pilot.press("X")
        assert first in app.session.library.read_ids() and first in app.reader.marks.read
        await pilot.press("x")
        await settle(pilot)
        assert first not in feed_ids(app) and len(feed_ids(app)) == 11
        assert "(read hidden)" in app.reader.status.detail
        await pilot.press("x")
        await settle(pilot)
        assert feed_ids(app)[0] == first
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("X")
        assert first not in app.session.library.read_ids() and first not in app.reader.marks.read


async def test_a_paper_counts_as_read_after_its_abstract_was_shown(fake_server: FakeServer) -> None:
    await sync_days(fake_server, FIRST, FIRST)
    app = make_app(None, FeedKey("day", "2025-03-03"), offline=True)
    moment = app.session.settings.read_after_seconds
    async with running(app, size=(130, 40)) as pilot:
        clock = timers(app)
        assert app.reader.marks.show_unread
        ids = feed_ids(app)
        await pilot.press("j")
        await settle(pilot)
        assert ids[1] not in app.session.library.read_ids()  # the moment has not passed yet
        clock.advance(moment)
        await settle(pilot)
        assert ids[1] in app.session.library.read_ids() and ids[1] in app.reader.marks.read
        await pilot.press("j")
        await settle(pilot)
        clock.advance(moment / 2)
        await settle(pilot)
        assert app.reader.current is not None and app.reader.current.id == ids[2]
        assert ids[2] not in app.session.library.read_ids()
        await pilot.press("j")  # moving on before the moment passes: the paper stays unread
        await settle(pilot)
        clock.advance(moment)
        await settle(pilot)
        assert ids[2] not in app.session.library.read_ids() and ids[3] in app.session.library.read_ids()


async def test_F_fetches_the_week_with_progress_without_blocking(fake_server: FakeServer) -> None:
    fake_server.delay = 0.2  # each day takes a while: the fetch is still going when j is pressed
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        activity: list[str] = []
        app.watch(app.reader, "status", lambda status: activity.append(status.activity), init=False)
        cursor = app.reader.feed.cursor
        await pilot.press("F")
        await pilot.pause(0.1)
        await pilot.press("j")  # navigation goes on while the week is fetched
        assert app.reader.feed.cursor == cursor + 1
        assert [w.name for w in app.workers if w.state == WorkerState.RUNNING] == ["fetch-period"]
        await settle(pilot)
        days = [d.isoformat() for d in FeedKey("week", "2025-W10").days()]
        assert all(app.session.store.has_listing(FeedKey("day", d)) for d in days)
        # The day on screen was fetched after it ended, so six days are left to fetch.
        assert any("fetching Week 2025-W10: 3/6 days" in a for a in activity), activity
        assert app.reader.status.activity == ""
        requested = [r.query.get("date") for r in fake_server.requests_to("/api/daily_papers")]
        assert set(days) <= set(requested) and requested.count("2025-03-05") == 1


async def test_week_view_comes_from_the_cache_offline(fake_server: FakeServer) -> None:
    await sync_days(fake_server, date(2025, 3, 3), date(2025, 3, 9))
    app = make_app(None, FeedKey("week", "2025-W10"), offline=True)
    async with running(app):
        expected = fake_ids(fake_server, *(f"2025-03-0{d}" for d in range(3, 8)))
        assert sorted(feed_ids(app)) == sorted(expected)
        assert "offline - cached" in app.reader.status.detail
    assert not fake_server.requests_to("/api/daily_papers")[7:]  # only the sync's seven days


async def test_week_view_comes_from_the_network_when_not_cached(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("week", "2025-W10"))
    async with running(app):
        assert next(r.query.get("week") for r in fake_server.requests_to("/api/daily_papers")) == "2025-W10"
        assert len(app.reader.feed.source) == 5 * 12


async def test_new_since_last_visit(fake_server: FakeServer) -> None:
    await sync_days(fake_server, FIRST, date(2025, 3, 5))
    library = UserLibrary(Paths.from_env().library_db)
    with library.db.transaction() as tx:  # last looked at this day before its papers arrived
        tx.execute(
            "INSERT INTO visits(view_key, visited_at) VALUES (?, ?)",
            ("day:2025-03-05", datetime(2025, 3, 4, tzinfo=UTC).timestamp()),
        )
        tx.execute(
            "INSERT INTO visits(view_key, visited_at) VALUES (?, ?)",
            ("library:", datetime(2025, 3, 3, 12, tzinfo=UTC).timestamp()),
        )
    library.close()
    app = make_app(None, FeedKey("day", "2025-03-05"), offline=True)
    async with running(app) as pilot:
        assert "12 new since last visit" in app.reader.status.detail
        await pilot.press("L")
        await settle(pilot)
        assert "24 new since last visit" in app.reader.status.detail  # the 4th and the 5th
        await pilot.press("d")
        await settle(pilot)
        assert "new since last visit" not in app.reader.status.detail  # visited a moment ago
