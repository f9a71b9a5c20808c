"""The feed: one line per paper, drawn with the line API so 100,000 rows cost nothing.

The reader screen owns what it shows: rows arrive through :meth:`FeedTable.set_source`
(the one setter), the marks through the ``marks`` reactive (``data_bind``). The
table owns only its cursor and reports moves with :class:`FeedTable.Highlighted`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.commands import scoped
from tui.services.formats.texmath import tex_to_unicode
from tui.services.reader.rows import PaperRows, RowSource, StoreRows
from tui.services.sanitize import clean_line
from tui.services.storage.store import FeedRow
from tui.view_state import Marks
from tui.widgets.feed_columns import ROW_GLYPHS, Columns, layout

__all__ = ["ROW_GLYPHS", "FeedTable"]

_DATE_CHECK_LIMIT = 1500
"""Sources up to this size are checked for a shared day / year (cheap, in memory)."""


def _date_width(source: RowSource) -> int:
    """0 when every row has the same day, 6 (``Mar 05``) within one year, else 10 (ISO)."""
    if len(source) > _DATE_CHECK_LIMIT or (not isinstance(source, PaperRows) and len(source) > StoreRows.PAGE):
        return 10
    days = {source.row(i).day for i in range(len(source))}
    if len(days) <= 1:
        return 0
    return 6 if len({d[:4] for d in days}) == 1 else 10


def _short_day(day: str, width: int) -> str:
    if width == 6 and len(day) == 10:
        try:
            return date.fromisoformat(day).strftime("%b %d")
        except ValueError:
            return day[:width]
    return day[:width]


class FeedTable(ScrollView, can_focus=True):
    """A virtual list of papers with a cursor, under a header line naming the columns.

    One line per paper, or two (:attr:`two_line`: the full title, then authors ·
    date · ▲ · comments · code).
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

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto another paper."""

        table: FeedTable
        index: int
        paper_id: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: RowSource = PaperRows([])
        self.two_line = False
        """Two lines per paper: the whole title, then authors · date · ▲ · comments · code."""
        self._date_width = 10
        self._line_cache: dict[tuple[int, int, int, bool], Strip] = {}

    # -- data -----------------------------------------------------------------

    @property
    def row_height(self) -> int:
        return 2 if self.two_line else 1

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.source) * self.row_height + self.HEADER_LINES)

    def set_source(self, source: RowSource, *, cursor: int = 0) -> None:
        """Show *source*; the cursor goes to *cursor* (clamped)."""
        self.source = source
        self._date_width = _date_width(source)
        self._line_cache.clear()
        self._update_virtual_size()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = max(0, min(cursor, len(source) - 1))
        self.refresh()

    def watch_marks(self) -> None:
        """Redraw after bookmarks, read state or remote marks changed."""
        self._line_cache.clear()
        self.refresh()

    def action_toggle_two_line(self) -> None:
        """One line per paper, or two (the full title, then the details)."""
        self.two_line = not self.two_line
        self._line_cache.clear()
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        self.refresh()

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self.source):
            return self.source.row(self.cursor).id
        return None

    # -- cursor ---------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._line_cache = {k: v for k, v in self._line_cache.items() if k[0] not in (old, new)}
        self.refresh()
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, new, self.current_id))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.source) - 1)) if len(self.source) else 0

    @property
    def _rows_on_screen(self) -> int:
        return max(1, (self.scrollable_content_region.height - self.HEADER_LINES) // self.row_height)

    def _scroll_cursor_into_view(self) -> None:
        lines = max(1, self.scrollable_content_region.height - self.HEADER_LINES)
        top = int(self.scroll_y)
        first, last = self.cursor * self.row_height, self.cursor * self.row_height + self.row_height - 1
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + lines:
            self.scroll_to(y=last - lines + 1, animate=False, immediate=True)

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

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int) and offset >= self.HEADER_LINES:
            self.cursor = (int(self.scroll_y) + offset - self.HEADER_LINES) // self.row_height

    def on_resize(self) -> None:
        self._line_cache.clear()
        self._update_virtual_size()

    # -- drawing --------------------------------------------------------------

    def columns(self) -> Columns:
        """The column widths at the current width (see :mod:`tui.widgets.feed_columns`)."""
        marks = self.marks
        return layout(self.scrollable_content_region.width, date_width=self._date_width, remote=bool(marks.remote),
                      picked=bool(marks.selected or marks.pdfs))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < self.HEADER_LINES:
            return self._render_header(width)
        line = int(self.scroll_y) + y - self.HEADER_LINES
        index, part = divmod(line, self.row_height)
        if index >= len(self.source):
            return Strip.blank(width, self.rich_style)
        key = (index, part if self.two_line else -1, width, index == self.cursor)
        strip = self._line_cache.get(key)
        if strip is None:
            if len(self._line_cache) > 2000:
                self._line_cache.clear()
            row = self.source.row(index)
            if not self.two_line:
                text = self._one_line(row, self.columns())
            elif part == 0:
                text = self._title_line(row, width)
            else:
                text = self._detail_line(row, width)
            strip = self._strip(text, width, index == self.cursor)
            self._line_cache[key] = strip
        return strip

    def _strip(self, text: Text, width: int, is_cursor: bool) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        base = self.rich_style
        style = base + self.get_component_rich_style("feed--cursor") if is_cursor else base
        segments = list(Segment.apply_style(list(text.render(self.app.console)), style))
        return Strip(segments, width).crop(0, width)

    def _render_header(self, width: int) -> Strip:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        header = self.get_component_rich_style("feed--header", partial=True)
        if self.two_line:
            text.append(" " * (2 if self.marks.remote else 1) + "Title / authors · date · ▲ upvotes · ✉ comments · code", header)
        else:
            c = self.columns()
            text.append(" " * c.marks + f"{'▲':>{c.upvotes}} " + "⌥".ljust(c.code) + " ", header)
            text.append(_fit("Title", c.title), header)
            if c.author:
                text.append(" " + _fit("First author", c.author), header)
            if c.date:
                text.append(" " + _fit("Date", c.date), header)
            text.append(" " + f"{'✉':>{c.comments}}", header)
        text.truncate(width, pad=True)
        return Strip(list(Segment.apply_style(list(text.render(self.app.console)), self.rich_style)), width).crop(
            0, width
        )

    def _marks(self, row: FeedRow) -> Text:
        mark = self.get_component_rich_style("feed--mark", partial=True)
        unread = self.get_component_rich_style("feed--unread", partial=True)
        dim = self.get_component_rich_style("feed--dim", partial=True)
        marks = self.marks
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if row.id in marks.bookmarked:
            text.append("★", mark)
        elif marks.show_unread and row.id not in marks.read:
            text.append("•", unread)
        else:
            text.append(" ")
        if marks.selected or marks.pdfs:
            if row.id in marks.selected:
                text.append("✓", mark)
            else:
                text.append("▤" if row.id in marks.pdfs else " ", dim)
        if marks.remote:
            text.append("☁" if row.id in marks.remote else " ", dim)
        return text

    def _one_line(self, row: FeedRow, c: Columns) -> Text:
        dim = self.get_component_rich_style("feed--dim", partial=True)
        code = self.get_component_rich_style("feed--code", partial=True)
        text = self._marks(row)
        text.append(f"{row.upvotes:>{c.upvotes}} ", dim)
        text.append(("⌥" if row.has_code else " ").ljust(c.code) + " ", code)
        text.append_text(_title(row, c.title, self.marks.tags.get(row.id, ())))
        if c.author:
            text.append(" " + _fit(clean_line(row.first_author), c.author), dim)
        if c.date:
            text.append(" " + _fit(_short_day(row.day, c.date), c.date), dim)
        comments = f"{row.num_comments}✉" if row.num_comments else ""
        text.append(" " + f"{comments:>{c.comments}}", dim)
        return text

    def _title_line(self, row: FeedRow, width: int) -> Text:
        text = self._marks(row)
        text.append_text(_title(row, max(1, width - text.cell_len), self.marks.tags.get(row.id, ())))
        return text

    def _detail_line(self, row: FeedRow, width: int) -> Text:
        dim = self.get_component_rich_style("feed--dim", partial=True)
        code = self.get_component_rich_style("feed--code", partial=True)
        text = Text(" " * (2 if self.marks.remote else 1), no_wrap=True, overflow="ellipsis", end="")
        facts = [clean_line(row.authors or row.first_author) or "authors not listed"]
        if row.day:
            facts.append(row.day)
        facts.append(f"▲ {row.upvotes}")
        if row.num_comments:
            facts.append(f"{row.num_comments} comment{'s' if row.num_comments != 1 else ''}")
        tail = Text(" · code ⌥", code) if row.has_code else Text("")
        head = " · ".join(facts)
        room = max(1, width - text.cell_len - tail.cell_len)
        text.append(_fit(head, room).rstrip(), dim)
        text.append_text(tail)
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.source) * self.row_height + self.HEADER_LINES



def _fit(value: str, width: int) -> str:
    """*value* cut with an ellipsis or padded to exactly *width* cells."""
    text = Text(value, no_wrap=True, end="")
    text.truncate(width, overflow="ellipsis", pad=True)
    return text.plain


def _title(row: FeedRow, width: int, tags: tuple[str, ...] | list[str] = ()) -> Text:
    """The title as the abstract pane shows it (TeX rendered), then the paper's tags, cut or padded to *width*."""
    title = Text(tex_to_unicode(clean_line(row.title)), no_wrap=True, overflow="ellipsis", end="")
    if tags:
        title.append("  " + " ".join("#" + clean_line(tag) for tag in tags), style="dim")
    title.truncate(width, overflow="ellipsis", pad=True)
    return title
