"""The feed: one line per paper, a window onto any number of rows (100,000 cost what a screenful does).

The feed pages itself instead of scrolling: it is a plain widget as tall as
its pane, whose first row on screen (:attr:`FeedTable.top`) and cursor are its
own state. Moving the cursor past the edge moves the window, and only this
widget repaints: no layout pass, no virtual canvas 100,000 lines tall. Rows
come from the lazily paged row source with :func:`~tui.services.reader.rows.peek_row`,
which never waits: a row whose page is still being read draws as ``…`` and
the window redraws when the page arrives, so SQLite never runs on the event
loop to draw a line.

The reader screen owns what it shows: rows arrive through :meth:`FeedTable.set_source`
(the one setter), the marks through the ``marks`` reactive (``data_bind``). The
table owns only its cursor and window and reports moves with :class:`FeedTable.Highlighted`.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.commands import scoped
from tui.services.reader.rows import PageRead, PaperRows, RowSource, StoreRows, peek_row
from tui.services.storage.store import FeedRow
from tui.view_state import Marks
from tui.widgets.feed_columns import ROW_GLYPHS, Columns, layout
from tui.widgets.feed_lines import Palette, detail_line, header_line, loading_line, one_line, title_line
from tui.widgets.feed_scrollbar import scrollbar_cells

__all__ = ["ROW_GLYPHS", "FeedTable"]

_DATE_CHECK_LIMIT = 1500
"""Sources up to this size are checked for a shared day / year (cheap, in memory)."""
WHEEL_ROWS = 3
"""Rows one notch of the mouse wheel moves the window."""
WARM_SLICE = 6
"""Margin lines drawn ahead per slice of idle time (~1 ms): a page-down finds its lines drawn."""


def _date_width(source: RowSource) -> int:
    """0 when every row has the same day, 6 (``Mar 05``) within one year, else 10 (ISO)."""
    if isinstance(source, PaperRows):
        days = source.days() if len(source) <= _DATE_CHECK_LIMIT else {"", "-"}
    elif len(source) > StoreRows.PAGE:
        return 10
    else:
        days = {source.row(i).day for i in range(len(source))}
    if len(days) <= 1:
        return 0
    return 6 if len({d[:4] for d in days}) == 1 else 10


class FeedTable(Widget, can_focus=True):
    """A window of papers with a cursor, under a header line naming the columns.

    One line per paper, or two (:attr:`two_line`: the full title, then authors ·
    date · ▲ · comments · code). A scrollbar in the last cell shows where the
    window is when the rows do not all fit.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.description, show=False, id=c.id) for c in scoped("feed")
    ]

    DEFAULT_CSS = """
    FeedTable { background: $surface; scrollbar-size-vertical: 1; }
    FeedTable > .feed--cursor { background: $accent 40%; text-style: bold; }
    FeedTable:focus > .feed--cursor { background: $accent; color: $text; }
    FeedTable > .feed--dim { color: $text-muted; }
    FeedTable > .feed--code { color: $success; }
    FeedTable > .feed--mark { color: $warning; }
    FeedTable > .feed--unread { color: $primary; }
    FeedTable > .feed--header { color: $text-muted; text-style: bold underline; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "feed--cursor", "feed--dim", "feed--code", "feed--mark", "feed--unread", "feed--header",
    }

    HEADER_LINES = 1
    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    marks: reactive[Marks] = reactive(Marks, init=False)
    """Bookmarked, read and remote-only rows (bound to the reader screen's marks)."""

    class Highlighted(Message):
        """The cursor moved onto another paper."""

        def __init__(self, table: FeedTable, index: int, paper_id: str | None) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.paper_id = paper_id
            """``None`` while the row's page is still being read."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: RowSource = PaperRows([])
        self.two_line = False
        """Two lines per paper: the whole title, then authors · date · ▲ · comments · code."""
        self.top = 0
        """The row at the top of the window (the feed's own scroll position, in rows)."""
        self._date_width = 10
        self._line_cache: dict[tuple[int, int, int, bool, Segment | None], Strip] = {}
        self._bar_cache: tuple[tuple[int, int, int], list[Segment], Segment] | None = None
        self._header_cache: tuple[tuple[object, ...], Strip] | None = None
        self._reads: set[PageRead] = set()
        self._pass: _Frame | None = None
        """Set while a repaint draws its lines."""
        self._warming = False

    # -- data -----------------------------------------------------------------

    @property
    def row_height(self) -> int:
        return 2 if self.two_line else 1

    def set_source(self, source: RowSource, *, cursor: int = 0) -> None:
        """Show *source*; the cursor goes to *cursor* (clamped)."""
        self.source = source
        self._date_width = _date_width(source)
        self._line_cache.clear()
        self.top = 0
        self.cursor = max(0, min(cursor, len(source) - 1))
        self.refresh()
        self._warm_later()

    def watch_marks(self) -> None:
        """Redraw after bookmarks, read state or remote marks changed."""
        self._line_cache.clear()
        self.refresh()

    def action_toggle_two_line(self) -> None:
        """One line per paper, or two (the full title, then the details)."""
        self.two_line = not self.two_line
        self._line_cache.clear()
        self._scroll_cursor_into_view()
        self.refresh()

    @property
    def lines_held(self) -> int:
        """Drawn lines the feed keeps: the window's and a margin's, however long the source."""
        return len(self._line_cache)

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self.source):
            return self.source.row(self.cursor).id
        return None

    # -- the window -----------------------------------------------------------

    @property
    def _rows_on_screen(self) -> int:
        """Whole rows the window shows under the header."""
        return max(1, (self.size.height - self.HEADER_LINES) // self.row_height)

    @property
    def _total_lines(self) -> int:
        return len(self.source) * self.row_height + self.HEADER_LINES

    def _move_window(self, top: int) -> None:
        top = max(0, min(top, len(self.source) - self._rows_on_screen))
        if top != self.top:
            self.top = top
            self._forget_far_lines()
            self.refresh()
            self._warm_later()

    def _forget_far_lines(self) -> None:
        """Keep drawn lines for the window and a window's worth either side, no more."""
        rows = self._rows_on_screen
        if len(self._line_cache) <= 3 * rows * self.row_height:
            return
        low, high = self.top - rows, self.top + 2 * rows
        self._line_cache = {k: v for k, v in self._line_cache.items() if low <= k[0] < high}

    def _scroll_cursor_into_view(self) -> None:
        rows = self._rows_on_screen
        if self.cursor < self.top:
            self._move_window(self.cursor)
        elif self.cursor >= self.top + rows:
            self._move_window(self.cursor - rows + 1)
        else:
            self._move_window(self.top)  # clamp after a resize / a shorter source

    # -- cursor ---------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._line_cache = {k: v for k, v in self._line_cache.items() if k[0] not in (old, new)}
        top = self.top
        self._scroll_cursor_into_view()
        if self.top == top:
            for index in (old, new):  # the window stayed: only the two rows repaint
                self._refresh_row(index)
        self.post_message(self.Highlighted(self, new, self._known_id(new)))

    def _refresh_row(self, index: int) -> None:
        line = (index - self.top) * self.row_height + self.HEADER_LINES
        if self.HEADER_LINES <= line < self.size.height:
            self.refresh(Region(0, line, self.size.width, self.row_height))

    def _known_id(self, index: int) -> str | None:
        if not 0 <= index < len(self.source):
            return None
        row = peek_row(self.source, index)
        return row.id if isinstance(row, FeedRow) else None

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.source) - 1)) if len(self.source) else 0

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_first(self) -> None:
        self.cursor = 0

    def action_cursor_last(self) -> None:
        self.cursor = len(self.source) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self._rows_on_screen - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self._rows_on_screen - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= self.HEADER_LINES:
            index = self.top + (offset.y - self.HEADER_LINES) // self.row_height
            if index < len(self.source):
                self.cursor = index

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._move_window(self.top + WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._move_window(self.top - WHEEL_ROWS)

    def on_resize(self) -> None:
        self._line_cache.clear()
        self._bar_cache = None
        self._scroll_cursor_into_view()

    # -- drawing --------------------------------------------------------------

    def columns(self) -> Columns:
        """The column widths at the current width (see :mod:`tui.widgets.feed_columns`)."""
        return self._columns(self._frame().row_width)

    def _columns(self, row_width: int) -> Columns:
        marks = self.marks
        return layout(row_width, date_width=self._date_width, remote=bool(marks.remote),
                      picked=bool(marks.selected or marks.pdfs))

    def _measure(self) -> _Frame:
        width, height = self.size
        overflows = self._total_lines > height
        row_width = max(1, width - (1 if overflows else 0))
        bar, back = self._scrollbar(height) if overflows and height else (None, None)
        return _Frame(width, height, row_width, self._columns(row_width), self._make_palette(), bar, back)

    def _frame(self) -> _Frame:
        return self._pass if self._pass is not None else self._measure()

    def _make_palette(self) -> Palette:
        def part(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        base = self.rich_style
        return Palette(base=base, cursor=base + self.get_component_rich_style("feed--cursor"), dim=part("feed--dim"),
                       code=part("feed--code"), mark=part("feed--mark"), unread=part("feed--unread"),
                       header=part("feed--header"))

    def render_lines(self, crop: Region) -> list[Strip]:
        # Geometry, columns and styles once per repaint, not once per line.
        self._pass = self._measure()
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame()
        bar = frame.bar[y] if frame.bar is not None and y < len(frame.bar) else None
        if y < self.HEADER_LINES:
            key = (frame.columns, self.two_line, bool(self.marks.remote), frame.palette, bar)
            if self._header_cache is None or self._header_cache[0] != key:
                text = header_line(frame.columns, two_line=self.two_line, remote=bool(self.marks.remote),
                                   p=frame.palette)
                self._header_cache = (key, self._strip(text, frame.row_width, frame.palette.base, bar))
            return self._header_cache[1]
        index, part = divmod(y - self.HEADER_LINES, self.row_height)
        index += self.top
        if index >= len(self.source):
            return self._strip(Text(""), frame.row_width, frame.palette.base, bar)
        drawn = self._drawn(index, part, frame, bar)
        if isinstance(drawn, Strip):
            return drawn
        self._redraw_when_read(drawn)
        style = frame.palette.cursor if index == self.cursor else frame.palette.base
        return self._strip(loading_line(frame.palette) if part == 0 else Text(""), frame.row_width, style, bar)

    def _drawn(self, index: int, part: int, frame: _Frame, bar: Segment | None) -> Strip | PageRead:
        """Line *part* of row *index* (then *bar*, its scrollbar cell), from the cache or drawn now and kept;
        the page read if the row is not in memory."""
        width, p = frame.row_width, frame.palette
        is_cursor = index == self.cursor
        key = (index, part if self.two_line else -1, width, is_cursor, bar)
        strip = self._line_cache.get(key)
        if strip is not None:
            return strip
        row = peek_row(self.source, index)
        if not isinstance(row, FeedRow):
            return row
        if len(self._line_cache) > 2000:
            self._line_cache.clear()
        if not self.two_line:
            text = one_line(row, frame.columns, self.marks, p)
        elif part == 0:
            text = title_line(row, width, self.marks, p)
        else:
            text = detail_line(row, width, self.marks, p)
        strip = self._line_cache[key] = self._strip(text, width, p.cursor if is_cursor else p.base, bar)
        return strip

    def _warm_later(self) -> None:
        """Draw the margin (a window above and below) in small slices while nothing else runs."""
        if not self._warming and self.is_attached:
            self._warming = True
            self.call_after_refresh(self._warm_margin)

    def _warm_margin(self) -> None:
        self._warming = False
        if not self.is_attached or not self.size.height:
            return
        frame = self._measure()
        rows = self._rows_on_screen
        below = range(self.top + rows, min(len(self.source), self.top + 2 * rows))
        above = range(self.top - 1, max(-1, self.top - rows - 1), -1)
        budget = WARM_SLICE
        for index in (*below, *above):
            for part in range(self.row_height):
                key = (index, part if self.two_line else -1, frame.row_width, index == self.cursor, frame.bar_back)
                if key in self._line_cache:
                    continue
                if not isinstance(self._drawn(index, part, frame, frame.bar_back), Strip):
                    break  # its page is being read: the redraw when it arrives warms again
                budget -= 1
                if budget == 0:
                    self._warm_later()
                    return

    def _strip(self, text: Text, width: int, style: Style, bar: Segment | None = None) -> Strip:
        """*text* as exactly *width* cells in *style*, then the scrollbar cell *bar* if any."""
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(Segment.apply_style(list(text.render(self.app.console)), style))
        strip = Strip(segments)
        if strip.cell_length != width:
            strip = strip.adjust_cell_length(width, style)
        if bar is None:
            return strip
        return Strip([*strip, bar], width + 1)

    def _redraw_when_read(self, read: PageRead) -> None:
        """Draw the window again once the page being read in the background is in memory."""
        if read in self._reads:
            return
        self._reads.add(read)
        try:
            waiting = asyncio.wrap_future(read)
        except RuntimeError:  # drawn outside the event loop (never in the app): wait for it
            self._reads.discard(read)
            read.result()
            return
        waiting.add_done_callback(lambda _: self._page_read(read))

    def _page_read(self, read: PageRead) -> None:
        self._reads.discard(read)
        if self.is_attached:
            self.refresh()
            self._warm_later()

    def _scrollbar(self, height: int) -> tuple[list[Segment], Segment]:
        """The scrollbar's cell for each line, and the cell of a line away from the thumb."""
        total, top_line = self._total_lines, self.top * self.row_height
        key = (height, total, top_line)
        if self._bar_cache is None or self._bar_cache[0] != key:
            cells = scrollbar_cells(self, height=height, total_lines=total, top_line=top_line)
            back = max(set(cells), key=cells.count)
            self._bar_cache = (key, cells, back)
        return self._bar_cache[1], self._bar_cache[2]

    def notify_style_update(self) -> None:
        """A theme or focus change: the drawn lines and the scrollbar are drawn again."""
        super().notify_style_update()
        self._line_cache.clear()
        self._bar_cache = self._header_cache = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As tall as the rows (for ``height: auto``), never taller than the screen: the feed pages itself."""
        return min(self._total_lines, viewport.height)


class _Frame(NamedTuple):
    """What every line of one repaint shares."""

    width: int
    height: int
    row_width: int
    """The width less the scrollbar's cell when the rows do not all fit."""
    columns: Columns
    palette: Palette
    bar: list[Segment] | None
    """The scrollbar's cell on each line, when the rows do not all fit."""
    bar_back: Segment | None
    """Its cell on a line away from the thumb (what margin lines are drawn with)."""
