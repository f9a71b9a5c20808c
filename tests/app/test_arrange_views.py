"""Pilot: the sort cycle and the quick filter work on every view: bookmarks, a reading list
and a paper's references feed (the library and search: test_arrange_rows; days and weeks: test_arrange_and_go)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.app.harness import make_app, running, settle, wait_until
from tests.app.test_library import sync_days
from tests.app.test_library_keys import type_and_enter
from tests.app.test_paper_view import routes  # noqa: F401 - the fake arXiv HTML and Semantic Scholar
from tests.fakes.server import FakeServer
from tui.models import FeedKey
from tui.screens.graph_feed import GraphFeedScreen
from tui.screens.line_prompt import LinePrompt

DAY = FeedKey("day", "2025-03-05")


def rows(screen: object) -> list[tuple[str, int, bool]]:
    source = screen.feed.source  # type: ignore[attr-defined]
    return [(source.row(i).id, source.row(i).upvotes, source.row(i).has_code) for i in range(len(source))]


async def check_sort_filter_reset(pilot: Pilot[int], screen: object, word: str | None = None) -> None:
    """``s`` orders by upvotes, ``f code`` keeps rows with code, ``z`` gives the first order back."""
    def status() -> str:
        return str(screen.status.detail)  # type: ignore[attr-defined]

    first = rows(screen)
    assert len(first) >= 3
    await pilot.press("s")
    await settle(pilot)
    assert sorted(rows(screen)) == sorted(first)
    assert [r[1] for r in rows(screen)] == sorted((r[1] for r in first), reverse=True)
    assert "sorted by ▲ upvotes" in status()
    await pilot.press("f")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LinePrompt))
    await type_and_enter(pilot, word or "code")
    kept = rows(screen)
    assert 0 < len(kept) < len(first), (word, kept)
    if word is None:
        assert all(r[2] for r in kept) and "filter has code" in status()
    assert f"{len(kept)} of " in status()
    await pilot.press("z")
    await settle(pilot)
    assert rows(screen) == first and "sorted" not in status() and "filter" not in status()


async def test_bookmarks_sort_and_filter(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    app = make_app(None, DAY, offline=True)
    async with running(app) as pilot:
        for _ in range(6):
            await pilot.press("b", "j")
            await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert app.reader.key == FeedKey("bookmarks")
        await check_sort_filter_reset(pilot, app.reader)


async def test_a_reading_list_sorts_and_filters(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    app = make_app(None, DAY, offline=True)
    async with running(app) as pilot:
        for _ in range(8):
            await pilot.press("l")
            await type_and_enter(pilot, "to read")
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("V", "enter")
        await settle(pilot)
        assert app.reader.status.view == "List: to read"
        await check_sort_filter_reset(pilot, app.reader)
        assert app.reader.status.view == "List: to read"


@pytest.mark.usefixtures("routes")
async def test_the_references_feed_sorts_and_filters(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, DAY)
    await app.session.feeds.fetch(DAY)
    async with running(app, size=(100, 30)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        refs = app.screen
        assert isinstance(refs, GraphFeedScreen) and refs.graph is not None
        title_word = next(w for w in refs.feed.source.row(0).title.split() if len(w) > 5)
        await check_sort_filter_reset(pilot, refs, word=title_word)
