"""LaTeXML's display blocks -> :class:`~tui.services.paper.model.Block`: equations, tables, listings.

Each function reads one element (``table.ltx_equation``, ``table.ltx_tabular``,
``div.ltx_listing``) and returns its block; :mod:`tui.services.paper.arxiv_html`
decides where they go. Formulas come from their ``alttext`` as everywhere
else; a listing keeps its indentation (LaTeXML writes it as ``ltx_lst_space``
runs) and puts one space between the line number and the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.services.paper.latexml_inline import (
    MAX_DEPTH,
    alttext,
    classes,
    clean,
    inline,
    is_lossy,
    math_text,
    tex_unicode,
)
from tui.services.paper.model import SPANNED, Block, Span
from tui.services.sanitize import clean_block

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

MAX_TABLE_ROWS = 400
MAX_TABLE_COLUMNS = 40
MAX_LISTING_LINES = 5000
_LISTING_SKIP = frozenset(("script", "style", "button", "annotation", "annotation-xml", "-comment", "svg", "img"))


def children(node: LexborNode) -> list[LexborNode]:
    """The element children of *node* (no text, no comments)."""
    out = []
    child = node.child
    while child is not None:
        if child.tag not in ("-text", "-comment"):
            out.append(child)
        child = child.next
    return out


def equation_block(node: LexborNode) -> Block | None:
    """A display equation (one line per row), its number, and its LaTeX when the Unicode is lossy."""
    lines: list[str] = []
    raw: list[str] = []
    number = ""
    for row in node.css("tr"):
        maths = [alttext(m) for m in row.css("td.ltx_eqn_cell math")]
        # An aligned row is cut into cells at its &s ("x" | "=y+1"): glued back as TeX would set it,
        # "{}" keeping a command name from running into the next cell's first letter.
        tex = "{}".join(t for t in maths if t)
        if tex:
            raw.append(tex)
            lines.append(tex_unicode(tex))
        tag = row.css_first("span.ltx_tag_equation")
        if tag is not None and not number:
            number = clean(tag.text(deep=True)).strip()
    if not lines:
        return None
    lossy = any(is_lossy(t) for t in raw)
    return Block("equation", lines=lines, label=number, anchor=node.attributes.get("id") or "",
                 tex="\n".join(raw) if lossy else "")


def table_block(table: LexborNode, caption: list[Span], anchor: str) -> Block:
    """A data table: its own rows (not those of tables nested in cells), colspans as empty cells."""
    rows: list[list[str]] = []
    for row in _own_rows(table):
        cells: list[str] = []
        for cell in children(row):
            if cell.tag not in ("td", "th"):
                continue
            cells.append("".join(span.text for span in inline(cell).spans))
            span = _int(cell.attributes.get("colspan"))
            cells.extend([SPANNED] * (min(span, MAX_TABLE_COLUMNS) - 1))
        if any(c.strip() and c != SPANNED for c in cells):
            rows.append(cells[:MAX_TABLE_COLUMNS])
        if len(rows) >= MAX_TABLE_ROWS:
            break
    return Block("table", caption, rows=rows, anchor=anchor)


def listing_block(node: LexborNode, caption: list[Span], anchor: str = "") -> Block:
    """An algorithm or code listing: numbered lines, indentation kept, numbers right-aligned."""
    numbered: list[tuple[str, str]] = []
    for line in node.css("div.ltx_listingline")[:MAX_LISTING_LINES]:
        tag = line.css_first("span.ltx_tag_listingline")
        number = clean(tag.text(deep=True)).strip() if tag is not None else ""
        numbered.append((number, _code_text(line, 0).rstrip()))
    if not numbered:
        return Block("listing", caption, lines=text_lines(node.text(deep=True)), anchor=anchor)
    width = max(len(number) for number, _ in numbered)
    lines = [f"{number.rjust(width)} {code}".rstrip() if width else code for number, code in numbered]
    return Block("listing", caption, lines=lines, anchor=anchor)


def _code_text(node: LexborNode, depth: int) -> str:
    """The text of a listing line as written: spaces inside it kept, the markup's own line breaks not."""
    parts: list[str] = []
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            text = clean_block(child.text_content or "")
            if "\n" in text:
                # The page's own indentation between elements ("\n            "), not code.
                text = " ".join(text.split()) if text.strip() else ""
            parts.append(text.expandtabs(4))
        elif tag == "math":
            parts.append(math_text(alttext(child)))
        elif tag in _LISTING_SKIP or tag is None or "ltx_tag_listingline" in classes(child):
            pass
        elif depth >= MAX_DEPTH:
            parts.append(clean(child.text(deep=True)))
        else:
            parts.append(_code_text(child, depth + 1))
        child = child.next
    return "".join(parts)


def text_lines(text: str | None) -> list[str]:
    """Preformatted text as lines (trailing blanks dropped), sanitised."""
    return [line.rstrip() for line in clean_block(text).strip("\n").split("\n")][:MAX_LISTING_LINES]


def _own_rows(table: LexborNode) -> list[LexborNode]:
    """The rows of *table* itself, not those of tables nested in its cells."""
    rows: list[LexborNode] = []
    for part in children(table):
        if part.tag == "tr":
            rows.append(part)
        elif part.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in children(part) if r.tag == "tr")
    return rows


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
