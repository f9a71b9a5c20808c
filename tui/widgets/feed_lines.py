"""The text of one feed line (no widget state: a row, the marks, the columns and the styles in, Text out).

:class:`~tui.widgets.feed_table.FeedTable` turns these into strips and keeps
them; every piece of untrusted text passes :func:`~tui.services.sanitize.clean_line`
and is appended as plain text, never parsed as markup.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from rich.style import Style
from rich.text import Text

from tui.services.formats.texmath import tex_to_unicode
from tui.services.sanitize import clean_line
from tui.services.storage.store import FeedRow
from tui.view_state import Marks
from tui.widgets.feed_columns import Columns


class Palette(NamedTuple):
    """The feed's component styles, looked up once per repaint instead of once per line."""

    base: Style
    cursor: Style
    dim: Style
    code: Style
    mark: Style
    unread: Style
    header: Style


def marks_text(row: FeedRow, marks: Marks, p: Palette) -> Text:
    """★ / • then ✓ / ▤ (when anything is selected or downloaded) then ☁ (in search views)."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if row.id in marks.bookmarked:
        text.append("★", p.mark)
    elif marks.show_unread and row.id not in marks.read:
        text.append("•", p.unread)
    else:
        text.append(" ")
    if marks.selected or marks.pdfs:
        if row.id in marks.selected:
            text.append("✓", p.mark)
        else:
            text.append("▤" if row.id in marks.pdfs else " ", p.dim)
    if marks.remote:
        text.append("☁" if row.id in marks.remote else " ", p.dim)
    return text


def one_line(row: FeedRow, c: Columns, marks: Marks, p: Palette) -> Text:
    text = marks_text(row, marks, p)
    text.append(f"{row.upvotes:>{c.upvotes}} ", p.dim)
    text.append(("⌥" if row.has_code else " ").ljust(c.code) + " ", p.code)
    text.append_text(title_text(row, c.title, marks.tags.get(row.id, ())))
    if c.author:
        text.append(" " + fit(clean_line(row.first_author), c.author), p.dim)
    if c.date:
        text.append(" " + fit(short_day(row.day, c.date), c.date), p.dim)
    comments = f"{row.num_comments}✉" if row.num_comments else ""
    text.append(" " + f"{comments:>{c.comments}}", p.dim)
    return text


def title_line(row: FeedRow, width: int, marks: Marks, p: Palette) -> Text:
    """Two-line rows, first line: the marks and the whole title."""
    text = marks_text(row, marks, p)
    text.append_text(title_text(row, max(1, width - text.cell_len), marks.tags.get(row.id, ())))
    return text


def detail_line(row: FeedRow, width: int, marks: Marks, p: Palette) -> Text:
    """Two-line rows, second line: authors · date · ▲ · comments · code."""
    text = Text(" " * (2 if marks.remote else 1), no_wrap=True, overflow="ellipsis", end="")
    facts = [clean_line(row.authors or row.first_author) or "authors not listed"]
    if row.day:
        facts.append(row.day)
    facts.append(f"▲ {row.upvotes}")
    if row.num_comments:
        facts.append(f"{row.num_comments} comment{'s' if row.num_comments != 1 else ''}")
    tail = Text(" · code ⌥", p.code) if row.has_code else Text("")
    head = " · ".join(facts)
    room = max(1, width - text.cell_len - tail.cell_len)
    text.append(fit(head, room).rstrip(), p.dim)
    text.append_text(tail)
    return text


def header_line(c: Columns, *, two_line: bool, remote: bool, p: Palette) -> Text:
    """The line naming the columns."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if two_line:
        text.append(" " * (2 if remote else 1) + "Title / authors · date · ▲ upvotes · ✉ comments · code", p.header)
        return text
    text.append(" " * c.marks + f"{'▲':>{c.upvotes}} " + "⌥".ljust(c.code) + " ", p.header)
    text.append(fit("Title", c.title), p.header)
    if c.author:
        text.append(" " + fit("First author", c.author), p.header)
    if c.date:
        text.append(" " + fit("Date", c.date), p.header)
    text.append(" " + f"{'✉':>{c.comments}}", p.header)
    return text


def loading_line(p: Palette) -> Text:
    """A row whose page is still being read (drawn for a frame or two, then the row)."""
    return Text(" " * 8 + "…", p.dim, no_wrap=True, end="")


def short_day(day: str, width: int) -> str:
    if width == 6 and len(day) == 10:
        try:
            return date.fromisoformat(day).strftime("%b %d")
        except ValueError:
            return day[:width]
    return day[:width]


def fit(value: str, width: int) -> str:
    """*value* cut with an ellipsis or padded to exactly *width* cells."""
    text = Text(value, no_wrap=True, end="")
    text.truncate(width, overflow="ellipsis", pad=True)
    return text.plain


def title_text(row: FeedRow, width: int, tags: tuple[str, ...] | list[str] = ()) -> Text:
    """The title as the abstract pane shows it (TeX rendered), then the paper's tags, cut or padded to *width*."""
    shown = tex_to_unicode(clean_line(row.title)) if row.title_shown is None else clean_line(row.title_shown)
    title = Text(shown, no_wrap=True, overflow="ellipsis", end="")
    if tags:
        title.append("  " + " ".join("#" + clean_line(tag) for tag in tags), style="dim")
    title.truncate(width, overflow="ellipsis", pad=True)
    return title
