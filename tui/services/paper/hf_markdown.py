"""Hugging Face's ``/papers/{id}.md`` Markdown -> :class:`~tui.services.paper.model.Document`.

The shape of that Markdown is undocumented (API-NOTES-2 §1.1), so this reads
it as generic CommonMark: ATX headings, paragraphs, lists, block quotes, fenced
code, pipe tables, ``$$`` display math, images, and inline emphasis, code,
``$math$`` and links. Nothing is interpreted beyond that; a body that is HTML
is refused (:func:`is_html`), because HTML is not Markdown.
"""

from __future__ import annotations

import re

from tui.services.paper.latexml_inline import is_lossy, math_text, tex_unicode
from tui.services.paper.model import Block, Document, Span, SpanStyle
from tui.services.sanitize import clean_block

MAX_LINES = 200_000
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBER = re.compile(r"^((?:[A-Z]|\d+)(?:\.\d+)*\.?)\s+(.*)$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(\s*(\S+?)(?:\s+\"[^\"]*\")?\s*\)$")
_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|\$(?P<math>[^$\n]+?)\$"
    r"|!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)"
    r"|\[(?P<link>[^\]]+)\]\((?P<href>[^)\s]+)[^)]*\)"
    r"|\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<ital>[^*\n]+?)\*(?![\w*])|(?<![\w_])_(?P<ital2>[^_\n]+?)_(?![\w_])"
    r"|(?P<url>https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:])"
)


def is_html(body: str) -> bool:
    """Whether a ``.md`` answer is really an HTML page (then it is not rendered as Markdown)."""
    head = body.lstrip()[:200].lower()
    return head.startswith(("<!doctype", "<html", "<head", "<body"))


def inline_spans(text: str) -> list[Span]:
    """Inline Markdown as styled spans (emphasis, code, math, links)."""
    spans: list[Span] = []
    pos = 0

    def add(value: str, style: SpanStyle = "", target: str = "") -> None:
        if value:
            if spans and spans[-1].style == style and spans[-1].target == target:
                spans[-1].text += value
            else:
                spans.append(Span(value, style, target))

    for match in _INLINE.finditer(text):
        add(text[pos : match.start()])
        pos = match.end()
        groups = match.groupdict()
        if groups["code"]:
            add(groups["code_text"], "code")
        elif groups["math"] is not None:
            add(math_text(groups["math"].strip()), "math")
        elif groups["src"] is not None:
            add(f"[image: {groups['alt'] or groups['src']}]", "link", groups["src"])
        elif groups["href"] is not None:
            href = groups["href"]
            add(groups["link"], "link" if href.startswith(("http://", "https://")) else "", href)
        elif groups["bold"] or groups["bold2"]:
            add(groups["bold"] or groups["bold2"], "b")
        elif groups["ital"] or groups["ital2"]:
            add(groups["ital"] or groups["ital2"], "i")
        elif groups["url"]:
            add(groups["url"], "link", groups["url"])
    add(text[pos:])
    return spans


def parse_markdown(body: str, paper_id: str, *, title: str = "") -> Document:
    """The blocks of a Markdown paper (the first ``#`` heading becomes the title)."""
    lines = clean_block(body).split("\n")[:MAX_LINES]
    blocks: list[Block] = []
    doc_title = title
    index = 0
    if lines and lines[0].strip() == "---":  # YAML front matter: skipped, never interpreted
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() == "---"), 0)
        index = end + 1 if end else 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            text = " ".join(part.strip() for part in paragraph)
            image = _IMAGE.match(text)
            if image:
                blocks.append(Block("figure", inline_spans(image.group(1)), url=image.group(2)))
            else:
                blocks.append(Block("paragraph", inline_spans(text)))
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        if not stripped:
            flush()
            continue
        heading = _HEADING.match(stripped)
        if heading:
            flush()
            level = len(heading.group(1))
            text = heading.group(2)
            if level == 1 and not blocks:  # the paper's own title line
                doc_title = doc_title or " ".join(inline_text(text).split())
                continue
            number = _NUMBER.match(text)
            label, text = (number.group(1).rstrip("."), number.group(2)) if number else ("", text)
            blocks.append(Block("heading", inline_spans(text), level=max(1, level - 1), label=label))
            continue
        if stripped.startswith(("```", "~~~")):
            flush()
            fence = stripped[:3]
            code: list[str] = []
            while index < len(lines) and not lines[index].strip().startswith(fence):
                code.append(lines[index].rstrip())
                index += 1
            index += 1
            blocks.append(Block("listing", lines=code))
            continue
        if stripped.startswith("$$"):
            flush()
            tex_lines = [stripped[2:]]
            while not tex_lines[-1].rstrip().endswith("$$") and index < len(lines):
                tex_lines.append(lines[index].strip())
                index += 1
            tex = " ".join(tex_lines).strip().removesuffix("$$").strip()
            blocks.append(Block("equation", lines=[tex_unicode(tex)], tex=tex if is_lossy(tex) else ""))
            continue
        if stripped.startswith("|") and index < len(lines) and set(lines[index].strip()) <= set("|-: "):
            flush()
            rows = [_cells(stripped)]
            index += 1
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append(_cells(lines[index].strip()))
                index += 1
            blocks.append(Block("table", rows=rows))
            continue
        item = _ITEM.match(line)
        if item:
            flush()
            depth = len(item.group(1).expandtabs(4)) // 2
            marker = item.group(2)
            blocks.append(Block("item", inline_spans(item.group(3)), level=min(depth, 6),
                                label="•" if marker in "-*+" else marker))
            continue
        if stripped.startswith(">"):
            flush()
            blocks.append(Block("quote", inline_spans(stripped.lstrip("> "))))
            continue
        if set(stripped) <= set("-*_ ") and len(stripped) >= 3:
            flush()
            continue
        paragraph.append(line)
    flush()
    return Document(paper_id=paper_id, title=doc_title or paper_id, source="hf-markdown", blocks=blocks)


def inline_text(text: str) -> str:
    return "".join(span.text for span in inline_spans(text))


def _cells(row: str) -> list[str]:
    return [inline_text(cell.strip()) for cell in row.strip().strip("|").split("|")]
