"""The library and cache-built feeds: newest day first, Hugging Face's order within a day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tui.cli import main
from tui.config import Paths
from tui.models import Author, FeedKey, Paper
from tui.services.storage.store import CacheStore


def _paper(n: int, day: int, upvotes: int) -> Paper:
    return Paper(
        id=f"2503.{n:05d}", title=f"Paper {n}", summary="", authors=(Author(f"Author {n}"),),
        submitted_at=datetime(2025, 3, day, 9, tzinfo=UTC), upvotes=upvotes,
    )


def test_library_lists_newest_day_first_and_the_hubs_order_within_a_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = CacheStore(Paths.from_env().cache_db)
    # Hugging Face lists the most upvoted first; insert the days oldest first, each in the Hub's order.
    day4 = [_paper(1, 4, 90), _paper(2, 4, 40), _paper(3, 4, 5)]
    day5 = [_paper(4, 5, 70), _paper(5, 5, 60), _paper(6, 5, 1)]
    store.save_listing(FeedKey("day", "2025-03-04"), day4)
    store.save_listing(FeedKey("day", "2025-03-05"), day5)
    # A search hit from another source, on day 5, that no daily listing holds: after day 5's listing.
    store.upsert_papers([_paper(7, 5, 99)])
    expected = [p.id for p in day5] + ["2503.00007"] + [p.id for p in day4]
    assert store.library_ids() == expected
    assert [p.id for p in store.papers_by_author("Author 2")] == ["2503.00002"]
    store.close()

    assert main(["--offline", "--library", "feed"]) == 0
    printed = [line.split()[2] for line in capsys.readouterr().out.splitlines()]
    assert printed == expected
