"""Pilot: a search says how many papers match, and scrolling past the ranked ones ranks more."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.app.harness import make_app, running, settle
from tui.config import Paths
from tui.models import Author, FeedKey, Paper
from tui.services.storage.store import CacheStore


def _fill(count: int) -> None:
    store = CacheStore(Paths.from_env().cache_db)
    store.upsert_papers(
        Paper(id=f"2503.{n:05d}", title=f"Transformer number {n}", authors=(Author("Ada Lovelace"),),
              submitted_at=datetime(2025, 3, 5, 4, tzinfo=UTC))
        for n in range(1, count + 1)
    )
    store.close()


async def test_status_shows_the_true_count_and_G_loads_the_rest() -> None:
    _fill(519)
    app = make_app(None, FeedKey("search", "transformer"), offline=True)
    async with running(app) as pilot:
        assert "256 of 519 shown" in app.reader.status.detail, app.reader.status.detail
        assert app.reader.status.activity == ""  # "searching the cache…" goes once it answered
        assert len(app.reader.feed.source) == 519
        await pilot.press("G")
        await settle(pilot)
        assert app.reader.feed.cursor == 518
        assert app.reader.current is not None and app.reader.current.title.startswith("Transformer number")
        assert "519 results" in app.reader.status.detail, app.reader.status.detail
        ids = [app.reader.feed.source.row(i).id for i in range(519)]
        assert len(set(ids)) == 519 and "" not in ids
