"""The reader's list-sync controller without an App (the fake reader from test_controllers)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes import collections_routes
from tests.fakes.server import FakeServer, rate_limited
from tests.unit.test_controllers import FakeReader, _conforms
from tui.controllers.list_sync import ListSyncController
from tui.models import FeedKey, Paper
from tui.services.net.http import RetryPolicy
from tui.services.session import Session, open_session

TOKEN = "hf_controllertoken_0123456789"


@pytest.fixture
async def session(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Session]:
    collections_routes.install(fake_server).add_user(TOKEN, "alice")
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    opened = open_session(endpoint=fake_server.url)
    opened.hub.http.retry = RetryPolicy(attempts=1, base_delay=0.01)
    yield opened
    await opened.aclose()


async def test_link_confirm_sync_then_a_refused_plan_and_a_rate_limit(
    session: Session, fake_server: FakeServer
) -> None:
    questions: list[tuple[str, list[str]]] = []
    answers = [True, True]

    async def ask(title: str, lines: list[str], question: str) -> bool:
        questions.append((title, lines))
        return answers.pop(0) if answers else False

    ui = FakeReader(key=FeedKey("bookmarks"))
    _conforms(ui)
    controller = ListSyncController(session, ui, ask)
    first, second = (item["paper"] for item in fake_server.hub.all_items()[:2])
    session.library.add_bookmark(Paper(id=first["id"], title=first["title"]))
    controller.sync()
    assert controller.sync() is None and ("A sync is already running.", "information") in ui.said
    await ui.drain()
    assert [title for title, _ in questions] == ["Link bookmarks", "First sync: this changes the collection"]
    assert questions[1][1][0].startswith("1 to add on 127.0.0.1")
    state = fake_server.collections  # type: ignore[attr-defined]
    (slug,) = [c["slug"] for c in state.collections.values()]
    assert set(state.papers_in(slug)) == {first["id"]}
    assert ui.status.sync == "" and ui.opened == [(FeedKey("bookmarks"), False)]

    session.library.add_bookmark(Paper(id=second["id"], title=second["title"]))
    controller.refresh_pending()
    await ui.drain()
    assert ui.status.sync == "⇅ 1 to sync"
    fake_server.fail(f"/api/collections/{slug}", rate_limited(900))
    controller.sync()
    await ui.drain()
    assert "rate limited" in ui.status.problem and ui.status.sync == "⇅ 1 to sync"
    assert any("queued for the next sync" in message for message, _ in ui.said)
    controller.sync()
    await ui.drain()
    assert ui.status.sync == "" and ui.status.problem == "" and set(state.papers_in(slug)) == {
        first["id"], second["id"]}
    assert len(questions) == 2  # confirmed once: never asked again


async def test_the_list_on_screen_is_the_one_that_syncs(session: Session) -> None:
    from tui.services.reader.library_search import list_query

    async def never(title: str, lines: list[str], question: str) -> bool:
        return False

    ui = FakeReader(key=FeedKey("search", list_query("related work")))
    controller = ListSyncController(session, ui, never)
    assert controller.current_list() == "related work"
    ui.key = FeedKey("search", "diffusion")
    assert controller.current_list() == "bookmarks"
    ui.key = FeedKey("day", "2025-03-11")
    assert controller.current_list() == "bookmarks"
