"""The paper's text as a line-API scroll view: only the rows on screen are drawn.

The document is laid out once per width (:mod:`tui.services.paper.layout`);
:meth:`DocumentView.render_line` turns one laid-out line into a strip, cached
per (line, scroll x, width, highlight version), so a scroll step draws one
screenful from cached strips. Text goes in as plain segments, never as
markup. Find hits and the focused link are highlights on top.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from tui.services.paper.layout import Layout, Line, layout_document
from tui.services.paper.model import Document

PROGRESSIVE_BLOCKS = 300
PROGRESSIVE_CHARS = 20_000
"""Documents with more blocks, or more text (about 3,000 words), get their first screen laid out
before the rest: the whole of a 40-page paper takes tens of ms to lay out, its first screen about one."""
KEPT_LAYOUTS = 3
"""Whole layouts kept per document (one per width), so resizing back costs nothing."""
JUMP_TRIES = 10
"""Refreshes a pending jump waits for the scrollable size to be laid out."""
STYLES = ("title", "h1", "h2", "h3", "meta", "notice", "dim", "label", "b", "i", "code", "math", "cite", "ref",
          "link", "sup", "hit", "hit-current", "focus")
LINK_STYLES = frozenset(("cite", "ref", "link"))
_SUPERSCRIPT = str.maketrans("0123456789+-()*abcdefghijklmnoprstuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾*ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")


def _is_long(document: Document) -> bool:
    if len(document.blocks) > PROGRESSIVE_BLOCKS:
        return True
    chars = 0
    for block in document.blocks:
        chars += sum(len(span.text) for span in block.spans) + sum(len(line) for line in block.lines)
        if chars > PROGRESSIVE_CHARS:
            return True
    return False


@dataclass(frozen=True, slots=True)
class LinkSpot:
    """One followable run: which line, which run in it, and its target."""

    line: int
    run: int
    style: str
    target: str
    text: str


class DocumentView(ScrollView, can_focus=True):
    """Scrolls a laid-out document; the screen owns the keys and calls the methods."""

    COMPONENT_CLASSES = {f"document-view--{name}" for name in STYLES}  # noqa: RUF012 - Textual's own type
    DEFAULT_CSS = """
    DocumentView { background: $surface; padding: 0 1; scrollbar-gutter: stable; }
    DocumentView > .document-view--title { text-style: bold; color: $accent; }
    DocumentView > .document-view--h1 { text-style: bold; color: $primary; }
    DocumentView > .document-view--h2 { text-style: bold; color: $secondary; }
    DocumentView > .document-view--h3 { text-style: bold italic; }
    DocumentView > .document-view--meta { color: $text-muted; }
    DocumentView > .document-view--notice { color: $warning; }
    DocumentView > .document-view--dim { color: $text-muted; }
    DocumentView > .document-view--label { color: $accent; }
    DocumentView > .document-view--b { text-style: bold; }
    DocumentView > .document-view--i { text-style: italic; }
    DocumentView > .document-view--code { color: $text-success; }
    DocumentView > .document-view--math { color: $text-warning; }
    DocumentView > .document-view--cite { color: $accent; text-style: underline; }
    DocumentView > .document-view--ref { color: $accent; }
    DocumentView > .document-view--link { color: $primary; text-style: underline; }
    DocumentView > .document-view--sup { color: $accent; }
    DocumentView > .document-view--hit { background: $warning 40%; }
    DocumentView > .document-view--hit-current { background: $warning; color: $background; }
    DocumentView > .document-view--focus { text-style: reverse bold; }
    """

    class Moved(Message):
        """The top line changed (scrolling, a jump, a relayout)."""

        def __init__(self, top: int) -> None:
            super().__init__()
            self.top = top

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.text_layout: Layout | None = None
        self.hits: list[tuple[int, int, int]] = []
        self.hit_index = -1
        self.find_query = ""
        self.focus_link: LinkSpot | None = None
        self._hits_by_line: dict[int, list[tuple[int, int, bool]]] = {}
        self._version = 0
        self._cache: LRUCache[tuple[int, int, int, int], Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None
        self._pending_block: int | None = None
        self._jump_target: int | None = None
        """The block the view is about to scroll to (after the next refresh)."""
        self._layouts: dict[int, Layout] = {}
        """Whole layouts of the current document by width (a few: one per width seen)."""

    # -- content ------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 1)

    def show(self, document: Document, *, top_block: int | None = None) -> None:
        """Lay *document* out and scroll to *top_block* (its first line)."""
        if document is not self.document:
            self._layouts = {}
        self.document = document
        self.hits, self.hit_index, self.focus_link = [], -1, None
        self._hits_by_line = {}
        if self.size.width == 0:
            self._pending_block = top_block
            return
        self._relayout(top_block)

    class LaidOut(Message):
        """The whole text is laid out (headings and anchors are final)."""

    def _relayout(self, top_block: int | None) -> None:
        if self.document is None:
            return
        width = self.text_width
        cached = self._layouts.get(width)
        if cached is not None:  # this paper at this width before (a resize back, a second look)
            self._install(cached, top_block)
            self.post_message(self.LaidOut())
            return
        if _is_long(self.document):
            # A long paper: the first screen now, the whole text in a thread right after.
            height = max(10, self.scrollable_content_region.height)
            start = -1 if top_block is None else top_block  # -1: the front matter
            self._install(layout_document(self.document, width, start_block=start, max_lines=3 * height), start)
            # After the first paint: the layout thread would otherwise compete with it for the GIL.
            self.call_after_refresh(self._layout_worker, self.document, width, start)
            return
        layout = layout_document(self.document, width)
        self._remember(layout)
        self._install(layout, top_block)
        self.post_message(self.LaidOut())

    @work(thread=True, exclusive=True, group="document-layout", exit_on_error=False, description="layout")
    def _layout_worker(self, document: Document, width: int, start_block: int) -> None:
        worker = get_current_worker()
        layout = layout_document(document, width, stop=lambda: worker.is_cancelled)
        if not worker.is_cancelled:  # closed, or another paper or width asked for meanwhile
            self.app.call_from_thread(self._full_layout_ready, document, layout, start_block)

    def _full_layout_ready(self, document: Document, layout: Layout, start_block: int) -> None:
        if document is not self.document:
            return  # another paper meanwhile
        self._remember(layout)
        if layout.width != self.text_width:
            # Resized meanwhile: on_resize asked for the new width already, unless only the content
            # region changed (no resize event then): ask now, or the text stays cut at the old width.
            if self.text_layout is not None and self.text_layout.width != self.text_width:
                self._relayout(self.top_block)
            return
        partial = self.text_layout
        block = self.top_block if partial is not None and partial.partial else start_block
        self._install(layout, block)
        if self.find_query:
            self.find(self.find_query)
        self.post_message(self.LaidOut())

    def _remember(self, layout: Layout) -> None:
        self._layouts[layout.width] = layout
        while len(self._layouts) > KEPT_LAYOUTS:
            del self._layouts[next(iter(self._layouts))]

    def _install(self, layout: Layout, top_block: int | None) -> None:
        self.text_layout = layout
        self._version += 1
        self._cache.clear()
        width = max(self.text_layout.max_width + 1, self.text_width)
        self.virtual_size = Size(width, len(self.text_layout.lines))
        if top_block is not None:
            # After the refresh: scrolling now would be clamped to the old virtual size. Until
            # then the block is where the view is (a resize or a save meanwhile must not read
            # the old scroll position).
            self._jump_target = top_block
            self.call_after_refresh(self._jump_to_target)
        self.refresh()
        self.post_message(self.Moved(self.top_line))

    def on_resize(self) -> None:
        if self.document is None:
            return
        if self.text_layout is None:
            self._relayout(self._pending_block)
            return
        if self.text_layout.width != self.text_width:
            hit = self.hit_index
            self._relayout(self.top_block)
            if self.find_query:  # the same hits, on the new lines
                self.find(self.find_query)
                if hit >= 0 and self.hits:
                    self._go_hit(min(hit, len(self.hits) - 1))

    @property
    def top_line(self) -> int:
        return round(self.scroll_y)

    def _jump_to_target(self, tries: int = 0) -> None:
        if self._jump_target is None or self.text_layout is None:
            return
        line = self.text_layout.block_line(self._jump_target)
        room = max(0, self.virtual_size.height - self.scrollable_content_region.height)
        if self.max_scroll_y < min(line, room):
            # The new size is not laid out yet (a view just mounted): scrolling now would stop at 0.
            # Try again after a few refreshes; past that, the next size update does (_size_updated).
            if tries < JUMP_TRIES:
                self.call_after_refresh(self._jump_to_target, tries + 1)
            return
        self._jump_target = None
        self.jump_to_line(line)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if self._jump_target is not None:
            self.call_after_refresh(self._jump_to_target)
        return resized

    @property
    def top_block(self) -> int:
        """The block at the top of the view (what the reading position remembers)."""
        if self._jump_target is not None:
            return self._jump_target
        if self.text_layout is None or not self.text_layout.lines:
            return 0
        line = self.text_layout.lines[min(self.top_line, len(self.text_layout.lines) - 1)]
        if line.block >= -1:
            return line.block  # -1: the front matter (title, authors, abstract)
        return max(0, len(self.document.blocks) - 1) if self.document else 0  # the bibliography

    @property
    def percent(self) -> int:
        """How far the bottom of the view is through the text."""
        if self.text_layout is None or not self.text_layout.lines:
            return 0
        if self.text_layout.partial and self.document is not None and self.document.blocks:
            return round(100 * self.top_block / len(self.document.blocks))
        bottom = min(len(self.text_layout.lines), self.top_line + self.scrollable_content_region.height)
        return round(100 * bottom / len(self.text_layout.lines))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Moved(round(new_value)))

    def jump_to_line(self, line: int) -> None:
        self._jump_target = None  # a move of the reader's own wins over a pending one
        # force: until the next layout pass Textual still thinks a text that just replaced a
        # shorter one has no scrollbar, and would ignore the scroll (the clamp is still applied).
        self.scroll_to(None, max(0, line), animate=False, immediate=True, force=True)
        self.post_message(self.Moved(max(0, line)))

    # -- find -----------------------------------------------------------------

    def find(self, query: str) -> int:
        """Highlight every hit of *query*; jump to the first one at or below the top. The count."""
        self.find_query = query
        self.hits = self.text_layout.find(query) if self.text_layout is not None else []
        self._hits_by_line = {}
        for line, start, end in self.hits:
            self._hits_by_line.setdefault(line, []).append((start, end, False))
        self.hit_index = -1
        self._changed()
        if self.hits:
            after = next((i for i, hit in enumerate(self.hits) if hit[0] >= self.top_line), 0)
            self._go_hit(after)
        return len(self.hits)

    def next_hit(self, step: int) -> int:
        """Move to the next (+1) / previous (-1) hit; its 1-based number (0: no hits)."""
        if not self.hits:
            return 0
        self._go_hit((self.hit_index + step) % len(self.hits))
        return self.hit_index + 1

    def _go_hit(self, index: int) -> None:
        self.hit_index = index
        line = self.hits[index][0]
        height = self.scrollable_content_region.height
        if not self.top_line <= line < self.top_line + height - 1:
            self.jump_to_line(line - height // 3)
        self._changed()

    def clear_find(self) -> None:
        self.find_query = ""
        self.hits, self.hit_index, self._hits_by_line = [], -1, {}
        self._changed()

    # -- links ------------------------------------------------------------------

    def visible_links(self) -> list[LinkSpot]:
        if self.text_layout is None:
            return []
        spots = []
        top = self.top_line
        for number in range(top, min(len(self.text_layout.lines), top + self.scrollable_content_region.height)):
            for index, (text, style, target) in enumerate(self.text_layout.lines[number].runs):
                if target and style in LINK_STYLES:
                    spots.append(LinkSpot(number, index, style, target, text))
        return spots

    def cycle_link(self, step: int) -> LinkSpot | None:
        """Focus the next / previous link on screen (wrapping); None when there is none."""
        spots = self.visible_links()
        if not spots:
            self.focus_link = None
            self._changed()
            return None
        current = self.focus_link
        if current is None or current not in spots:
            spot = spots[0] if step > 0 else spots[-1]
        else:
            spot = spots[(spots.index(current) + step) % len(spots)]
        self.focus_link = spot
        self._changed()
        return spot

    # -- drawing ----------------------------------------------------------------

    def _changed(self) -> None:
        self._version += 1
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"document-view--{name}", partial=True)
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._base_style = None
        self._cache.clear()

    @property
    def base_style(self) -> Style:
        """The widget's own style (walks every ancestor: computed once, not once per line)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        number = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.base_style
        if self.text_layout is None or not 0 <= number < len(self.text_layout.lines):
            return Strip.blank(width, base)
        key = (number, scroll_x, width, self._version)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        # The widget's background under every run, not only under the padding after the text.
        strip = Strip(self._segments(self.text_layout.lines[number], number), None).apply_style(base)
        strip = strip.crop_extend(scroll_x, scroll_x + width, base)
        self._cache[key] = strip
        return strip

    def _segments(self, line: Line, number: int) -> list[Segment]:
        hits = self._hits_by_line.get(number, [])
        current = self.hits[self.hit_index] if 0 <= self.hit_index < len(self.hits) else None
        focus = self.focus_link if self.focus_link is not None and self.focus_link.line == number else None
        segments: list[Segment] = []
        offset = 0
        for index, (text, style_name, _target) in enumerate(line.runs):
            if style_name == "sup":
                shown = text.translate(_SUPERSCRIPT)
                text = shown if len(shown) == len(text) else text
            style = self._style(style_name) if style_name else Style()
            if focus is not None and focus.run == index:
                style += self._style("focus")
            end = offset + len(text)
            cuts = sorted({0, len(text), *(max(0, min(len(text), p - offset)) for s, e, _ in hits
                                              if s < end and e > offset for p in (s, e))})
            for left, right in itertools.pairwise(cuts):
                piece = text[left:right]
                absolute = offset + left
                piece_style = style
                for start, stop, _ in hits:
                    if start <= absolute < stop:
                        is_current = current is not None and current[0] == number and current[1] == start
                        piece_style = style + self._style("hit-current" if is_current else "hit")
                segments.append(Segment(piece, piece_style))
            offset = end
        return segments
