"""``papers-tui digest``: the new matches of the watch list, as text, Markdown or JSON.

Exit codes (like ``grep``): :data:`EXIT_MATCHES` when there is something to
read, :data:`EXIT_NOTHING` when there is nothing new, :data:`EXIT_FAILED`
when the digest could not be made (no watch list, unreadable file, bad
arguments). A failed refresh is only a warning: the cache still answers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from tui.models import Paper
from tui.services.sanitize import clean_line
from tui.services.system import links
from tui.services.watch.for_you import ForYouItem

EXIT_MATCHES = 0
EXIT_NOTHING = 1
EXIT_FAILED = 2

Format = Literal["text", "markdown", "json"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json")


@dataclass(frozen=True, slots=True)
class Since:
    """Which matches a digest shows: new since the last ``--mark-seen``, or dated on/after a day."""

    last: bool = True
    day: date | None = None

    @classmethod
    def parse(cls, value: str) -> Since:
        """``last`` or ``YYYY-MM-DD``; :class:`ValueError` with a one-line reason otherwise."""
        text = value.strip()
        if text == "last":
            return cls()
        try:
            return cls(last=False, day=date.fromisoformat(text))
        except ValueError:
            raise ValueError(f"--since takes 'last' or a day (YYYY-MM-DD), not {value!r}") from None


def select(items: Sequence[ForYouItem], since: Since, mark: datetime | None) -> list[ForYouItem]:
    """The items a digest prints, newest first.

    Args:
        mark: when the user last ran ``digest --mark-seen`` (None: never).
    """
    if since.last:
        limit = mark.timestamp() if mark else 0.0
        return [i for i in items if i.first_seen > limit]
    assert since.day is not None
    return [i for i in items if i.paper.day is not None and i.paper.day >= since.day]


def paper_url(paper: Paper) -> str:
    """The page to read the paper on (arXiv, else its Hugging Face page, else the code)."""
    return links.paper_link(paper) or (
        f"{links.HF_BASE}/papers/{paper.id}" if not paper.id.startswith("local-") else (paper.code_url or "")
    )


def _authors(paper: Paper) -> str:
    return clean_line(paper.short_authors) or "authors not listed"


def _day(paper: Paper) -> str:
    return paper.day.isoformat() if paper.day else "undated"


def render(items: Sequence[ForYouItem], fmt: Format, *, heading: str) -> str:
    """The digest as one string (ends with a newline; empty for no items in text/markdown)."""
    if fmt == "json":
        return "".join(json.dumps(_record(i), ensure_ascii=False) + "\n" for i in items)
    if not items:
        return ""
    if fmt == "markdown":
        lines = [f"# {heading}", ""]
        for item in items:
            paper = item.paper
            title = _markdown_escape(clean_line(paper.title))
            url = paper_url(paper)
            lines.append(f"- **[{title}]({url})**" if url else f"- **{title}**")
            lines.append(f"  {_markdown_escape(_authors(paper))} · {_day(paper)}")
            lines.append(f"  *why: {_markdown_escape(clean_line(item.why))}*")
        return "\n".join(lines) + "\n"
    lines = [heading, "=" * min(len(heading), 72), ""]
    for item in items:
        paper = item.paper
        lines.append(clean_line(paper.title))
        lines.append(f"  {_authors(paper)} · {_day(paper)}")
        lines.append(f"  why: {clean_line(item.why)}")
        url = paper_url(paper)
        if url:
            lines.append(f"  {url}")
        lines.append("")
    return "\n".join(lines)


def _record(item: ForYouItem) -> dict[str, object]:
    paper = item.paper
    return {
        "id": paper.id,
        "title": clean_line(paper.title),
        "authors": [clean_line(n) for n in paper.author_names],
        "day": paper.day.isoformat() if paper.day else None,
        "why": [w.why for w in item.watches],
        "url": paper_url(paper) or None,
        "code_url": paper.code_url,
    }


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>"})


def _markdown_escape(text: str) -> str:
    """Plain text for Markdown: no link, emphasis or HTML can be made from a title."""
    return text.translate(_MD_SPECIAL)


def heading_for(count: int, since: Since, mark: datetime | None) -> str:
    noun = "paper" if count == 1 else "papers"
    if since.last:
        when = f" since {mark.astimezone().strftime('%Y-%m-%d %H:%M')}" if mark else ""
        return f"papers-tui: {count} new {noun} for you{when}"
    assert since.day is not None
    return f"papers-tui: {count} {noun} for you since {since.day.isoformat()}"
