"""How the feed's width is shared between its columns (no Textual import: plain arithmetic).

Titles are what people skim, so they get the room: in a single-day view the
date column goes (every row has the same date), the author column shrinks
before the title does and disappears when it would be too narrow to read.
"""

from __future__ import annotations

from typing import NamedTuple

TITLE_TARGET = 85
"""The title width the author column gives way to."""
AUTHOR_MAX = 18
AUTHOR_MIN = 8
"""Narrower than this an author name is unreadable: the column goes instead."""
TITLE_MIN_WITH_DATE = 36
"""Below this title width a multi-day view drops its date column too (two-line rows keep it)."""
UPVOTES = 4
COMMENTS = 4
"""``999✉`` right-aligned."""

ROW_GLYPHS: tuple[tuple[str, str], ...] = (
    ("•", "unread (shown once you have read a paper of the view)"),
    ("★", "bookmarked"),
    ("☁", "search hit only Hugging Face found (not in the cache)"),
    ("▲", "upvotes on Hugging Face"),
    ("⌥", "has code (a GitHub repository)"),
    ("✉", "comments on Hugging Face"),
)
"""Every glyph a feed row can show, for the help screen's legend."""


class Columns(NamedTuple):
    """Cell widths of one feed line; 0 means the column is not shown."""

    marks: int
    """★ / • (and ☁ in search views)."""
    upvotes: int
    code: int
    title: int
    author: int
    date: int
    comments: int

    @property
    def total(self) -> int:
        gaps = 3 + (1 if self.author else 0) + (1 if self.date else 0)
        return self.marks + self.upvotes + self.code + self.title + self.author + self.date + self.comments + gaps


def layout(width: int, *, date_width: int, remote: bool = False, picked: bool = False) -> Columns:
    """The columns for a feed *width* cells wide.

    Args:
        width: The feed's content width.
        date_width: Width of the date text, 0 when every row has the same date.
        remote: Whether the view marks remote search hits (one more mark cell).
        picked: Whether rows carry selection / downloaded-PDF marks (one more mark cell).
    """
    marks = 1 + int(remote) + int(picked)
    code = 1
    fixed = marks + UPVOTES + 1 + code + 1 + 1 + COMMENTS  # "★ 123 ⌥ " ... " 12✉"
    rest = max(1, width - fixed)
    date = date_width
    if date and rest - (date + 1) < TITLE_MIN_WITH_DATE:
        date = 0
    if date:
        rest -= date + 1
    author = min(AUTHOR_MAX, rest - 1 - TITLE_TARGET)
    if author < AUTHOR_MIN:
        author = 0
    title = rest - (author + 1 if author else 0)
    return Columns(marks, UPVOTES, code, max(1, title), author, date, COMMENTS)
