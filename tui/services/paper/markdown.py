"""A :class:`~tui.services.paper.model.Document` as Markdown (``papers-tui read``).

The text is already sanitised; what is escaped here is only what Markdown
itself would misread (emphasis markers, brackets, a leading ``#``), so a pager
shows the words as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.services.paper.model import SPANNED, Block, Document, Span

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+\.)(\s)", re.MULTILINE)


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _marked(text: str, marker: str) -> str:
    """*text* between *marker*s, its edge spaces outside them (``We **contribute** it``, not ``We**contribute**``)."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def spans_markdown(spans: list[Span], document: Document | None = None) -> str:
    out: list[str] = []
    for span in spans:
        text = escape(span.text)
        if span.style == "b":
            out.append(_marked(text, "**"))
        elif span.style == "i":
            out.append(_marked(text, "*"))
        elif span.style in ("code", "math"):
            out.append(_marked(span.text.replace("`", "'"), "`"))
        elif span.style == "link" and span.target:
            out.append(f"[{text}]({span.target})")
        elif span.style == "cite" and span.target:
            out.append(f"[{text}](#{span.target})")
        elif span.style == "sup":
            out.append(f"^{text}")
        else:
            out.append(text)
    return "".join(out)


def _para(spans: list[Span]) -> str:
    return _LINE_START.sub(r"\1\\\2\3", spans_markdown(spans))


def _table(block: Block) -> Iterator[str]:
    width = max(len(row) for row in block.rows)
    rows = [[escape(c).replace("|", "\\|") if c != SPANNED else "" for c in row] + [""] * (width - len(row))
            for row in block.rows]
    yield "| " + " | ".join(rows[0]) + " |"
    yield "|" + "---|" * width
    for row in rows[1:]:
        yield "| " + " | ".join(row) + " |"


def block_markdown(block: Block) -> Iterator[str]:
    kind = block.kind
    if kind == "heading":
        number = f"{block.label} " if block.label else ""
        yield "#" * min(6, block.level + 1) + " " + escape(number) + _para(block.spans)
    elif kind == "paragraph":
        yield _para(block.spans)
    elif kind == "quote":
        yield "> " + _para(block.spans)
    elif kind == "item":
        marker = "-" if block.label in ("•", "-", "–", "∙", "◦", "") else escape(block.label)
        yield "  " * block.level + f"{marker} " + spans_markdown(block.spans)
        return
    elif kind == "footnote":
        yield f"[^{block.label}]: " + spans_markdown(block.spans)
    elif kind == "equation":
        number = f"    {block.label}" if block.label else ""
        yield "```text\n" + "\n".join(block.lines) + number + "\n```"
        if block.tex:
            yield "```latex\n" + block.tex.replace("```", "'''") + "\n```"
    elif kind == "listing":
        if block.spans:
            yield "**" + _para(block.spans).strip() + "**"
        yield "```\n" + "\n".join(line.replace("```", "'''") for line in block.lines) + "\n```"
    elif kind == "table":
        if block.spans:
            yield "*" + _para(block.spans).strip() + "*"
        if block.rows:
            yield "\n".join(_table(block))
    elif kind == "figure":
        caption = _para(block.spans) or "Figure"
        yield f"> {caption}" + (f"\n>\n> ![figure]({block.url})" if block.url else "")
    yield ""


def document_markdown(document: Document) -> Iterator[str]:
    """The whole document, line group by line group (stream it to stdout)."""
    yield f"# {escape(document.title)}"
    yield ""
    if document.authors:
        yield escape(", ".join(document.authors))
        yield ""
    if document.notice:
        yield f"> Note: {escape(document.notice)}"
        yield ""
    if document.abstract:
        yield "## Abstract"
        yield ""
        for block in document.abstract:
            yield from block_markdown(block)
    previous = ""
    for block in document.blocks:
        if previous == "item" and block.kind != "item":
            yield ""
        yield from block_markdown(block)
        previous = block.kind
    if document.bibliography:
        yield "## Bibliography" if not any(b.kind == "heading" and b.anchor == "bib" for b in document.blocks) else ""
        for entry in document.bibliography:
            ids = f" (arXiv:{entry.arxiv_id})" if entry.arxiv_id else (f" (doi:{entry.doi})" if entry.doi else "")
            yield f"- <a id=\"{entry.key}\"></a>{escape(entry.label)} {escape(entry.text)}{ids}"
        yield ""
