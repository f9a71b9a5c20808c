"""Row sources: what the feed draws with (peek) never waits on SQLite; a bounded number of pages is kept."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import overload

from tui.models import Author, FeedKey, Paper
from tui.services.reader.rows import FilteredRows, PaperRows, StoreRows, peek_row
from tui.services.storage.store import CacheStore, FeedRow

COUNT = 3 * StoreRows.PAGE


def _store(tmp_path: Path, count: int = COUNT) -> tuple[CacheStore, list[str]]:
    store = CacheStore(tmp_path / "cache.sqlite3")
    papers = [Paper(id=f"2501.{i:05d}", title=f"Paper {i}", authors=(Author(f"Author {i}"),),
                    submitted_at=datetime(2025, 1, 2, tzinfo=UTC)) for i in range(count)]
    store.save_listing(FeedKey("day", "2025-01-02"), papers)
    return store, [p.id for p in papers]


def _held_reads(rows: StoreRows) -> threading.Event:
    """Make *rows*' background reads wait until the returned event is set.

    Without it the reader thread (started by the first read) can finish a page
    before ``peek`` looks at it, and the test would depend on thread scheduling.
    """
    release = threading.Event()
    load_page = rows.load_page

    def held(page_no: int) -> list[FeedRow]:
        release.wait(timeout=30)
        return load_page(page_no)

    rows.load_page = held  # type: ignore[method-assign]
    return release


def test_peek_answers_from_memory_or_with_the_read_that_brings_the_row(tmp_path: Path) -> None:
    store, ids = _store(tmp_path)
    try:
        rows = StoreRows(store, ids, read_ahead=False)
        rows.prime()
        release = _held_reads(rows)
        first = rows.peek(3)
        assert isinstance(first, FeedRow) and first.id == ids[3]
        far = rows.peek(COUNT - 1)
        assert isinstance(far, Future)
        assert rows.peek(COUNT - 2) is far  # one read per page, however many rows ask
        release.set()
        far.result(timeout=10)
        row = rows.peek(COUNT - 1)
        assert isinstance(row, FeedRow) and row.id == ids[COUNT - 1] and row.title == f"Paper {COUNT - 1}"
    finally:
        store.close()


def test_row_reads_at_once_and_agrees_with_peek(tmp_path: Path) -> None:
    store, ids = _store(tmp_path)
    try:
        rows = StoreRows(store, ids, read_ahead=False)
        assert rows.row(StoreRows.PAGE + 5).id == ids[StoreRows.PAGE + 5]
        peeked = rows.peek(StoreRows.PAGE + 6)
        assert isinstance(peeked, FeedRow) and peeked.id == ids[StoreRows.PAGE + 6]
    finally:
        store.close()


def test_only_a_few_pages_stay_in_memory_the_nearest_kept(tmp_path: Path) -> None:
    pages = StoreRows.KEEP_PAGES + 4
    store, ids = _store(tmp_path, pages * StoreRows.PAGE)
    try:
        rows = StoreRows(store, ids, read_ahead=False)
        for page in range(pages):
            rows.row(page * StoreRows.PAGE)
            assert rows.pages_held <= StoreRows.KEEP_PAGES
        # The page just read and its neighbours are there; the first ones went.
        release = _held_reads(rows)
        assert isinstance(rows.peek((pages - 1) * StoreRows.PAGE), FeedRow)
        assert isinstance(rows.peek((pages - 2) * StoreRows.PAGE), FeedRow)
        assert isinstance(rows.peek(0), Future)
        release.set()
    finally:
        store.close()


class _Ranked(Sequence[str]):
    """Ids ranked a page at a time on the caller's thread, like a search's (``loaded`` of them so far)."""

    def __init__(self, ids: list[str], loaded: int) -> None:
        self._ids = ids
        self.loaded = loaded
        self.ranked_on: set[str] = set()

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        stop = index.stop if isinstance(index, slice) else index + 1
        if stop > self.loaded:
            self.ranked_on.add(threading.current_thread().name)
            self.loaded = max(self.loaded, stop)
        return self._ids[index]


def test_pages_a_search_has_not_ranked_yet_are_ranked_where_the_feed_asks(tmp_path: Path) -> None:
    store, ids = _store(tmp_path)
    try:
        ranked = _Ranked(ids, loaded=StoreRows.PAGE)
        rows = StoreRows(store, ranked)
        rows.prime()
        row = rows.peek(COUNT - 1)
        assert isinstance(row, FeedRow) and row.id == ids[COUNT - 1]
        assert ranked.ranked_on == {threading.current_thread().name}  # never in the background reader
    finally:
        store.close()


def test_filtered_and_in_memory_sources_peek_like_their_rows(tmp_path: Path) -> None:
    store, ids = _store(tmp_path)
    try:
        rows = StoreRows(store, ids, read_ahead=False)
        rows.prime()
        release = _held_reads(rows)
        odd = FilteredRows(rows, lambda paper_id: int(paper_id[-1]) % 2 == 1)
        peeked = peek_row(odd, 0)
        assert isinstance(peeked, FeedRow) and peeked.id == ids[1]
        assert isinstance(peek_row(odd, len(odd) - 1), Future)
        release.set()
        papers = PaperRows([Paper(id="2501.00001", title="One")])
        assert peek_row(papers, 0) == papers.row(0)
        assert papers.days() == {""}
    finally:
        store.close()


def test_prime_reads_the_first_screenful_and_the_rest_of_its_page_follows_in_the_background(tmp_path: Path) -> None:
    store, ids = _store(tmp_path)
    try:
        rows = StoreRows(store, ids, read_ahead=False)
        read: list[int] = []
        feed_rows = store.feed_rows

        def counted(wanted: Sequence[str]) -> list[FeedRow]:
            read.append(len(wanted))
            return feed_rows(wanted)

        store.feed_rows = counted  # type: ignore[method-assign]
        rows.prime()
        assert read == [StoreRows.FIRST_SCREEN] and rows.pages_held == 0
        last_on_first_screen = rows.peek(StoreRows.FIRST_SCREEN - 1)
        assert isinstance(last_on_first_screen, FeedRow) and last_on_first_screen.id == ids[StoreRows.FIRST_SCREEN - 1]
        assert rows.row(2).id == ids[2] and read == [StoreRows.FIRST_SCREEN]  # served from the first screenful
        release = _held_reads(rows)
        rows.read_first_page()
        rows.read_first_page()  # once
        pending = rows.peek(StoreRows.FIRST_SCREEN)
        assert isinstance(pending, Future)
        release.set()
        pending.result(timeout=10)
        after = rows.peek(StoreRows.FIRST_SCREEN)
        assert isinstance(after, FeedRow) and after.id == ids[StoreRows.FIRST_SCREEN]
        assert read == [StoreRows.FIRST_SCREEN, StoreRows.PAGE] and rows.pages_held == 1
    finally:
        store.close()
