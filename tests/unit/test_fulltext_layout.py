"""The paper view's layout: the first screen is the whole layout's first lines, a stopped layout says so."""

from __future__ import annotations

import itertools

from tests.fakes.latexml_pages import paper_page
from tui.services.paper.arxiv_html import parse_arxiv_html
from tui.services.paper.layout import layout_document
from tui.services.paper.model import Block, Document, Span


def _document() -> Document:
    html = paper_page("2501.04040", "A long paper", ["A. Author"], "An abstract. " * 30,
                      ["2501.00002", "2501.00003", "2501.00004"], extra_sections=6)
    return parse_arxiv_html(html, "2501.04040")


def test_first_screen_is_exactly_the_start_of_the_whole_layout() -> None:
    document = _document()
    for width in (60, 118):
        whole = layout_document(document, width)
        first = layout_document(document, width, max_lines=40)
        assert first.partial and not whole.partial
        count = len(first.lines)
        assert 40 <= count < len(whole.lines)
        assert [(line.text, line.block) for line in first.lines] == [(line.text, line.block) for line in whole.lines[:count]]
        assert first.headings == whole.headings[: len(first.headings)]


def test_layout_from_a_block_starts_with_that_block_and_is_partial() -> None:
    document = _document()
    block = next(i for i, b in enumerate(document.blocks) if b.kind == "heading" and b.label == "3")
    layout = layout_document(document, 80, start_block=block, max_lines=30)
    assert layout.partial and layout.lines[0].block == block and layout.lines[0].text.startswith("3  Method")


def test_a_stopped_layout_ends_early_and_is_marked_partial() -> None:
    document = _document()
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    layout = layout_document(document, 80, stop=stop)
    whole = layout_document(document, 80)
    assert layout.partial and len(asked) == 3
    assert 0 < len(layout.lines) < len(whole.lines)


def test_wrapped_lines_fit_and_keep_every_word() -> None:
    words = [f"w{i}" + "x" * (i % 13) for i in range(400)]
    spans = [Span(" ".join(words[:150]) + " "), Span(" ".join(words[150:300]), "i"), Span(" " + " ".join(words[300:]))]
    document = Document("x", "", "arxiv-html", blocks=[Block("paragraph", spans)])
    for width in (20, 33, 80, 200):
        lines = [line.text for line in layout_document(document, width).lines if line.block == 0]
        assert " ".join(lines).split() == words
        assert all(len(line) <= width and "  " not in line and line == line.strip() for line in lines)
        for line, following in itertools.pairwise(lines):  # greedy: the next word did not fit
            assert len(line) + 1 + len(following.split()[0]) > width


def test_a_header_cell_spanning_two_columns_is_drawn_across_them() -> None:
    document = _document()
    table = next(b for b in document.blocks if b.kind == "table")
    lines = [line.text for line in layout_document(Document("x", "", "arxiv-html", blocks=[table]), 80).lines]
    header, rule, base, ours = lines[2:6]
    assert header.split(" │ ") == ["  Model", "Accuracy", "Speed (tok/s)"]  # no empty fourth header cell
    assert [c.strip() for c in base.split(" │ ")] == ["Base", "71.2", "120", "±3"]
    assert [c.strip() for c in ours.split(" │ ")] == ["Ours", "78.9", "95", "±2"]
    assert len(header) == len(base) == len(ours) == len(rule)  # the spanning cell covers both columns exactly
    assert rule.count("┼") == 2 and rule.count("┬") == 1  # no header border above the spanned column
    assert header.index("│", 10) == base.index("│", 10) == rule.index("┼", 10)
    assert base.rindex("│") == rule.index("┬")


def test_a_spanned_cell_reads_empty_in_markdown() -> None:
    from tui.services.paper.markdown import block_markdown

    table = next(b for b in _document().blocks if b.kind == "table")
    text = "\n".join(block_markdown(table))
    assert "| Model | Accuracy | Speed (tok/s) |  |" in text and "\u2063" not in text


def test_listing_line_numbers_are_dim_and_the_code_keeps_its_indentation() -> None:
    listing = Block("listing", lines=[" 9 x = 1", "10   return x", "11"])
    lines = layout_document(Document("x", "", "arxiv-html", blocks=[listing]), 60).lines
    runs = [line.runs for line in lines if line.block == 0]
    assert runs[0] == [("  ", "", ""), (" 9 ", "dim", ""), ("x = 1", "code", "")]
    assert runs[1] == [("  ", "", ""), ("10 ", "dim", ""), ("  return x", "code", "")]
    assert runs[2][1] == ("11", "dim", "")
    plain = Block("listing", lines=["1: open the paper", "while True:"])
    lines = layout_document(Document("x", "", "arxiv-html", blocks=[plain]), 60).lines
    assert [line.runs[1] for line in lines if line.block == 0] == [("1: open the paper", "code", ""),
                                                                   ("while True:", "code", "")]
