"""Pilot: the feed is a window onto its rows; cursor keys move the window, the rows come from the paged source."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from textual.pilot import Pilot

from tests.app.harness import make_app, running, settle, wait_until
from tui.app import PapersApp
from tui.config import Paths
from tui.models import Author, FeedKey, Paper
from tui.services.reader.rows import StoreRows
from tui.services.storage.store import CacheStore
from tui.widgets.feed_table import FeedTable

PAPERS = 700
"""Three pages of StoreRows: a jump to the end needs a page that is not in memory."""


def _seed(count: int = PAPERS) -> None:
    start = date(2025, 1, 1)
    store = CacheStore(Paths.from_env().cache_db)
    for day_no in range(count // 50):
        day = start + timedelta(days=day_no)
        papers = [
            Paper(id=f"2501.{day_no:02d}{i:03d}", title=f"Paper {day_no * 50 + i:04d} on day {day_no}",
                  authors=(Author(f"Author {i}"),), submitted_at=datetime(day.year, day.month, day.day, 4, tzinfo=UTC),
                  upvotes=i)
            for i in range(50)
        ]
        store.save_listing(FeedKey("day", day.isoformat()), papers)
    store.close()


def _line(feed: FeedTable, y: int) -> str:
    return "".join(segment.text for segment in feed.render_line(y))


def _window(feed: FeedTable) -> list[str]:
    return [_line(feed, y) for y in range(feed.size.height)]


def _shows_cursor_row(feed: FeedTable) -> bool:
    """The cursor's paper is drawn on the line the window puts it on."""
    title = feed.source.row(feed.cursor).title
    y = (feed.cursor - feed.top) * feed.row_height + feed.HEADER_LINES
    return 0 <= feed.cursor - feed.top and y < feed.size.height and title in _line(feed, y)


async def _rows_drawn(pilot: Pilot[int], feed: FeedTable) -> None:
    """Wait until no line of the window is a row still being read."""
    await wait_until(pilot, lambda: not any("…" in line and "Paper" not in line for line in _window(feed)))


async def _library(app: PapersApp, pilot: Pilot[int]) -> FeedTable:
    feed = app.reader.feed
    assert isinstance(feed.source, StoreRows) and len(feed.source) == PAPERS
    await _rows_drawn(pilot, feed)
    return feed


async def test_cursor_keys_move_the_window_and_keep_the_cursor_on_screen() -> None:
    _seed()
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app, size=(100, 30)) as pilot:
        feed = await _library(app, pilot)
        rows = (feed.size.height - feed.HEADER_LINES) // feed.row_height
        assert feed.top == 0 and feed.cursor == 0 and _shows_cursor_row(feed)
        await pilot.press("pagedown")
        assert feed.cursor == rows - 1 and feed.top == 0  # the last row on screen
        await pilot.press("j")
        assert feed.cursor == rows and feed.top == 1  # one row past the edge moves the window one row
        await pilot.press("pagedown", "pagedown")
        assert feed.cursor == rows + 2 * (rows - 1) and feed.top == feed.cursor - rows + 1
        await _rows_drawn(pilot, feed)
        assert _shows_cursor_row(feed)
        await pilot.press("k")
        assert feed.top == feed.cursor - rows + 2  # moving back inside the window keeps it still
        await pilot.press("G")
        assert feed.cursor == PAPERS - 1 and feed.top == PAPERS - rows
        await _rows_drawn(pilot, feed)
        lines = _window(feed)
        assert "Title" in lines[0]  # the header stays on the first line
        assert _shows_cursor_row(feed) and feed.source.row(PAPERS - 1).title in lines[-1]
        await pilot.press("g")
        assert feed.cursor == 0 and feed.top == 0 and _shows_cursor_row(feed)
        await settle(pilot)
        assert app.reader.current is not None and app.reader.current.id == feed.source.ids()[0]


async def test_a_jump_far_away_draws_the_rows_once_their_page_is_read() -> None:
    _seed()
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app, size=(100, 30)) as pilot:
        feed = await _library(app, pilot)
        await pilot.press("G")
        await _rows_drawn(pilot, feed)
        source = feed.source
        for y in range(feed.HEADER_LINES, feed.size.height):
            index = feed.top + y - feed.HEADER_LINES
            assert source.row(index).title in _line(feed, y)
        await settle(pilot)
        assert app.reader.current is not None and app.reader.current.id == source.ids()[PAPERS - 1]


async def test_two_line_rows_page_by_two_lines_and_keep_the_cursor_visible() -> None:
    _seed()
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app, size=(100, 30)) as pilot:
        feed = await _library(app, pilot)
        await pilot.press("pagedown", "pagedown", "v")
        rows = (feed.size.height - feed.HEADER_LINES) // 2
        assert feed.row_height == 2 and feed.cursor - rows < feed.top <= feed.cursor
        await _rows_drawn(pilot, feed)
        y = (feed.cursor - feed.top) * 2 + feed.HEADER_LINES
        assert feed.source.row(feed.cursor).title in _line(feed, y)
        assert "Author" in _line(feed, y + 1) and "▲" in _line(feed, y + 1)
        await pilot.press("v")
        assert feed.row_height == 1 and _shows_cursor_row(feed)


async def test_marks_show_on_rows_deep_in_the_library() -> None:
    _seed()
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app, size=(100, 30)) as pilot:
        feed = await _library(app, pilot)
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        last = feed.source.ids()[PAPERS - 1]
        assert last in app.reader.marks.bookmarked
        y = (feed.cursor - feed.top) + feed.HEADER_LINES
        assert _line(feed, y).startswith("★")
        assert not _line(feed, y - 1).startswith("★")


async def test_the_feed_keeps_only_the_window_and_its_margin() -> None:
    _seed()
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app, size=(100, 30)) as pilot:
        feed = await _library(app, pilot)
        for _ in range(20):
            await pilot.press("pagedown")
        await _rows_drawn(pilot, feed)
        lines_on_screen = feed.size.height - feed.HEADER_LINES
        assert 0 < feed.lines_held <= 4 * lines_on_screen
        assert feed.source.pages_held <= StoreRows.KEEP_PAGES


async def test_a_long_list_keeps_its_last_cell_for_the_scrollbar() -> None:
    _seed()
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app, size=(100, 30)) as pilot:
        feed = await _library(app, pilot)
        width = feed.size.width
        assert all(len(line) == width for line in _window(feed))
        assert feed.columns().total <= width - 1
        # Below the thumb the last cell is the bar's background, whatever the row.
        assert {line[-1] for line in _window(feed)[feed.HEADER_LINES + 3:]} == {" "}
