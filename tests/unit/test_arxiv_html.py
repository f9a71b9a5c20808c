"""LaTeXML -> document conversion on the real recorded pages (tests/fakes/real/)."""

from __future__ import annotations

import pytest

from tests.fakes.latexml_pages import long_page, no_html_page, paper_page, real
from tui.services.paper.arxiv_html import MAX_REFERENCES, UnusableHtml, identifiers, parse_arxiv_html
from tui.services.paper.model import SPANNED, Document

CITED = ["2503.00001", "2503.00002", "2503.00003"]


@pytest.fixture(scope="module")
def doc() -> Document:
    html = paper_page("2507.00150", "Searching for new hypervelocity stars", ["Ann One", "Bob Two"],
                      "We search for stars.", CITED)
    return parse_arxiv_html(html, "2507.00150")


def test_front_matter_and_watermark_version(doc: Document) -> None:
    assert doc.title == "Searching for new hypervelocity stars"
    assert doc.authors == ["Ann One", "Bob Two"]
    assert [b.text for b in doc.abstract] == ["We search for stars."]
    assert doc.version == "2507.00150v1"  # parsed from the real infobox watermark


def test_numbered_sections_subsections_appendix_and_no_in_article_toc(doc: Document) -> None:
    heads = [(h.level, h.label, h.text, h.anchor) for h in doc.headings()]
    assert heads == [
        (1, "1", "Introduction", "S1"),
        (2, "1.1", "Contributions", "S1.SS1"),
        (1, "2", "Data", "S2"),
        (1, "3", "Method", "S3"),
        (1, "Appendix A", "Proofs", "A1"),
        (1, "", "References", "bib"),
    ]
    assert not any("Contents" in b.text for b in doc.blocks)


def test_inline_math_from_alttext_with_entities_decoded(doc: Document) -> None:
    data = next(b for b in doc.blocks if b.anchor == "S2.p2.1")
    maths = [s.text for s in data.spans if s.style == "math"]
    assert maths[0] == "σ_ϖ/ϖ≤0.2"  # \sigma_{\varpi}/\varpi\leq 0.2: the space only ends \leq
    assert maths[1] == "<"  # alttext="&lt;" read through the parser, never as markup


def test_display_equation_has_number_and_lossy_math_keeps_raw_latex(doc: Document) -> None:
    equation = next(b for b in doc.blocks if b.kind == "equation")
    assert (equation.lines, equation.label, equation.anchor, equation.tex) == (["E=mc²"], "(1)", "S1.E1", "")
    contributions = next(b for b in doc.blocks if b.anchor == "S1.SS1.p1.1")
    assert "\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}" in contributions.text
    intro = next(b for b in doc.blocks if b.anchor == "S1.p1.1")
    assert "L=∑ᵢ log p(xᵢ)" in intro.text  # an operator name stands apart, as TeX sets it


def test_author_year_and_numeric_citations_point_at_bibitems(doc: Document) -> None:
    data = next(b for b in doc.blocks if b.anchor == "S2.p2.1")
    cites = [(s.text, s.target) for s in data.spans if s.style == "cite" and s.target]
    assert ("Bailer-Jones et al., 2021", "bib.bib3") in cites
    assert ("Rybizki et al. (2022)", "bib.bib86") in cites
    intro = next(b for b in doc.blocks if b.anchor == "S1.p1.1")
    numeric = [s.target for s in intro.spans if s.style == "cite" and s.target]
    assert numeric[:2] == ["bib.bib1", "bib.bib2"]
    assert all(doc.bib(key) is not None for key in numeric)


def test_cross_references_and_footnotes(doc: Document) -> None:
    data4 = next(b for b in doc.blocks if b.anchor == "S2.p4.1")
    assert ("4.2", "S4.SS2") in [(s.text, s.target) for s in data4.spans if s.style == "ref"]
    index = next(i for i, b in enumerate(doc.blocks) if b.anchor == "S2.p2.1")
    note = doc.blocks[index + 1]
    assert (note.kind, note.label, note.text) == ("footnote", "1", "https://pypi.org/project/gaiadr3-zeropoint/")
    assert note.spans[0].style == "link"


def test_figure_caption_with_math_and_image_resolved_against_html_root(doc: Document) -> None:
    figure = next(b for b in doc.blocks if b.kind == "figure")
    assert figure.text.startswith("Figure 1: v_T distribution from 1,000 realizations")
    assert figure.url == "https://arxiv.org/html/2507.00150v1/plot1_distributions_600.png"


def test_table_rows_with_colspan_list_items_and_algorithm_lines(doc: Document) -> None:
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.text == "Table 1: Results on three benchmarks."
    assert table.rows[0] == ["Model", "Accuracy", "Speed (tok/s)", SPANNED]  # colspan="2"
    assert table.rows[2] == ["Ours", "78.9", "95", "±2"]
    items = [b.text for b in doc.blocks if b.kind == "item"]
    assert items == ["a paper view with an outline", "find with highlighted hits", "references as a feed"]
    listing = next(b for b in doc.blocks if b.kind == "listing")
    assert listing.lines == ["1: open the paper", "2: while not done: scroll", "3: return notes"]


def test_bibliography_labels_and_identifiers(doc: Document) -> None:
    first = doc.bib("bib.bib1")
    assert first is not None and first.label == "[1]" and first.arxiv_id == CITED[0]
    bailer = doc.bib("bib.bib3")
    assert bailer is not None and bailer.label == "Bailer-Jones et al. (2021)"
    assert bailer.doi == "10.3847/bib.bib3" and bailer.arxiv_id is None


def test_real_failed_conversion_is_refused() -> None:
    with pytest.raises(UnusableHtml, match="conversion failed"):
        parse_arxiv_html(real("html_2608.30667v1_conversion_failure.html"), "2608.30667")


def test_no_html_page_is_refused() -> None:
    with pytest.raises(UnusableHtml, match="no HTML"):
        parse_arxiv_html(no_html_page("2604.07737v1"), "2604.07737")


def test_identifiers_in_reference_text() -> None:
    assert identifiers("Vaswani et al. Attention. arXiv preprint arXiv:1706.03762v5, 2017") == ("1706.03762", None)
    assert identifiers("J. Doe. In Proc. doi:10.1145/3290605.3300233.") == (None, "10.1145/3290605.3300233")
    assert identifiers("https://arxiv.org/abs/hep-th/9901001") == ("hep-th/9901001", None)


def test_hostile_escapes_in_text_and_alttext_are_removed() -> None:
    evil = "\x1b]52;c;ZXZpbA==\x07\x1b[2J"
    html = paper_page("2501.00009", "T", ["A"], "abs", CITED).replace(
        "Our method reads and remembers.",
        f'Our method{evil} reads <math alttext="x{evil}^2" display="inline"></math> and &#27;[31m remembers.',
    )
    doc = parse_arxiv_html(html, "2501.00009")
    text = next(b for b in doc.blocks if b.anchor == "S3.p1.1").text
    assert "\x1b" not in text and "\x07" not in text
    assert "Our method reads x² and" in text


def test_deep_nesting_and_malformed_markup_degrade_without_error() -> None:
    deep = "<span>" * 5000 + "deep words" + "</span>" * 10
    broken = paper_page("2501.00010", "T", ["A"], "abs", CITED).replace(
        "Our method reads and remembers.", deep + "<div><p>unclosed <b>bold"
    )
    doc = parse_arxiv_html(broken, "2501.00010")
    assert any("deep words" in b.text for b in doc.blocks)
    assert doc.headings()[-1].text == "References"


def test_three_thousand_references_cap() -> None:
    html = paper_page("2501.00011", "T", ["A"], "abs", CITED)
    items = "".join(
        f'<li id="bib.x{i}" class="ltx_bibitem"><span class="ltx_tag ltx_tag_bibitem">[{i}]</span>'
        f'<span class="ltx_bibblock">Ref {i}</span></li>'
        for i in range(MAX_REFERENCES + 200)
    )
    doc = parse_arxiv_html(html.replace('<ul class="ltx_biblist">', '<ul class="ltx_biblist">' + items), "x")
    assert len(doc.bibliography) == MAX_REFERENCES
    assert "3,000 references" in doc.notice


def test_oversized_page_is_refused_before_parsing() -> None:
    with pytest.raises(UnusableHtml, match="over 10 MB"):
        parse_arxiv_html("<html>" + "x" * (10 * 1024 * 1024 + 1), "x")


def test_long_page_round_trips_through_json() -> None:
    doc = parse_arxiv_html(long_page(600_000), "2501.00001")
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert doc.word_count() > 40_000
