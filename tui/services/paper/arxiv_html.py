"""arXiv HTML (LaTeXML) -> :class:`~tui.services.paper.model.Document`.

The DOM vocabulary is LaTeXML's (``/work/shared/API-NOTES-2.md`` §1.2): numbered
``section.ltx_section`` / ``ltx_subsection`` / ``ltx_appendix`` with their
``h2``/``h3`` titles, ``div.ltx_para > p.ltx_p`` paragraphs, ``table.ltx_equation``
display math, ``figure.ltx_figure`` / ``ltx_table`` / ``ltx_float_algorithm``,
``li.ltx_bibitem`` references. A page that is not usable (arXiv's "No HTML for"
page, a failed conversion) raises :class:`UnusableHtml` so the caller can fall
back; anything else malformed degrades to less structure, never an exception.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tui.services.paper.latexml_bib import (
    MAX_REFERENCES,
    bibliography_entries,
    bibliography_title,
    identifiers,
    spans_text,
)
from tui.services.paper.latexml_blocks import children as _children
from tui.services.paper.latexml_blocks import equation_block, listing_block, table_block, text_lines
from tui.services.paper.latexml_inline import (
    INLINE_TAGS,
    MAX_DEPTH,
    classes,
    clean,
    finish,
    inline,
    inline_nodes,
)
from tui.services.paper.model import BibEntry, Block, Document, Span

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["MAX_PAGE_BYTES", "MAX_REFERENCES", "UnusableHtml", "identifiers", "looks_like_no_html",
           "parse_arxiv_html", "spans_text"]

MAX_PAGE_BYTES = 10 * 1024 * 1024
MAX_BLOCKS = 60_000
MAX_FIGURE_IMAGES = 8
MIN_TEXT_CHARS = 200
"""Less paragraph text than this means the conversion produced nothing readable."""
NO_HTML_MARKERS = ("HTML is not available for the source", "No HTML for '")
IMAGE_BASE = "https://arxiv.org/html/"

_WATERMARK = re.compile(r"arXiv:(\S+)\s+\[([^\]]+)\]\s+(.+)")
_SECTION_LEVEL = {
    "ltx_section": 1,
    "ltx_appendix": 1,
    "ltx_subsection": 2,
    "ltx_subsubsection": 3,
    "ltx_paragraph": 4,
    "ltx_subparagraph": 4,
}
_BLOCKS = "section, div, p, table, figure, ul, ol, pre, blockquote, h1, h2, h3, h4, h5, h6"
"""An inline element holding one of these (malformed markup, or a b left open) is read as a block."""
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_LEAD_IN = frozenset(("ltx_keywords", "ltx_classification", "ltx_acknowledgements"))
"""Titled blocks that read as one paragraph led by their title in bold."""
_DROP = ("nav", "header", "footer", "dialog", "script", "style")


class UnusableHtml(Exception):
    """The page is not a readable paper; ``str()`` is a one-line reason."""


def looks_like_no_html(text: str) -> bool:
    """arXiv's "No HTML for …" page (sent with 404, or by some accounts with 200)."""
    head = text[:200_000]
    return any(marker in head for marker in NO_HTML_MARKERS)


def parse_arxiv_html(html: str, paper_id: str, *, image_base: str = IMAGE_BASE) -> Document:
    """The paper in a LaTeXML page.

    Raises:
        UnusableHtml: too big, the "No HTML" page, or a conversion that failed
            (``Untitled Document`` without a title, or almost no text).
    """
    if len(html) > MAX_PAGE_BYTES:
        raise UnusableHtml(f"arXiv's HTML page is over {MAX_PAGE_BYTES // 2**20} MB; not rendered")
    if looks_like_no_html(html):
        raise UnusableHtml("arXiv has no HTML for this paper")
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    article = tree.css_first("article.ltx_document")
    if article is None:
        raise UnusableHtml("arXiv's page has no LaTeXML article")
    title_node = article.css_first("h1.ltx_title_document")
    text_chars = sum(len(p.text(deep=True).strip()) for p in article.css("p.ltx_p"))
    if title_node is None or text_chars < MIN_TEXT_CHARS:
        page_title = tree.css_first("title")
        untitled = page_title is not None and "Untitled Document" in page_title.text()
        why = "an untitled page" if untitled or title_node is None else f"only {text_chars} characters of text"
        raise UnusableHtml(f"arXiv's HTML conversion failed ({why})")
    builder = _Builder(image_base)
    builder.front_matter(article)
    builder.body(article, 0)
    document = Document(
        paper_id=paper_id,
        title=" ".join(spans_text(inline(title_node).spans).split()),
        source="arxiv-html",
        authors=builder.authors,
        abstract=builder.abstract,
        blocks=builder.blocks,
        bibliography=builder.bibliography,
        version=_watermark_version(tree),
        truncated=builder.truncated,
    )
    if builder.truncated:
        document.notice = "very long page: the text was cut"
    if builder.references_cut:
        document.notice = f"more than {MAX_REFERENCES:,} references: the first {MAX_REFERENCES:,} are shown"
    return document



def _watermark_version(tree: object) -> str:
    node = tree.css_first("#watermark-tr")  # type: ignore[attr-defined]
    if node is None:
        return ""
    match = _WATERMARK.search(clean(node.text(deep=True)).strip())
    return match.group(1) if match else ""




class _Builder:
    def __init__(self, image_base: str) -> None:
        self.image_base = image_base.rstrip("/") + "/"
        self.authors: list[str] = []
        self.abstract: list[Block] = []
        self.blocks: list[Block] = []
        self.bibliography: list[BibEntry] = []
        self.truncated = False
        self.references_cut = False

    # -- front matter -------------------------------------------------------

    def front_matter(self, article: LexborNode) -> None:
        for person in article.css("div.ltx_authors span.ltx_personname")[:200]:
            first = clean(person.text(deep=True, separator="\n")).strip()
            name = first.split("  ")[0].strip(" ,∗*†‡")
            if name and len(name) < 200:
                self.authors.append(name)
        node = article.css_first("div.ltx_abstract")
        if node is not None:
            for para in node.css("p.ltx_p"):
                result = inline(para)
                if result.spans:
                    self.abstract.append(Block("paragraph", result.spans, anchor=para.attributes.get("id") or ""))
                self._footnotes(result.footnotes, into=self.abstract)

    # -- body -----------------------------------------------------------------

    def _add(self, block: Block) -> None:
        if len(self.blocks) >= MAX_BLOCKS:
            self.truncated = True
            return
        self.blocks.append(block)

    def body(self, node: LexborNode, depth: int, *, level: int | None = None, anchor: str = "") -> None:
        """The blocks of *node*'s children; inside a section (*level* set) its title is the heading.

        Text loose between block elements (an acknowledgement after its title, a
        keyword list) is a paragraph of its own, not lost.
        """
        loose: list[LexborNode] = []
        child = node.child
        while child is not None:
            if child.tag in INLINE_TAGS and (child.tag in ("-text", "-comment") or child.css_first(_BLOCKS) is None):
                loose.append(child)
            else:
                self._loose(loose)
                loose = []
                self._child(child, depth, level, anchor)
            child = child.next
        self._loose(loose)

    def _child(self, child: LexborNode, depth: int, level: int | None, anchor: str) -> None:
        if depth >= MAX_DEPTH:
            text = clean(child.text(deep=True)).strip()
            if text:
                self._add(Block("paragraph", [Span(text)]))
                self.truncated = True
            return
        if level is not None and child.tag in _HEADINGS and "ltx_title" in classes(child):
            self._heading(child, level, anchor)
        else:
            self._element(child, depth)

    def _loose(self, nodes: list[LexborNode]) -> None:
        if not any(n.tag != "-text" or (n.text_content or "").strip() for n in nodes if n.tag != "-comment"):
            return
        result = inline_nodes(nodes)
        if result.spans:
            self._add(Block("paragraph", result.spans))
        self._footnotes(result.footnotes)

    def _lead_in(self, node: LexborNode) -> None:
        """A titled block read as one paragraph: "**Keywords:** data races, concurrency"."""
        title = node.css_first(".ltx_title")
        lead = clean(title.text(deep=True)).strip() if title is not None else ""
        result = inline(node, skip=frozenset(("ltx_title",)))
        spans = [Span(lead, "b"), Span(" "), *result.spans] if lead else result.spans
        if result.spans:
            self._add(Block("paragraph", spans, anchor=node.attributes.get("id") or ""))
        self._footnotes(result.footnotes)

    def _element(self, node: LexborNode, depth: int) -> None:
        tag = node.tag
        names = classes(node)
        if tag in _DROP or "ltx_TOC" in names or "ltx_authors" in names or "ltx_abstract" in names:
            return
        if "ltx_ERROR" in names or "ltx_title_document" in names:
            return
        if _LEAD_IN.intersection(names):
            self._lead_in(node)
            return
        if tag == "section" and "ltx_bibliography" in names:
            self._bibliography(node)
            return
        if tag == "section":
            level = next((_SECTION_LEVEL[n] for n in names if n in _SECTION_LEVEL), 2)
            self.body_section(node, level, depth)
            return
        if tag in ("h2", "h3", "h4", "h5", "h6") and "ltx_title" in names:
            self._heading(node, 2, node.parent.attributes.get("id") if node.parent else "")
            return
        if tag == "p":
            self._paragraph(node)
            return
        if tag in ("ul", "ol"):
            self._list(node, 0, depth)
            return
        if tag == "table" and ("ltx_equation" in names or "ltx_equationgroup" in names):
            self._equation(node)
            return
        if tag == "figure":
            self._figure(node, names)
            return
        if "ltx_listing" in names:
            self._listing(node, [])
            return
        if tag == "pre":
            self._add(Block("listing", lines=text_lines(node.text(deep=True))))
            return
        if tag == "blockquote" or "ltx_quote" in names:
            for para in node.css("p"):
                result = inline(para)
                if result.spans:
                    self._add(Block("quote", result.spans))
            return
        if tag == "table" and "ltx_tabular" in names:
            self._table(node, [], node.attributes.get("id") or "")
            return
        self.body(node, depth + 1)

    def body_section(self, node: LexborNode, level: int, depth: int) -> None:
        self.body(node, depth + 1, level=level, anchor=node.attributes.get("id") or "")

    def _heading(self, node: LexborNode, level: int, anchor: str | None) -> None:
        tag = node.css_first("span.ltx_tag")
        number = clean(tag.text(deep=True)).strip() if tag is not None else ""
        result = inline(node, skip=frozenset(("ltx_tag",)))
        if not result.spans and not number:
            return
        self._add(Block("heading", result.spans or [Span(number)], level=level, label=number, anchor=anchor or ""))

    def _paragraph(self, node: LexborNode) -> None:
        result = inline(node)
        if result.spans:
            self._add(Block("paragraph", result.spans, anchor=node.attributes.get("id") or ""))
        self._footnotes(result.footnotes)
        # Display math and tables can sit inside a p (LaTeXML nests them in some templates).
        for child in node.css("table.ltx_equation, table.ltx_equationgroup"):
            self._equation(child)

    def _footnotes(self, notes: list[tuple[str, list[Span]]], into: list[Block] | None = None) -> None:
        for mark, spans in notes:
            block = Block("footnote", spans, label=mark)
            if into is not None:
                into.append(block)
            else:
                self._add(block)

    def _list(self, node: LexborNode, level: int, depth: int) -> None:
        number = 0
        for item in _children(node):
            if item.tag != "li":
                continue
            number += 1
            tag_node = item.css_first("span.ltx_tag")
            tag = clean(tag_node.text(deep=True)).strip() if tag_node is not None else ""
            if not tag:
                tag = f"{number}." if node.tag == "ol" else "•"
            spans: list[Span] = []
            notes: list[tuple[str, list[Span]]] = []
            nested: list[LexborNode] = []
            for part in _children(item):
                if part.tag in ("ul", "ol"):
                    nested.append(part)
                    continue
                if "ltx_tag" in classes(part):
                    continue
                nested.extend(sub for sub in part.css("ul, ol") if _top_list(sub, item))
                result = inline(part)
                if spans and result.spans:
                    spans.append(Span(" "))
                spans.extend(result.spans)
                notes.extend(result.footnotes)
            finish(spans)
            self._add(Block("item", spans, level=level, label=tag))
            self._footnotes(notes)
            for sub in nested:
                self._list(sub, level + 1, depth + 1)

    def _equation(self, node: LexborNode) -> None:
        block = equation_block(node)
        if block is not None:
            self._add(block)

    def _caption(self, node: LexborNode) -> list[Span]:
        for child in _children(node):
            if child.tag == "figcaption":
                return inline(child).spans
        return []

    def _figure(self, node: LexborNode, names: list[str]) -> None:
        anchor = node.attributes.get("id") or ""
        caption = self._caption(node)
        if "ltx_table" in names:
            table = node.css_first("table.ltx_tabular")
            if table is not None:
                self._table(table, caption, anchor)
                return
        if "ltx_float_algorithm" in names or node.css_first("div.ltx_listing") is not None:
            listing = node.css_first("div.ltx_listing")
            if listing is not None:
                self._listing(listing, caption, anchor)
                return
        images = [img.attributes.get("src") or "" for img in node.css("img")[:MAX_FIGURE_IMAGES]]
        urls = [self._image_url(src) for src in images if src]
        if not urls and node.css_first("svg") is not None:
            caption = [*caption, Span(" [vector figure]", "i")] if caption else [Span("[vector figure]", "i")]
        self._add(Block("figure", caption, anchor=anchor, url=urls[0] if urls else "", lines=urls[1:]))

    def _image_url(self, src: str) -> str:
        src = clean(src).strip()
        if src.startswith(("http://", "https://")):
            return src
        # src starts with the versioned id: resolve against /html/, not the page URL.
        return self.image_base + src.lstrip("./").lstrip("/")

    def _listing(self, node: LexborNode, caption: list[Span], anchor: str = "") -> None:
        self._add(listing_block(node, caption, anchor))

    def _table(self, table: LexborNode, caption: list[Span], anchor: str) -> None:
        self._add(table_block(table, caption, anchor))

    def _bibliography(self, node: LexborNode) -> None:
        self._add(Block("heading", [Span(bibliography_title(node))], level=1, anchor=node.attributes.get("id") or "bib"))
        room = MAX_REFERENCES - len(self.bibliography)
        entries, cut = bibliography_entries(node, room)
        self.bibliography.extend(entries)
        self.references_cut = self.references_cut or cut


def _top_list(node: LexborNode, item: LexborNode) -> bool:
    """Whether no other list lies between *node* and the list item holding it."""
    parent = node.parent
    while parent is not None and parent.mem_id != item.mem_id:
        if parent.tag in ("ul", "ol"):
            return False
        parent = parent.parent
    return True
