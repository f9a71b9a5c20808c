"""The full text of a paper as plain data: what the paper view, ``read`` and the cache share.

A :class:`Document` is a flat list of :class:`Block` objects (headings,
paragraphs, list items, equations, tables, listings, figures, footnotes) plus
the bibliography. Flat is deliberate: the paper view lays blocks out into
lines once, the outline is the headings, and find walks the lines, so nothing
needs a tree. Every string in here has already been through the sanitiser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item", "equation", "table", "listing", "figure", "footnote", "quote"]
SourceKind = Literal["arxiv-html", "hf-markdown", "abstract"]
SpanStyle = Literal["", "b", "i", "code", "math", "cite", "ref", "link", "sup"]

SPANNED = "\u2063"
"""A table cell covered by the cell to its left (``colspan``). U+2063 never comes from a page:
the sanitiser drops it from every text it lets in."""

_KINDS: frozenset[str] = frozenset(
    ("heading", "paragraph", "item", "equation", "table", "listing", "figure", "footnote", "quote")
)
_STYLES: frozenset[str] = frozenset(("", "b", "i", "code", "math", "cite", "ref", "link", "sup"))
_SOURCES: frozenset[str] = frozenset(("arxiv-html", "hf-markdown", "abstract"))


@dataclass(slots=True)
class Span:
    """A run of inline text with one style and, for links, where it points."""

    text: str
    style: SpanStyle = ""
    target: str = ""
    """``cite``: the bibliography key (``bib.bib3``); ``ref``: an anchor; ``link``: a URL."""


@dataclass(slots=True)
class Block:
    """One block of the body. Which fields matter depends on :attr:`kind`."""

    kind: BlockKind
    spans: list[Span] = field(default_factory=list)
    """Paragraph / item / footnote text, a heading's title, a figure's or table's caption."""
    level: int = 0
    """Heading level (1 section, 2 subsection, 3 below) or list depth (0 = top)."""
    label: str = ""
    """Heading number (``3.4``), item tag (``•``, ``2.``), equation number, footnote mark."""
    anchor: str = ""
    """The element id in the page (``S3.SS4``, ``S1.E1``), so references can jump here."""
    rows: list[list[str]] = field(default_factory=list)
    """Table cells, header row first; :data:`SPANNED` marks a cell the one before it spans."""
    lines: list[str] = field(default_factory=list)
    """Listing lines, or the Unicode lines of a display equation."""
    url: str = ""
    """A figure's image URL (absolute)."""
    tex: str = ""
    """The raw LaTeX of a display equation whose Unicode form loses something."""

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(slots=True)
class BibEntry:
    """One bibliography item, with whatever identifiers its text gives away."""

    key: str
    """The element id (``bib.bib3``), the target of inline citations."""
    label: str
    """What the page shows for it (``[3]``, or an author-year label)."""
    text: str
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Document:
    """A whole paper ready to lay out: front matter, body blocks, bibliography."""

    paper_id: str
    title: str
    source: SourceKind
    authors: list[str] = field(default_factory=list)
    abstract: list[Block] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    bibliography: list[BibEntry] = field(default_factory=list)
    source_url: str = ""
    version: str = ""
    """The served version from the page watermark (``2507.00150v1``), when known."""
    notice: str = ""
    """Why this is not the arXiv HTML (one line), or what was cut; empty when all is well."""
    truncated: bool = False

    def bib(self, key: str) -> BibEntry | None:
        return next((entry for entry in self.bibliography if entry.key == key), None)

    def headings(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "heading"]

    def word_count(self) -> int:
        words = sum(len(b.text.split()) + sum(len(line.split()) for line in b.lines) for b in self.blocks)
        return words + sum(len(b.text.split()) for b in self.abstract)

    # -- serialisation (the cache stores this, compressed) ---------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "paper_id": self.paper_id,
            "title": self.title,
            "source": self.source,
            "authors": self.authors,
            "abstract": [_block_json(b) for b in self.abstract],
            "blocks": [_block_json(b) for b in self.blocks],
            "bibliography": [[e.key, e.label, e.text, e.arxiv_id, e.doi, e.url] for e in self.bibliography],
            "source_url": self.source_url,
            "version": self.version,
            "notice": self.notice,
            "truncated": self.truncated,
        }

    @classmethod
    def from_json(cls, data: Any) -> Document:
        """The inverse of :meth:`to_json`; raises ``ValueError`` on a shape it did not write."""
        if not isinstance(data, dict):
            raise ValueError("not a document")  # noqa: TRY004 - callers catch ValueError for any bad shape
        source = str(data.get("source", "abstract"))
        bib: list[BibEntry] = []
        for item in data.get("bibliography") or []:
            if isinstance(item, list) and len(item) == 6:
                key, label, text, arxiv_id, doi, url = item
                bib.append(BibEntry(str(key), str(label), str(text), arxiv_id, doi, url))
        return cls(
            paper_id=str(data.get("paper_id", "")),
            title=str(data.get("title", "")),
            source=source if source in _SOURCES else "abstract",  # type: ignore[arg-type]
            authors=[str(a) for a in data.get("authors") or []],
            abstract=[_block_from(b) for b in data.get("abstract") or []],
            blocks=[_block_from(b) for b in data.get("blocks") or []],
            bibliography=bib,
            source_url=str(data.get("source_url", "")),
            version=str(data.get("version", "")),
            notice=str(data.get("notice", "")),
            truncated=bool(data.get("truncated", False)),
        )


def _block_json(block: Block) -> dict[str, Any]:
    out: dict[str, Any] = {"k": block.kind}
    if block.spans:
        out["s"] = [[s.text, s.style, s.target] if s.target else [s.text, s.style] for s in block.spans]
    for name, short in (("level", "v"), ("label", "l"), ("anchor", "a"), ("url", "u"), ("tex", "t")):
        value = getattr(block, name)
        if value:
            out[short] = value
    if block.rows:
        out["r"] = block.rows
    if block.lines:
        out["n"] = block.lines
    return out


def _block_from(data: Any) -> Block:
    if not isinstance(data, dict) or data.get("k") not in _KINDS:
        raise ValueError("not a block")
    spans: list[Span] = []
    for raw in data.get("s") or []:
        text, style = str(raw[0]), str(raw[1])
        spans.append(Span(text, style if style in _STYLES else "", str(raw[2]) if len(raw) > 2 else ""))  # type: ignore[arg-type]
    return Block(
        kind=data["k"],
        spans=spans,
        level=int(data.get("v", 0)),
        label=str(data.get("l", "")),
        anchor=str(data.get("a", "")),
        rows=[[str(c) for c in row] for row in data.get("r") or []],
        lines=[str(line) for line in data.get("n") or []],
        url=str(data.get("u", "")),
        tex=str(data.get("t", "")),
    )
