"""Word spacing on every real recorded LaTeXML page: no two words glued, none split, never two spaces.

The reference is the page itself: a paragraph's words are its source text split
at whitespace (math, footnotes and conversion errors treated the same way on
both sides). The conversion (document model), the paper view's wrapped lines
and ``papers-tui read``'s Markdown must all give back exactly those words.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tests.fakes.latexml_pages import REAL, page
from tui.services.paper.arxiv_html import parse_arxiv_html
from tui.services.paper.latexml_inline import inline
from tui.services.paper.layout import layout_document
from tui.services.paper.markdown import document_markdown, spans_markdown
from tui.services.paper.model import Block, Document, Span

REAL_PAGES = sorted(path.name for path in REAL.glob("*.html"))
"""Every real LaTeXML page recorded (the same files as /work/shared/real-payloads/arxiv-html/, plus one excerpt)."""
EXCERPTS = [name for name in REAL_PAGES if "excerpt" in name]


def source_words(paragraph: LexborNode) -> list[str]:
    """The words of a source paragraph as a browser shows them (math left out, footnotes as their mark)."""
    tree = LexborHTMLParser(paragraph.html or "")
    for note in tree.css("span.ltx_note"):
        mark = note.css_first("sup.ltx_note_mark")
        note.replace_with(mark.text() if mark is not None else "")
    for node in tree.css("math, .ltx_ERROR, button, svg, img"):
        node.decompose()
    for node in tree.css("br"):
        node.replace_with(" ")
    root = tree.css_first("p") or tree.body
    assert root is not None
    return root.text(deep=True, separator="").split()


def model_words(spans: list[Span]) -> list[str]:
    return "".join(span.text for span in spans if span.style != "math").split()


def _spaces_ok(text: str) -> None:
    assert "  " not in text, f"doubled space in {text!r}"
    assert text == text.strip(), f"edge space in {text!r}"


def _excerpt_document(name: str) -> Document:
    """A real excerpt inside the real arXiv page chrome, converted as the app does."""
    body = (REAL / name).read_text(encoding="utf-8").split("-->", 1)[1]
    if "<section" not in body:
        body = f'<section id="S2" class="ltx_section"><h2 class="ltx_title ltx_title_section">Data</h2>{body}</section>'
    article = (f'<article class="ltx_document"><h1 class="ltx_title ltx_title_document">Real excerpt</h1>{body}'
               "</article>")
    return parse_arxiv_html(page("2609.00246", article, title="Real excerpt"), "2609.00246")


def _paragraph_blocks(document: Document) -> dict[str, Block]:
    return {b.anchor: b for b in [*document.abstract, *document.blocks] if b.anchor and b.spans}


@pytest.mark.parametrize("name", REAL_PAGES)
def test_every_real_paragraph_keeps_its_words(name: str) -> None:
    tree = LexborHTMLParser((REAL / name).read_text(encoding="utf-8"))
    paragraphs = tree.css("p.ltx_p")
    assert paragraphs, f"{name} has no LaTeXML paragraph"
    for paragraph in paragraphs:
        spans = inline(paragraph).spans
        assert model_words(spans) == source_words(paragraph), paragraph.attributes.get("id")
        _spaces_ok("".join(span.text for span in spans))
        for span in spans:
            assert "  " not in span.text


@pytest.mark.parametrize("name", EXCERPTS)
def test_whole_conversion_view_lines_and_markdown_keep_the_words(name: str) -> None:
    document = _excerpt_document(name)
    tree = LexborHTMLParser((REAL / name).read_text(encoding="utf-8"))
    blocks = _paragraph_blocks(document)
    paragraphs = tree.css("p.ltx_p")
    assert {p.attributes.get("id") for p in paragraphs} <= set(blocks)
    for paragraph in paragraphs:
        block = blocks[paragraph.attributes.get("id") or ""]
        assert model_words(block.spans) == source_words(paragraph)
        _spaces_ok(block.text)
        alone = Document("x", "", "arxiv-html", blocks=[block])
        for width in (20, 38, 78, 138):
            shown = [line.text for line in layout_document(alone, width).lines if line.block == 0]
            assert " ".join(shown).split() == block.text.split(), f"{block.anchor} at width {width}"
            assert all("  " not in line and len(line) <= width for line in shown)
    markdown = "\n".join(document_markdown(document))
    assert "  " not in re.sub(r"^ +|```.*?```", "", markdown, flags=re.MULTILINE | re.DOTALL).replace("\n", "")


def test_known_phrases_read_right_in_the_model_and_in_markdown() -> None:
    document = _excerpt_document("html_2609.00246_excerpt.html")
    text = " ".join(b.text for b in [*document.abstract, *document.blocks])
    for phrase in ("of data race detection in static analysis. Here, we extend the digest framework",
                   "as well as pthread_once, which allows to ensure that an action",
                   "that are guaranteed to flag any potential data race.",
                   "must remain manageable [3, 12]. Nevertheless,",
                   "as provided by Pthreads:", "Keywords: data races, concurrency, static program analysis"):
        assert phrase in text
    markdown = "\n".join(document_markdown(document))
    for phrase in ("we extend the *digest* framework", "as well as `pthread_once`, which",
                   "that are *guaranteed* to flag", "manageable \\[[3](#bib.bib29), [12](#bib.bib30)\\]. Nevertheless",
                   "**Keywords:** data races, concurrency, static program analysis"):
        assert phrase in markdown


def test_edge_spaces_of_styled_runs_stay_outside_markdown_markers() -> None:
    spans = [Span("We "), Span("contribute ", "b"), Span("a", "i"), Span(" reader", "code"), Span("; the "),
             Span(" model", "i")]
    assert spans_markdown(spans) == "We **contribute** *a* `reader`; the  *model*"
    html = '<p class="ltx_p">We <b>contribute </b><i>a</i> <code> reader</code>; the <span> <em>model</em></span></p>'
    converted = inline(LexborHTMLParser(html).css_first("p"))
    assert spans_markdown(converted.spans) == "We **contribute** *a* `reader`; the *model*"


def test_block_elements_inside_inline_content_are_separated() -> None:
    html = ('<table><tr><td class="ltx_td"><span class="ltx_inline-block"><span class="ltx_p">Model</span>'
            '<span class="ltx_p">size</span></span></td><td>7B<br class="ltx_break">params</td></tr></table>')
    cells = LexborHTMLParser(html).css("td")
    assert ["".join(s.text for s in inline(cell).spans) for cell in cells] == ["Model size", "7B params"]


def test_a_word_made_of_several_runs_is_never_broken_at_a_run_boundary() -> None:
    spans = [Span("other estimates "), Span("(", "cite"), Span("Bailer-Jones et al., 2021", "cite", "bib.bib3"),
             Span(", e.g.)", "cite"), Span(" are consistent")]
    document = Document("x", "t", "arxiv-html", blocks=[Block("paragraph", spans)])
    for width in range(20, 60):
        lines = [line.text for line in layout_document(document, width).lines if line.block == 0]
        assert " ".join(lines).split() == ["other", "estimates", "(Bailer-Jones", "et", "al.,", "2021,", "e.g.)", "are", "consistent"]
        assert not any(line.endswith("(") for line in lines), lines


def test_real_listing_keeps_numbers_indentation_and_code() -> None:
    document = _excerpt_document("html_2609.00246_excerpt.html")
    listing = next(b for b in document.blocks if b.kind == "listing")
    data = (REAL / "html_2609.00246_excerpt.html").read_text(encoding="utf-8")
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", data)
    assert encoded is not None
    code = base64.b64decode(encoded.group(1)).decode().split("\n")[:10]  # the page's own copy of the code
    assert listing.lines == [f"{n + 1:>2} {line}".rstrip() for n, line in enumerate(code)]
    assert listing.lines[5] == " 6   // Worker initialization"


def test_recorded_pages_listed() -> None:
    shared = Path("/work/shared/real-payloads/arxiv-html")
    if shared.is_dir():  # the copies here are the recorded ones, unchanged
        for recorded in shared.glob("*.html"):
            assert (REAL / recorded.name).read_bytes() == recorded.read_bytes()
    assert {"html_2507.00150v1_excerpt.html", "html_2608.30667v1_conversion_failure.html"} <= set(REAL_PAGES)


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        ("\\sigma_{\\varpi}/\\varpi\\leq 0.2", "σ_ϖ/ϖ≤0.2"),  # the real page's alttext: the space only ends \leq
        ("a\\cdot b", "a·b"),
        ("\\mathcal{L}=\\sum_{i}\\log p(x_{i})", "L=∑ᵢ log p(xᵢ)"),
        ("O(n\\log n)", "O(n log n)"),
        ("f(x)=\\max_{y}g(x,y)", "f(x)=max_y g(x,y)"),
        ("\\log(x)", "log(x)"),
        ("\\text{if }x>0", "if x>0"),
    ],
)
def test_formula_spacing_follows_tex(tex: str, shown: str) -> None:
    from tui.services.paper.latexml_inline import math_text

    assert math_text(tex) == shown


def test_every_paragraph_of_the_fake_server_pages_keeps_its_words() -> None:
    """The pages the loopback fake serves (real chrome and excerpts, generated sections) convert word for word."""
    from tests.fakes.latexml_pages import paper_page

    html = paper_page("2501.04040", "A long paper", ["A. Author"], "An abstract. " * 30,
                      ["2501.00002", "2501.00003", "2501.00004"], extra_sections=3)
    document = parse_arxiv_html(html, "2501.04040")
    blocks = _paragraph_blocks(document)
    paragraphs = LexborHTMLParser(html).css("p.ltx_p[id]")
    assert len(paragraphs) > 40
    for paragraph in paragraphs:
        block = blocks[paragraph.attributes.get("id") or ""]
        assert model_words(block.spans) == source_words(paragraph)
        _spaces_ok(block.text)


def test_an_aligned_equation_row_reads_as_one_formula() -> None:
    from tui.services.paper.latexml_blocks import equation_block

    def cell(tex: str) -> str:
        return f'<td class="ltx_eqn_cell ltx_align_left"><math alttext="{tex}" display="inline"></math></td>'

    left, right, second = cell(r"\displaystyle\mathcal{L}"), cell(r"\displaystyle=\sum_{i}\alpha"), cell(r"\displaystyle\leq 1")
    html = ('<table id="S2.E3" class="ltx_equationgroup ltx_eqn_align ltx_eqn_table"><tbody>'
            f'<tr class="ltx_equation ltx_eqn_row">{left}{right}'
            '<td class="ltx_eqn_cell ltx_eqn_eqno"><span class="ltx_tag ltx_tag_equation">(3)</span></td></tr>'
            f'<tr class="ltx_equation ltx_eqn_row">{cell("")}{second}</tr></tbody></table>')
    block = equation_block(LexborHTMLParser(html).css_first("table"))
    assert block is not None
    assert (block.lines, block.label) == (["L=∑ᵢα", "≤1"], "(3)")
