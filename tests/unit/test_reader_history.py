"""Back / forward through views and the reader's wording, as plain values (no App)."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.models import FeedKey, Listing, Paper
from tui.screens.reader_history import ViewEntry, ViewHistory
from tui.screens.reader_wording import listing_words, nothing_here, nothing_shown


def _entry(day: str, cursor: str | None = None) -> ViewEntry:
    return ViewEntry(FeedKey("day", day), None, cursor, f"day {day}")


def test_back_and_forward_walk_the_views_like_a_browser() -> None:
    history = ViewHistory()
    assert history.back(_entry("2025-03-03")) is None and history.forward(_entry("2025-03-03")) is None
    history.leave(_entry("2025-03-01", "a"))
    history.leave(_entry("2025-03-02", "b"))
    here = _entry("2025-03-03", "c")
    back = history.back(here)
    assert back == _entry("2025-03-02", "b")
    assert history.back(back) == _entry("2025-03-01", "a")
    assert history.forward(_entry("2025-03-01", "a")) == _entry("2025-03-02", "b")
    assert history.forward(_entry("2025-03-02", "b")) == here  # the cursor comes back with the view


def test_a_new_view_clears_what_was_ahead_and_the_history_is_bounded() -> None:
    history = ViewHistory(limit=3)
    for n in range(1, 6):
        history.leave(_entry(f"2025-03-0{n}"))
    seen = []
    here = _entry("2025-03-09")
    while (entry := history.back(here)) is not None:
        seen.append(entry.key.value)
        here = entry
    assert seen == ["2025-03-05", "2025-03-04", "2025-03-03"]
    history.leave(_entry("2025-03-08"))
    assert history.forward(_entry("2025-03-08")) is None


def test_listing_words_count_what_the_filter_lets_through() -> None:
    papers = [Paper(id=f"2503.0000{n}", title=f"P{n}") for n in range(3)]
    listing = Listing(FeedKey("day", "2025-03-05"), papers, datetime(2025, 3, 5, tzinfo=UTC), "cache")
    label, count, fresh = listing_words(listing, 3, offline=True)
    assert (label, count) == ("Wed 05 Mar 2025", "3 papers") and fresh.startswith("offline - cached")
    assert listing_words(listing, 1, offline=False)[1] == "1 of 3 papers"
    sample = Listing(FeedKey("latest"), papers, None, "sample")
    assert listing_words(sample, 3, offline=True)[::2] == ("Sample papers", "offline - bundled sample")


def test_empty_views_say_what_to_do() -> None:
    assert "press b" in nothing_shown(FeedKey("bookmarks"), hide_read=False)
    assert "Press x" in nothing_shown(FeedKey("bookmarks"), hide_read=True)
    assert nothing_shown(FeedKey("day", "2025-03-05"), hide_read=False) == "No papers in this view."
    said = nothing_here(FeedKey("day", "2025-03-05"), "")
    assert said.startswith("Nothing here yet for Wed 05 Mar 2025.") and "? for help" in said
    assert nothing_here(FeedKey("day", "2025-03-05"), "offline - not cached").startswith("offline - not cached.")
