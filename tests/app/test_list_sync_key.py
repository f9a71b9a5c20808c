"""Pilot: ``=`` links and syncs the bookmarks in the background; the status line shows what is pending."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.app.harness import make_app, running, settle
from tests.fakes import collections_routes
from tests.fakes.server import FakeServer, rate_limited
from tui.config import Paths
from tui.models import FeedKey, Paper
from tui.screens.confirm_sync import ConfirmSyncScreen
from tui.services.storage.library import UserLibrary

TOKEN = "hf_pilottoken_0123456789abc"


async def _until(pilot: Pilot[int], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until *condition* holds (bounded by steps, not by wall-clock time)."""
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")


async def test_sync_key_links_asks_once_syncs_and_shows_pending(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = collections_routes.install(fake_server)
    state.add_user(TOKEN, "alice")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    items = fake_server.hub.all_items()
    library = UserLibrary(Paths.from_env().library_db)
    for item in items[:2]:
        library.add_bookmark(Paper(id=item["paper"]["id"], title=item["paper"]["title"]))
    library.close()
    app = make_app(fake_server.url, FeedKey("bookmarks"))
    async with running(app) as pilot:
        assert app.reader.status.sync == ""  # not linked: nothing pending
        await pilot.press("equals_sign")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmSyncScreen), "the link question")
        await pilot.press("y")
        await _until(pilot, lambda: isinstance(app.screen, ConfirmSyncScreen), "the first-sync plan")
        body = str(app.screen.query_one("#confirm-body").render())
        assert "2 to add on 127.0.0.1" in body and "/collections/alice/" in body
        await pilot.press("y")
        await settle(pilot)
        (slug,) = [c["slug"] for c in state.collections.values()]
        assert set(state.papers_in(slug)) == {i["paper"]["id"] for i in items[:2]}
        assert app.reader.status.sync == "" and not app.reader.list_sync.running

        await pilot.press("b")  # unbookmark the paper under the cursor: one change waits
        await settle(pilot)
        assert app.reader.status.sync == "⇅ 1 to sync"

        website = items[5]["paper"]["id"]
        state.add_paper_item(slug, website, "a colleague's pick")
        fake_server.fail(f"/api/collections/{slug}", rate_limited(900))
        await pilot.press("equals_sign")
        await settle(pilot)
        assert "rate limited" in app.reader.status.problem and app.reader.status.sync == "⇅ 1 to sync"

        await pilot.press("equals_sign")  # confirmed once: no question this time
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmSyncScreen)
        assert app.reader.status.sync == "" and app.reader.status.problem == ""
        assert website in app.reader.marks.bookmarked
        assert set(state.papers_in(slug)) == app.reader.marks.bookmarked
        source = app.reader.feed.source
        assert website in {source.row(i).id for i in range(len(source))}


async def test_sync_key_without_a_token_explains_and_changes_nothing(fake_server: FakeServer) -> None:
    collections_routes.install(fake_server)
    app = make_app(fake_server.url, FeedKey("bookmarks"))
    async with running(app) as pilot:
        await pilot.press("equals_sign")
        await settle(pilot)
        assert "papers-tui login" in app.reader.status.problem
        assert not isinstance(app.screen, ConfirmSyncScreen)
    assert not [r for r in fake_server.requests if r.path.startswith("/api/collections")]
