"""Pilot: feed rows give the title the room, name their columns and render TeX like the abstract."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.app.harness import make_app, running, settle
from tui.config import Paths
from tui.models import Author, FeedKey, Paper
from tui.services.storage.store import CacheStore

DAY = "2025-03-05"
LONG = "Scaling Sparse Mixture-of-Experts Language Models to a Trillion Parameters on Commodity Clusters"
TEX = r"$\Sigma$-Mem: Memory for Agents"


def _seed() -> list[Paper]:
    papers = [
        Paper(id="2503.00001", title=LONG, authors=(Author("Ada Lovelace"), Author("Alan Turing")),
              submitted_at=datetime(2025, 3, 5, 4, tzinfo=UTC), upvotes=123, num_comments=7,
              github_repo="https://github.com/a/b"),
        Paper(id="2503.00002", title=TEX, authors=(Author("Grace Hopper"),),
              submitted_at=datetime(2025, 3, 5, 4, tzinfo=UTC), upvotes=5, num_comments=12),
    ]
    store = CacheStore(Paths.from_env().cache_db)
    store.save_listing(FeedKey("day", DAY), papers)
    store.close()
    return papers


def _lines(app: object, count: int) -> list[str]:
    feed = app.reader.feed  # type: ignore[attr-defined]
    return ["".join(seg.text for seg in feed.render_line(y)) for y in range(count)]


async def test_at_140_columns_a_day_view_gives_titles_85_cells_and_no_date_column() -> None:
    _seed()
    app = make_app(None, FeedKey("day", DAY), offline=True)
    async with running(app, size=(140, 45)):
        header, first, second = _lines(app, 3)
        assert "Title" in header and "▲" in header and "✉" in header and "Date" not in header
        assert LONG[:85] in first
        assert DAY not in first and "Mar 05" not in first
        assert "Σ-Mem: Memory for Agents" in second and "$" not in second
        # Numbers are right-aligned under their header glyphs.
        assert first.index("123") + 2 == header.index("▲") and second.index("5 ") == header.index("▲")
        assert first.rstrip().endswith("7✉") and second.rstrip().endswith("12✉")
        assert len(first.rstrip()) == len(second.rstrip()) == len(header.rstrip())


@pytest.mark.parametrize(("width", "title_cells"), [(80, 60), (60, 40)])
async def test_narrow_terminals_still_show_most_of_the_title(width: int, title_cells: int) -> None:
    _seed()
    app = make_app(None, FeedKey("day", DAY), offline=True)
    async with running(app, size=(width, 24)):
        assert app.reader.feed.columns().title >= title_cells
        assert LONG[:title_cells - 1] in _lines(app, 2)[1]


async def test_v_toggles_two_line_rows_with_the_details_underneath() -> None:
    _seed()
    app = make_app(None, FeedKey("day", DAY), offline=True)
    async with running(app, size=(140, 45)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        _, title, details, tex_title = _lines(app, 4)
        assert LONG in title
        assert "Ada Lovelace, Alan Turing · 2025-03-05 · ▲ 123 · 7 comments · code ⌥" in details
        assert "Σ-Mem" in tex_title
        await pilot.press("j")
        await settle(pilot)
        assert app.reader.current is not None and app.reader.current.id == "2503.00002"
        await pilot.press("v")
        await settle(pilot)
        assert "123" in _lines(app, 2)[1] and app.reader.feed.cursor == 1
