"""Pilot: ``s`` / ``f`` / ``z`` on the views that are rows, not listings: the library (12,000
cached papers, paged: the sort runs in a thread over a few columns) and search results."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.harness import make_app, running, settle, wait_until
from tui.app import PapersApp
from tui.config import Paths
from tui.models import FeedKey
from tui.screens.line_prompt import LinePrompt
from tui.services.reader.arrange import ArrangedRows
from tui.services.reader.rows import StoreRows
from tui.services.reader.search import search_cache
from tui.services.storage import store_queries

PAPERS = 12_000


@pytest.fixture(scope="module")
def big_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.make_cache import write_cache

    path = tmp_path_factory.mktemp("big") / "cache.sqlite3"
    write_cache(path, PAPERS)
    return path


@pytest.fixture
def cached(big_cache: Path) -> Path:
    target = Paths.from_env().cache_db
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(big_cache, target)
    return target


@pytest.fixture
def sort_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of each thread the SQLite sort ran in."""
    threads: list[str] = []
    original = store_queries.sort_fields

    def recorded(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_queries, "sort_fields", recorded)
    yield threads


def library_order(path: Path, where: str = "1") -> list[tuple[str, int, int]]:
    """(id, upvotes, has code) of every cached paper in library order, read apart from the app."""
    with sqlite3.connect(path) as db:
        return [(r[0], int(r[1] or 0), int(r[2])) for r in db.execute(
            "SELECT id, json_extract(data, '$.upvotes'), has_code FROM papers"
            f" WHERE {where} ORDER BY day DESC, day_rank, rowid")]


def shown(app: PapersApp, count: int = 30) -> list[str]:
    source = app.reader.feed.source
    return [source.row(i).id for i in range(min(count, len(source)))]


async def test_library_sorts_and_filters_twelve_thousand_rows_off_the_event_loop(
    cached: Path, sort_threads: list[str]
) -> None:
    rows = library_order(cached)
    by_upvotes = [r[0] for r in sorted(rows, key=lambda r: -r[1])]
    with_code = [r for r in rows if r[2]]
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app) as pilot:
        assert shown(app) == [r[0] for r in rows[:30]]
        await pilot.press("s")
        await settle(pilot)
        assert shown(app) == by_upvotes[:30]
        assert len(app.reader.feed.source) == PAPERS
        assert "sorted by ▲ upvotes" in app.reader.status.detail
        assert f"{PAPERS:,} cached papers" in app.reader.status.detail
        assert sort_threads and threading.main_thread().name not in sort_threads
        source = app.reader.feed.source
        assert isinstance(source, ArrangedRows) and isinstance(source._inner, StoreRows)  # still paged
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, LinePrompt))
        await pilot.press(*"code", "enter")
        await settle(pilot)
        assert len(app.reader.feed.source) == len(with_code)
        assert shown(app) == [r[0] for r in sorted(with_code, key=lambda r: -r[1])][:30]
        assert f"{len(with_code):,} of {PAPERS:,} cached papers" in app.reader.status.detail
        assert "filter has code" in app.reader.status.detail
        await pilot.press("G")  # the end of the sorted rows is there too, paged in on demand
        await settle(pilot)
        assert app.reader.current is not None and app.reader.current.id == [r[0] for r in sorted(with_code, key=lambda r: -r[1])][-1]
        await pilot.press("z")
        await settle(pilot)
        assert shown(app) == [r[0] for r in rows[:30]]
        assert "sorted" not in app.reader.status.detail and "filter" not in app.reader.status.detail


async def test_search_results_sort_over_every_match_not_just_the_first_page(cached: Path) -> None:
    app = make_app(None, FeedKey("day", "2025-06-27"), offline=True)
    async with running(app) as pilot:
        await pilot.press("slash", *"model", "enter")
        await settle(pilot)
        assert app.reader.key == FeedKey("search", "model")
        total = len(app.reader.feed.source)
        assert " of " in app.reader.status.detail and "shown" in app.reader.status.detail  # paged: "200 of N shown"
        hits = set(search_cache(app.session.store, "model", total))  # every match, as search ranks them
        assert total == len(hits) > 200
        upvotes = {r[0]: r[1] for r in library_order(cached)}
        await pilot.press("s")
        await settle(pilot)
        ids = shown(app, total)
        assert len(ids) == total and set(ids) == hits
        assert [upvotes[i] for i in ids] == sorted((upvotes[i] for i in hits), reverse=True)
        assert f"{total:,} results" in app.reader.status.detail and "sorted by ▲ upvotes" in app.reader.status.detail
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, LinePrompt))
        await pilot.press(*"code", "enter")
        await settle(pilot)
        coded = {r[0] for r in library_order(cached, "has_code = 1")} & hits
        assert set(shown(app, total)) == coded
        assert f"{len(coded):,} of {total:,} results" in app.reader.status.detail
        await pilot.press("z")
        await settle(pilot)
        assert len(app.reader.feed.source) == total and "sorted" not in app.reader.status.detail
        assert app.reader.key == FeedKey("search", "model")
