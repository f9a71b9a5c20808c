"""The scrollbar of the widgets that page themselves (the feed, the abstract pane), drawn as the
last cell of each line: they are no ScrollView.

It looks exactly like Textual's own vertical scrollbar (same glyphs, same
``scrollbar-*`` colours of the widget), so a windowed pane reads as a scrolling one.
"""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from rich.style import Style
from textual.scrollbar import ScrollBarRender
from textual.widget import Widget


def scrollbar_cells(widget: Widget, *, height: int, total_lines: int, top_line: int) -> list[Segment]:
    """One segment per line of a bar *height* lines tall over *total_lines*, scrolled to *top_line*."""
    styles = widget.styles
    background = styles.scrollbar_background
    color = styles.scrollbar_color
    if background.a < 1:
        base_background, _ = widget.background_colors
        background = base_background + background
    color = background + color
    window = height if height < total_lines else 0
    bar = ScrollBarRender.render_bar(
        size=height,
        virtual_size=ceil(total_lines),
        window_size=ceil(window),
        position=top_line,
        thickness=1,
        vertical=True,
        back_color=background.rich_color,  # rich colours, as Textual's own bar passes them
        bar_color=color.rich_color,
    )
    # No click targets: the feed is driven from the keyboard (and the wheel).
    return [Segment(segment.text, _plain(segment.style)) for segment in bar.segments]


def _plain(style: Style | None) -> Style | None:
    return style.clear_meta_and_links() if style is not None else None
