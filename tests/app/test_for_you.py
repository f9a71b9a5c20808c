"""Pilot tests: the For you view (y), the follow key (f in the author list), announcements once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from textual.command import CommandList

from tests.app.harness import make_app, running, settle, wait_until
from tests.fakes.scholar_routes import ScholarState
from tests.fakes.server import FakeServer
from tui.app import PapersApp
from tui.config import Paths
from tui.models import FeedKey
from tui.services.session import open_session
from tui.services.storage.watch_store import WatchStore, watch_db_path
from tui.services.watch.for_you import evaluate
from tui.widgets.author_sidebar import AuthorList, AuthorSidebar

DAY = "2025-03-11"


def watch_file() -> WatchStore:
    return WatchStore(watch_db_path(Paths.from_env().data_dir))


def rows(app: PapersApp) -> list[str]:
    feed = app.reader.feed
    return [feed.source.row(i).title for i in range(len(feed.source))]


SAID: list[str] = []


@pytest.fixture(autouse=True)
def record_toasts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every toast the reader shows (notifications expire: on a busy machine before the test looks)."""
    from tui.screens.reader_view import ReaderView

    original = ReaderView.say

    def say(self: ReaderView, message: str, **kwargs: Any) -> None:
        SAID.append(message)
        original(self, message, **kwargs)

    SAID.clear()
    monkeypatch.setattr(ReaderView, "say", say)
    yield
    SAID.clear()


def announced(app: PapersApp) -> list[str]:
    return [message for message in SAID if message.startswith("For you: ")]


async def test_f_follows_the_author_by_id_and_y_lists_their_papers_saying_why(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        reader = app.reader
        paper = reader.feed.source.paper(0)
        assert paper is not None
        await pilot.press("a")
        sidebar = reader.query_one(AuthorSidebar)
        await wait_until(
            pilot, lambda: sidebar.profile is not None and "Semantic Scholar" in sidebar.status_text
        )
        profile = sidebar.profile
        assert profile is not None and profile.author_id
        assert isinstance(app.focused, AuthorList)
        await pilot.press("f")
        await settle(pilot)
        followed = watch_file().watches()
        assert [(w.kind, w.value, w.label) for w in followed] == [("author", profile.author_id, profile.name)]
        assert "followed" in sidebar.status_text
        # Their papers were asked of Semantic Scholar once, in the background.
        assert len(scholar.requests_to(f"/s2/author/{profile.author_id}/papers")) >= 1

        await pilot.press("escape", "y")
        await settle(pilot)
        assert reader.key == FeedKey("for-you") and reader.status.view == "For you"
        titles = rows(app)
        assert titles and all(t.startswith(f"author: {profile.name} ▸ ") for t in titles)
        assert any(paper.title in t for t in titles)
        # Followed today: what they published before is known, not news.
        assert "new since last visit" not in reader.status.detail
        assert re.match(rf"{len(titles)} papers? · ", reader.status.detail)

        # f again unfollows; For you then says how to follow something.
        await pilot.press("escape", "backspace")  # back to the day (d from For you opens the latest day)
        await settle(pilot)
        assert reader.key == FeedKey("day", DAY)
        await pilot.press("a")
        await wait_until(pilot, lambda: "followed (f: unfollow)" in sidebar.status_text)  # it says so
        await pilot.press("f")
        await settle(pilot)
        assert watch_file().watches() == []
        await pilot.press("escape", "y")
        await settle(pilot)
        assert len(reader.feed.source) == 0
        assert "nothing followed yet" in reader._empty_message


async def test_new_matches_are_announced_once_and_counted_until_visited(fake_server: FakeServer) -> None:
    first_title = fake_server.hub.days[DAY][0]["paper"]["title"]
    keyword = max(re.findall(r"[A-Za-z]{5,}", first_title), key=len)
    session = open_session(offline=True)
    store = watch_file()
    store.add("keyword", keyword)
    evaluate(session.store, store)  # what `papers-tui watch add` does: the empty cache is the baseline
    store.close()
    session.close_local()

    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        await wait_until(pilot, lambda: bool(announced(app)), timeout=20)
        await settle(pilot)
        messages = announced(app)
        assert len(messages) == 1
        count = int(messages[0].split()[2])
        assert count >= 1 and messages[0].startswith(f"For you: {count} new paper")
        assert messages[0].endswith("with your keywords · press y")

        await pilot.press("y")
        await settle(pilot)
        titles = rows(app)
        assert len(titles) == count
        assert all(t.startswith(f"✦ keyword: {keyword} ▸ ") for t in titles)
        reader = app.reader
        assert f"{count} new since last visit" in reader.status.detail
        assert any(first_title in t for t in titles)

        await pilot.press("r")  # a refresh in the same visit keeps the count
        await settle(pilot)
        assert f"{count} new since last visit" in reader.status.detail

        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")  # the next visit: nothing new since the last one
        await settle(pilot)
        assert "new since last visit" not in reader.status.detail
        assert not any(t.startswith("✦") for t in rows(app))
        assert len(announced(app)) == 1

    # A second reader start announces nothing again.
    SAID.clear()
    again = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(again) as pilot:
        await settle(pilot)
        assert announced(again) == []


async def test_follow_a_search_as_a_topic_from_the_palette_command(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        app.reader.action_follow_search()
        await pilot.pause()
        assert any("Search first" in message for message in SAID)
        app.reader.open_view(FeedKey("search", "title:model"), refresh=False)
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Follow this search")

        def offered() -> bool:  # the palette searches its providers in the background
            lists = app.screen.query(CommandList)
            return bool(lists) and any("Follow this search" in str(lists.first().get_option_at_index(i).prompt)
                                       for i in range(lists.first().option_count))

        await wait_until(pilot, offered)
        await pilot.press("enter")
        await settle(pilot)
        assert [w.why for w in watch_file().watches()] == ["topic: title:model"]
        await pilot.press("y")
        await settle(pilot)
        assert all(t.startswith("topic: title:model ▸ ") for t in rows(app))
        assert len(app.reader.feed.source) > 0


async def test_starting_with_for_you_offline_says_how_to_follow() -> None:
    from tui.cli import build_parser, feed_key_from_args

    key = feed_key_from_args(build_parser().parse_args(["--for-you", "--offline"]))
    assert key == FeedKey("for-you")
    app = make_app(None, key, offline=True)
    async with running(app) as pilot:
        await settle(pilot)
        reader = app.reader
        assert reader.status.view == "For you" and len(reader.feed.source) == 0
        assert "nothing followed yet" in reader.status.detail
