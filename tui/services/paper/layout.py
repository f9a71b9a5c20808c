"""Laying a :class:`~tui.services.paper.model.Document` out into terminal lines, and finding in them.

Pure and Textual-free, so it is benchmarked and tested on its own: the paper
view only turns the styled runs of a :class:`Line` into segments. Paragraphs
wrap to the width; tables, listings and equations keep their own width (the
view scrolls sideways for them). Every line knows its block, so the outline,
section jumps, the reading position and link targets are line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.services.paper.model import Block, Document, Span
from tui.services.paper.table import Run, cell_len, cut_cells, table_lines

_LINE_NUMBER = re.compile(r" *\d+(?: |$)")
"""How a numbered listing line starts (``latexml_blocks.listing_block`` writes them so)."""


@dataclass(slots=True)
class Line:
    runs: list[Run]
    block: int
    """Index into ``document.blocks``; -1 for the front matter, -2 for the bibliography."""
    text: str = ""

    def __post_init__(self) -> None:
        if not self.text:
            self.text = "".join(run[0] for run in self.runs)


@dataclass(slots=True)
class Heading:
    line: int
    level: int
    title: str


@dataclass(slots=True)
class Layout:
    width: int
    lines: list[Line] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    """Element id / bibliography key -> the line it starts on."""
    max_width: int = 0
    partial: bool = False
    """Only the first screens are laid out (the whole text follows)."""
    _lower: list[str] | None = None

    def block_line(self, block: int) -> int:
        """The first non-blank line of *block* (or of the nearest block after it)."""
        for index, line in enumerate(self.lines):
            if line.block >= block and line.runs:
                return index
        return max(0, len(self.lines) - 1)

    def section_at(self, line: int) -> Heading | None:
        """The heading *line* sits under."""
        current = None
        for heading in self.headings:
            if heading.line > line:
                break
            current = heading
        return current

    def find(self, query: str) -> list[tuple[int, int, int]]:
        """Every (line, start, end) where *query* occurs, case-insensitively."""
        needle = query.casefold()
        if not needle:
            return []
        if self._lower is None:
            self._lower = [line.text.casefold() for line in self.lines]
        hits: list[tuple[int, int, int]] = []
        size = len(needle)
        for number, text in enumerate(self._lower):
            start = text.find(needle)
            while start != -1:
                hits.append((number, start, start + size))
                start = text.find(needle, start + size)
        return hits


class _Writer:
    def __init__(self, width: int) -> None:
        self.layout = Layout(width=width)
        self.width = max(20, width)
        # The line being filled by wrap() (state shared with _place / _break).
        self._block = 0
        self._lead: list[Run] = []
        self._indent = 0
        self._current: list[Run] = []
        self._used = 0
        self._wrote = False

    def blank(self, block: int) -> None:
        lines = self.layout.lines
        if lines and lines[-1].runs:
            lines.append(Line([], block))

    def add(self, runs: list[Run], block: int) -> None:
        line = Line(runs, block)
        self.layout.lines.append(line)
        self.layout.max_width = max(self.layout.max_width, cell_len(line.text))

    def wrap(self, spans: list[Span] | list[Run], block: int, *, indent: int = 0, first: list[Run] | None = None,
             base: str = "") -> None:
        """Greedy word wrap of styled runs; *first* prefixes the first line (a list tag).

        A word is what lies between whitespace, even when it spans several runs
        (``(`` + a citation + ``,``): lines break only where the text has a space, and
        every run of whitespace becomes exactly one space.
        """
        self._block = block
        self._lead = [(" " * indent, "", "")] if indent else []
        self._indent = indent
        self._current = list(first) if first else list(self._lead)
        self._used = sum(cell_len(r[0]) for r in self._current)
        self._wrote = False
        word: list[Run] = []
        size = 0
        space_before = False
        place = self._place
        for item in spans:
            if isinstance(item, Span):
                text, style, target = item.text, item.style or base, item.target
            else:
                text, style, target = item
            if not text:
                continue
            if text[0].isspace():
                if word:
                    place(word, size, space_before)
                    word, size = [], 0
                space_before = True
            narrow = text.isascii()
            for number, piece in enumerate(text.split()):
                if number:
                    place(word, size, space_before)
                    word, size, space_before = [], 0, True
                word.append((piece, style, target))
                size += len(piece) if narrow else cell_len(piece)
            if text[-1].isspace() and word:
                place(word, size, space_before)
                word, size, space_before = [], 0, True
        if word:
            place(word, size, space_before)
        if self._used > indent or not self._wrote:
            self.add(self._current, block)

    def _place(self, word: list[Run], size: int, space_before: bool) -> None:
        """Put one word (its runs) on the current line, or on a new one when it does not fit."""
        indent, width, used = self._indent, self.width, self._used
        gap = 1 if space_before and used > indent else 0
        if used + gap + size > width and used > indent:
            self._break()
            used, gap = indent, 0
        current = self._current
        if gap:
            style = word[0][1]
            last = current[-1]
            if last[1] == style and last[2] == "":
                current[-1] = (last[0] + " ", style, "")
            else:
                current.append((" ", style if last[1] == style else "", ""))
            used += 1
        if len(word) == 1 and used + size <= width:  # the common case: one run that fits
            self._append(*word[0])
            self._used = used + size
            return
        self._used = used
        too_long = size > width - indent
        for piece, style, target in word:
            piece_size = cell_len(piece)
            while too_long and self._used + piece_size > width:
                # A word longer than a whole line: cut it where the line ends.
                room = width - self._used
                if room <= 0:
                    self._break()
                    continue
                cut = cut_cells(piece, room)
                self._append(cut, style, target)
                self._break()
                piece = piece[len(cut):]
                piece_size = cell_len(piece)
            if piece:
                self._append(piece, style, target)
                self._used += piece_size

    def _append(self, piece: str, style: str, target: str) -> None:
        current = self._current
        if current and current[-1][1] == style and current[-1][2] == target:
            last = current[-1]
            current[-1] = (last[0] + piece, style, target)
        else:
            current.append((piece, style, target))

    def _break(self) -> None:
        self.add(self._current, self._block)
        self._wrote = True
        self._current = list(self._lead)
        self._used = self._indent


def layout_document(document: Document, width: int, *, start_block: int = 0, max_lines: int | None = None,
                    stop: Callable[[], bool] | None = None) -> Layout:
    """*document* as lines *width* cells wide (at least 20).

    Args:
        start_block: lay out from this block on (no front matter when > 0).
        max_lines: stop once this many lines are written (``partial`` is then set):
            enough for a first screen while the whole text is laid out in the background.
        stop: asked every few blocks; when it answers True the layout ends there
            (``partial``): a background layout nobody will show any more gives the CPU back.
    """
    out = _Writer(width)
    layout = out.layout
    if start_block <= 0:
        _front_matter(out, document)
    limit = max_lines if max_lines is not None else 10**9
    blocks = document.blocks
    for index in range(max(0, start_block), len(blocks)):
        if len(layout.lines) >= limit or (stop is not None and index % 16 == 0 and stop()):
            layout.partial = True
            return layout
        block = blocks[index]
        if block.kind != "item" or (index and blocks[index - 1].kind != "item"):
            out.blank(index)
        if block.anchor:
            layout.anchors.setdefault(block.anchor, len(layout.lines))
        _block(out, block, index)
    if start_block <= 0:
        _bibliography(out, document)
    else:
        layout.partial = True  # the text before start_block (and the bibliography) is not in it
    return layout


def _front_matter(out: _Writer, document: Document) -> None:
    layout = out.layout
    out.wrap([Span(document.title)], -1, base="title")
    if document.authors:
        names = ", ".join(document.authors[:30]) + (f" and {len(document.authors) - 30} more" if len(document.authors) > 30 else "")
        out.wrap([Span(names)], -1, base="meta")
    if document.notice:
        out.wrap([Span("ⓘ " + document.notice)], -1, base="notice")
    if document.abstract:
        out.blank(-1)
        layout.headings.append(Heading(len(layout.lines), 1, "Abstract"))
        out.add([("Abstract", "h1", "")], -1)
        for block in document.abstract:
            out.blank(-1)
            _block(out, block, -1)


def _bibliography(out: _Writer, document: Document) -> None:
    layout = out.layout
    if document.bibliography:
        if not any(b.kind == "heading" and b.anchor == "bib" for b in document.blocks):
            out.blank(-2)
            layout.headings.append(Heading(len(layout.lines), 1, "References"))
            out.add([("References", "h1", "")], -2)
        for entry in document.bibliography:
            out.blank(-2)
            layout.anchors.setdefault(entry.key, len(layout.lines))
            label = entry.label if entry.label.startswith("[") else f"[{entry.label}]"
            out.wrap([Span(entry.text)], -2, indent=4, first=[(label, "cite", entry.key), (" ", "", "")])
            ids = [(f"arXiv:{entry.arxiv_id}", "link", f"arxiv:{entry.arxiv_id}")] if entry.arxiv_id else []
            link = f"https://doi.org/{entry.doi}" if entry.doi else entry.url
            if link:
                ids.append((link, "link", link))
            if ids:
                runs: list[Run] = [("    ", "", "")]
                for run in ids:
                    runs += [run, ("  ", "", "")]
                out.add(runs[:-1], -2)


def _block(out: _Writer, block: Block, index: int) -> None:
    layout = out.layout
    kind = block.kind
    if kind == "heading":
        style = {1: "h1", 2: "h2"}.get(block.level, "h3")
        title = block.text
        layout.headings.append(Heading(len(layout.lines), block.level, f"{block.label} {title}".strip()))
        first: list[Run] = [(block.label + "  ", style, "")] if block.label else []
        out.wrap(block.spans, index, first=first or None, base=style)
    elif kind in ("paragraph", "quote"):
        if kind == "quote":
            out.wrap(block.spans, index, indent=2, first=[("│ ", "dim", "")])
        else:
            out.wrap(block.spans, index)
    elif kind == "item":
        indent = 2 + 2 * block.level
        tag = block.label or "•"
        out.wrap(block.spans, index, indent=indent + cell_len(tag) + 1,
                 first=[(" " * indent + tag + " ", "label", "")])
    elif kind == "footnote":
        out.wrap(block.spans, index, indent=4, first=[(f"  {block.label}  ", "sup", "")], base="dim")
    elif kind == "equation":
        for number, text in enumerate(block.lines):
            label = block.label if number == len(block.lines) - 1 else ""
            pad = max(2, (out.width - cell_len(text)) // 2)
            runs: list[Run] = [(" " * pad, "", ""), (text, "math", "")]
            if label:
                gap = max(2, out.width - pad - cell_len(text) - cell_len(label) - 1)
                runs += [(" " * gap, "", ""), (label, "label", "")]
            out.add(runs, index)
        for tex_line in block.tex.split("\n") if block.tex else []:
            out.add([("    LaTeX: ", "dim", ""), (tex_line, "code", "")], index)
    elif kind == "listing":
        if block.spans:
            out.wrap(block.spans, index, base="b")
        numbered = bool(block.lines) and all(_LINE_NUMBER.match(text) for text in block.lines)
        for text in block.lines:
            text = text.expandtabs(4)
            if numbered:  # the line numbers dim, the code as code
                found = _LINE_NUMBER.match(text)
                end = found.end() if found is not None else 0
                out.add([("  ", "", ""), (text[:end], "dim", ""), (text[end:], "code", "")], index)
            else:
                out.add([("  ", "", ""), (text, "code", "")], index)
    elif kind == "table":
        if block.spans:
            out.wrap(block.spans, index, base="i")
        for runs in table_lines(block):
            out.add(runs, index)
    elif kind == "figure":
        out.wrap(block.spans or [Span("Figure")], index, indent=2, first=[("▣ ", "label", "")], base="i")
        for url in [block.url, *block.lines] if block.url else []:
            out.add([("  image: ", "dim", ""), (url, "link", url)], index)
