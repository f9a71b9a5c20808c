"""The feed: one line per paper, drawn with the line API so 100,000 rows cost nothing.

The reader screen owns what it shows: rows arrive through :meth:`FeedTable.set_source`
(the one setter), the marks through the ``marks`` reactive (``data_bind``). The
table owns only its cursor and reports moves with :class:`FeedTable.Highlighted`.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from tui.services.rows import PaperRows, RowSource
from tui.services.sanitize import clean_line
from tui.services.store import FeedRow
from tui.view_state import Marks

AUTHOR_WIDTH = 18
DATE_WIDTH = 10


class FeedTable(ScrollView, can_focus=True):
    """A virtual list of papers with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.description, show=False, id=c.id) for c in scoped("feed")
    ]

    DEFAULT_CSS = """
    FeedTable { background: $surface; }
    FeedTable > .feed--cursor { background: $accent 40%; text-style: bold; }
    FeedTable:focus > .feed--cursor { background: $accent; color: $text; }
    FeedTable > .feed--dim { color: $text-muted; }
    FeedTable > .feed--code { color: $success; }
    FeedTable > .feed--mark { color: $warning; }
    FeedTable > .feed--unread { color: $primary; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"feed--cursor", "feed--dim", "feed--code", "feed--mark", "feed--unread"}

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
        self._line_cache: dict[tuple[int, int, bool], Strip] = {}

    # -- data -----------------------------------------------------------------

    def set_source(self, source: RowSource, *, cursor: int = 0) -> None:
        """Show *source*; the cursor goes to *cursor* (clamped)."""
        self.source = source
        self._line_cache.clear()
        self.virtual_size = Size(self.size.width, len(source))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = max(0, min(cursor, len(source) - 1))
        self.refresh()

    def watch_marks(self) -> None:
        """Redraw after bookmarks, read state or remote marks changed."""
        self._line_cache.clear()
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

    def _scroll_cursor_into_view(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_first(self) -> None:
        self.cursor = 0

    def action_cursor_last(self) -> None:
        self.cursor = len(self.source) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int):
            self.cursor = int(self.scroll_y) + offset

    def on_resize(self) -> None:
        self._line_cache.clear()
        self.virtual_size = Size(self.size.width, len(self.source))

    # -- drawing --------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if index >= len(self.source):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor)
        strip = self._line_cache.get(key)
        if strip is None:
            if len(self._line_cache) > 2000:
                self._line_cache.clear()
            strip = self._render_row(self.source.row(index), width, index == self.cursor)
            self._line_cache[key] = strip
        return strip

    def _render_row(self, row: FeedRow, width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        dim = self.get_component_rich_style("feed--dim", partial=True)
        code = self.get_component_rich_style("feed--code", partial=True)
        mark = self.get_component_rich_style("feed--mark", partial=True)
        unread = self.get_component_rich_style("feed--unread", partial=True)
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
        text.append(f"{row.upvotes:>4} ", dim)
        text.append("⌥ " if row.has_code else "  ", code)
        comments = f"{row.num_comments:>3}✉" if row.num_comments else "    "
        tail_width = 1 + AUTHOR_WIDTH + 1 + DATE_WIDTH + 1 + len(comments)
        title_width = max(8, width - text.cell_len - tail_width)
        title = Text(clean_line(row.title), no_wrap=True, overflow="ellipsis", end="")
        if row.id in marks.tags:
            title.append("  " + " ".join("#" + clean_line(tag) for tag in marks.tags[row.id]), style=dim)
        title.truncate(title_width, overflow="ellipsis", pad=True)
        text.append_text(title)
        author = Text(" " + clean_line(row.first_author), style=dim, no_wrap=True, end="")
        author.truncate(AUTHOR_WIDTH + 1, overflow="ellipsis", pad=True)
        text.append_text(author)
        text.append(f" {row.day[:DATE_WIDTH]:<{DATE_WIDTH}} ", dim)
        text.append(comments, dim)
        text.truncate(width, overflow="ellipsis", pad=True)
        style = base + self.get_component_rich_style("feed--cursor") if is_cursor else base
        segments = list(text.render(self.app.console))
        segments = list(Segment.apply_style(segments, style))
        return Strip(segments, width).crop(0, width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.source)
