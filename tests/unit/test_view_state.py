"""The status value, the feed's marks and the settable timers: plain values, no app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.clock import ManualTimers
from tui.models import FeedKey, Listing
from tui.view_state import Marks, Status, age, freshness, plural

NOW = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)


def test_the_detail_joins_count_freshness_and_notes_skipping_empty_parts() -> None:
    status = Status("Wed 12 Mar 2025", "12 papers", "cached 3 h ago")
    assert status.detail == "12 papers · cached 3 h ago"
    noted = status.noting("3 new since last visit")
    assert noted.detail == "12 papers · cached 3 h ago · 3 new since last visit"
    assert Status("Search", "", "type something to search for: press /").detail.startswith("type")
    assert Status().detail == ""


def test_status_changes_make_new_values_and_keep_the_rest() -> None:
    status = Status("Trending", "30 papers", "updated just now", problem="old problem")
    busy = status.doing("fetching Trending…")
    assert busy.activity == "fetching Trending…" and busy.problem == "old problem"
    assert status.activity == ""  # the original is untouched (frozen)
    failed = busy.failed("timed out")
    assert (failed.view, failed.how_many, failed.activity, failed.problem) == (
        "Trending", "30 papers", "fetching Trending…", "timed out",
    )


def test_plural_and_freshness_wording() -> None:
    assert plural(1, "paper") == "1 paper" and plural(1204, "paper") == "1,204 papers"
    day = FeedKey("day", "2025-03-12")
    cached = Listing(day, [], NOW - timedelta(hours=3), "cache")
    assert freshness(cached, offline=False, now=NOW) == "cached 3 h ago"
    assert freshness(cached, offline=True, now=NOW) == "offline - cached 3 h ago"
    fresh = Listing(day, [], NOW, "network")
    assert freshness(fresh, offline=False, now=NOW) == "updated just now"
    assert freshness(Listing(day, [], None, "sample"), offline=True) == "offline - bundled sample"
    assert age(None) == "unknown time" and age(NOW - timedelta(days=3), NOW) == "3 days ago"


def test_marks_flip_one_paper_and_switch_the_unread_dot_on() -> None:
    marks = Marks()
    marked = marks.bookmark("a", True).mark_read("b", True)
    assert marked.bookmarked == {"a"} and marked.read == {"b"} and marked.show_unread
    assert marks.bookmarked == frozenset()  # values, not shared sets
    assert marked.bookmark("a", False).bookmarked == frozenset()
    assert marked.mark_read("b", False).read == frozenset()


def test_manual_timers_fire_only_when_moved_on_and_never_when_cancelled() -> None:
    timers = ManualTimers()
    fired: list[str] = []
    timers.after(1.5, lambda: fired.append("read"))
    cancelled = timers.after(1.0, lambda: fired.append("cancelled"))
    cancelled.cancel()
    assert timers.advance(1.4) == 0 and fired == []
    assert timers.waiting == 1
    assert timers.advance(0.1) == 1 and fired == ["read"]
    assert timers.advance(10) == 0 and timers.waiting == 0
