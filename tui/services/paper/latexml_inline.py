"""Inline LaTeXML markup -> :class:`~tui.services.paper.model.Span` runs.

Formulas are read from their ``alttext`` (the LaTeX source), never from the
MathML, and turned into Unicode with the same converter as the abstract pane;
when that would lose something the raw LaTeX is shown instead. Text is
sanitised here, as it comes out of the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.services.formats import texmath
from tui.services.formats.texmath_glyphs import GREEK, SYMBOLS
from tui.services.formats.texmath_scan import KNOWN_COMMANDS
from tui.services.paper.model import Span, SpanStyle
from tui.services.sanitize import clean_block

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

MAX_DEPTH = 60
"""Deeper inline markup is read as flat text (a hostile page cannot blow the stack)."""
MAX_TEX = 2000
"""Longer formulas are cut (a formula that long is not read in a terminal anyway)."""

_SPACES = re.compile(r"\s+")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_OPERATORS = (
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh",
    "arcsin", "arccos", "arctan", "max", "min", "sup", "inf", "lim", "liminf", "limsup", "arg",
    "argmax", "argmin", "det", "dim", "ker", "deg", "gcd", "hom", "Pr", "tr", "Tr", "diag", "sgn",
)
_KNOWN_COMMANDS: frozenset[str] = frozenset(
    {
        *KNOWN_COMMANDS,
        "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
        # Operator names: dropping the backslash is exactly how they read.
        *_OPERATORS,
    }
)
_OPERATOR_NAMES = "|".join(sorted(_OPERATORS, key=len, reverse=True))
_SPACE_BEFORE_OPERATOR = re.compile(rf"(?<=[A-Za-z0-9)}}\]])\\({_OPERATOR_NAMES})(?![A-Za-z])")
_SPACE_AFTER_OPERATOR = re.compile(
    rf"(\\(?:{_OPERATOR_NAMES})(?![A-Za-z])(?:[_^](?:\{{[^{{}}]*\}}|\\?[A-Za-z0-9]))*)(?=[A-Za-z0-9\\])"
)
_SYMBOL_NAMES = "|".join(sorted((*GREEK, *SYMBOLS), key=len, reverse=True))
_SPACE_AFTER_SYMBOL = re.compile(rf"\\({_SYMBOL_NAMES})(?![A-Za-z])\s+")
_LOSSY = ("\\begin", "\\\\", "\\over", "\\atop", "&")


def classes(node: LexborNode) -> list[str]:
    value = node.attributes.get("class")
    return value.split() if value else []


def clean(text: str | None) -> str:
    """Sanitised text with whitespace runs folded to one space (edges kept)."""
    return _SPACES.sub(" ", clean_block(text)) if text else ""


def alttext(node: LexborNode) -> str:
    """The LaTeX source of a ``math`` element: ``alttext``, else the TeX annotation, else its text."""
    value = node.attributes.get("alttext")
    if not value:
        note = node.css_first('annotation[encoding="application/x-tex"]')
        value = note.text(deep=True) if note is not None else node.text(deep=True)
    return clean(value or "").strip()[:MAX_TEX]


def is_lossy(tex: str) -> bool:
    """Whether the Unicode form of *tex* drops structure (environments, unknown commands)."""
    if any(marker in tex for marker in _LOSSY):
        return True
    return any(name not in _KNOWN_COMMANDS for name in _COMMAND.findall(tex))


def tex_spacing(tex: str) -> str:
    """*tex* with TeX's own spacing rules made explicit for a plain-text reading.

    The space after a symbol's name only ends the name (``\\leq 0.2`` is ``≤0.2``, as
    ``a\\leq0.2`` is: never the lopsided ``a≤ 0.2``), while an operator name is set apart
    from what surrounds it (``n\\log n`` is ``n log n``, ``\\max_{y}g`` is ``max_y g``).
    """
    tex = _SPACE_AFTER_SYMBOL.sub(r"\\\1{}", tex)
    tex = _SPACE_BEFORE_OPERATOR.sub(r" \\\1", tex)
    return _SPACE_AFTER_OPERATOR.sub(r"\1 ", tex)


def tex_unicode(tex: str) -> str:
    """Readable Unicode for one formula's LaTeX (without ``$`` delimiters)."""
    return texmath.plain_text(f"${tex_spacing(tex)}$") if tex else ""


def math_text(tex: str) -> str:
    """What an inline formula shows: its Unicode, or the raw LaTeX when that is lossy."""
    return tex if is_lossy(tex) else tex_unicode(tex)


@dataclass(slots=True)
class InlineResult:
    spans: list[Span] = field(default_factory=list)
    footnotes: list[tuple[str, list[Span]]] = field(default_factory=list)
    """(mark, content) of the footnotes met on the way, in order."""

    def add(self, text: str, style: SpanStyle = "", target: str = "") -> None:
        """Append *text*; a space right after a space (or at the very start) is dropped.

        Text nodes are folded one by one, so ``the <span> model</span>`` meets two
        spaces at the element boundary: collapsing them here, across spans, is what a
        browser does (one space between words, never two, never none).
        """
        if not text:
            return
        last = self.spans[-1] if self.spans else None
        if text[0] == " " and (last is None or last.text.endswith(" ")):
            text = text.lstrip(" ")
            if not text:
                return
        if last is not None and last.style == style and last.target == target:
            last.text += text
        else:
            self.spans.append(Span(text, style, target))


_STYLE_CLASSES: dict[str, SpanStyle] = {
    "ltx_font_bold": "b",
    "ltx_font_italic": "i",
    "ltx_emph": "i",
    "ltx_font_typewriter": "code",
}
_STYLE_TAGS: dict[str, SpanStyle] = {"b": "b", "strong": "b", "i": "i", "em": "i", "code": "code", "tt": "code"}
_SKIP_TAGS = frozenset(("script", "style", "button", "annotation", "annotation-xml", "-comment", "svg", "img", "ul", "ol"))
_BREAK_TAGS = frozenset(("div", "p", "li", "tr", "td", "th", "table", "figure", "figcaption", "blockquote", "dd", "dt"))
"""Block elements met inside inline content: a browser puts a line break around them."""
_BREAK_CLASSES = frozenset(("ltx_p", "ltx_para", "ltx_inline-block", "ltx_parbox", "ltx_break"))
"""LaTeXML's ``span`` stand-ins for blocks (a ``p{}`` table cell, ``\\shortstack``, a parbox)."""


def inline(node: LexborNode, *, skip: frozenset[str] = frozenset()) -> InlineResult:
    """The spans (and footnotes) of an element's inline content.

    Args:
        skip: classes whose elements are left out (e.g. a heading's number tag).
    """
    result = InlineResult()
    _walk(node, result, "", "", 0, skip)
    finish(result.spans)
    return result


def inline_nodes(nodes: list[LexborNode], *, skip: frozenset[str] = frozenset()) -> InlineResult:
    """Like :func:`inline`, for a run of sibling nodes (text loose in a block, between its elements)."""
    result = InlineResult()
    for node in nodes:
        _one(node, result, "", "", 0, skip)
    finish(result.spans)
    return result


INLINE_TAGS = frozenset((
    "-text", "-comment", "span", "a", "em", "i", "b", "strong", "cite", "math", "sup", "sub", "code", "tt", "small",
    "big", "br", "q", "abbr", "s", "u", "mark", "del", "ins", "kbd", "samp", "var", "time", "bdi", "font",
))
"""What reads as part of a line of text (anything else starts a block)."""


def finish(spans: list[Span]) -> None:
    """Trim the run: no leading/trailing blanks, no empty spans (in place)."""
    while spans and not spans[0].text.strip():
        spans.pop(0)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans:
        spans[0].text = spans[0].text.lstrip()
        spans[-1].text = spans[-1].text.rstrip()
    for index in range(len(spans) - 1, 0, -1):
        if spans[index].text.startswith(" ") and spans[index - 1].text.endswith(" "):
            spans[index].text = spans[index].text.lstrip()


def _walk(node: LexborNode, out: InlineResult, style: SpanStyle, target: str, depth: int, skip: frozenset[str]) -> None:
    child = node.child
    while child is not None:
        _one(child, out, style, target, depth, skip)
        child = child.next


def _one(node: LexborNode, out: InlineResult, style: SpanStyle, target: str, depth: int, skip: frozenset[str]) -> None:
    tag = node.tag
    if tag == "-text":
        out.add(clean(node.text_content), style, target)
        return
    if tag in _SKIP_TAGS or tag is None:
        return
    if depth >= MAX_DEPTH:
        out.add(clean(node.text(deep=True)), style, target)
        return
    names = classes(node)
    if skip and skip.intersection(names):
        return
    if tag == "math":
        out.add(math_text(alttext(node)), "math")
        return
    if tag == "br":
        out.add(" ", style, target)
        return
    if "ltx_ERROR" in names:
        return  # raw macro names from a failed conversion
    if "ltx_note" in names:
        _note(node, names, out)
        return
    if tag == "a":
        href = (node.attributes.get("href") or "").strip()
        if style == "cite" and href.startswith("#"):
            _walk(node, out, "cite", href[1:], depth + 1, skip)
        elif href.startswith("#"):
            _walk(node, out, "ref", href[1:], depth + 1, skip)
        elif href.startswith(("http://", "https://")):
            _walk(node, out, "link", clean(href).strip(), depth + 1, skip)
        else:
            _walk(node, out, style, target, depth + 1, skip)
        return
    if tag == "cite":
        _walk(node, out, "cite", "", depth + 1, skip)
        return
    if tag == "sup" and style == "":
        _walk(node, out, "sup", target, depth + 1, skip)
        return
    new_style = style
    if style == "":
        new_style = _STYLE_TAGS.get(tag, "")
        for name in names:
            new_style = _STYLE_CLASSES.get(name, new_style)
    if tag in _BREAK_TAGS or _BREAK_CLASSES.intersection(names):
        # No whitespace needs to surround them in the source: "<span class=ltx_p>Model</span><span
        # class=ltx_p>size</span>" reads "Model size", not "Modelsize".
        out.add(" ", style, target)
        _walk(node, out, new_style, target, depth + 1, skip)
        out.add(" ", style, target)
        return
    _walk(node, out, new_style, target, depth + 1, skip)


def _note(node: LexborNode, names: list[str], out: InlineResult) -> None:
    """A footnote: its mark stays in the text, its content goes to the footnotes."""
    mark_node = node.css_first("sup.ltx_note_mark")
    mark = clean(mark_node.text(deep=True)).strip() if mark_node is not None else ""
    content = node.css_first("span.ltx_note_content")
    if content is None:
        return
    inner = inline(content, skip=frozenset(("ltx_note_mark", "ltx_tag_note", "ltx_note_type")))
    if not inner.spans:
        return
    if "ltx_role_thanks" in names:
        mark = mark or "*"
    out.add(mark or "*", "sup")
    out.footnotes.append((mark or "*", inner.spans))
    out.footnotes.extend(inner.footnotes)
