"""LaTeXML's bibliography (``section.ltx_bibliography``) -> :class:`~tui.services.paper.model.BibEntry` list.

Each ``li.ltx_bibitem`` becomes one entry keyed by its element id (the target
of the inline citations), with the arXiv id, DOI and first web link its text
gives away, so a reference can be opened in papers-tui or in the browser.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tui.services.paper.latexml_inline import clean, inline
from tui.services.paper.model import BibEntry, Span

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

MAX_REFERENCES = 3000
MAX_ENTRY_CHARS = 4000

_ARXIV_IN_TEXT = re.compile(
    r"(?:arXiv\s*(?:preprint)?\s*:?\s*|arxiv\.org/(?:abs|pdf|html)/)(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+[^\s\"<>,;.)\]])")


def spans_text(spans: list[Span]) -> str:
    return "".join(span.text for span in spans)


def identifiers(text: str) -> tuple[str | None, str | None]:
    """(arXiv id, DOI) written in a reference's text, when there are any."""
    arxiv = _ARXIV_IN_TEXT.search(text)
    doi = _DOI.search(text)
    return (arxiv.group(1) if arxiv else None, doi.group(1) if doi else None)


def bibliography_title(node: LexborNode) -> str:
    title = node.css_first("h2")
    return clean(title.text(deep=True)).strip() if title is not None else "References"


def bibliography_entries(node: LexborNode, limit: int = MAX_REFERENCES) -> tuple[list[BibEntry], bool]:
    """The entries of a bibliography section, at most *limit*; and whether some were cut."""
    entries: list[BibEntry] = []
    for item in node.css("li.ltx_bibitem"):
        if len(entries) >= limit:
            return entries, True
        tag = item.css_first("span.ltx_tag_bibitem")
        label = clean(tag.text(deep=True)).strip() if tag is not None else ""
        blocks = item.css("span.ltx_bibblock") or [item]
        text = " ".join(spans_text(inline(b).spans) for b in blocks).strip()
        text = " ".join(text.split())[:MAX_ENTRY_CHARS]
        arxiv_id, doi = identifiers(text)
        link = next(
            (clean(a.attributes.get("href")).strip() for a in item.css("a[href]")
             if (a.attributes.get("href") or "").startswith(("http://", "https://"))),
            None,
        )
        key = item.attributes.get("id") or f"bib.{len(entries) + 1}"
        entries.append(BibEntry(key, label or f"[{len(entries) + 1}]", text, arxiv_id, doi, link))
    return entries, False
