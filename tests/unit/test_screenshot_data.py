"""The real recorded data the README screenshots are made from still goes through the real parsers."""

from __future__ import annotations

import json
from pathlib import Path

from tui.services.net.graph import parse_edge_page
from tui.services.paper.arxiv_html import parse_arxiv_html
from tui.services.sanitize import clean_json

ROOT = Path(__file__).resolve().parents[2]


def test_the_condensed_real_page_reads_as_the_paper() -> None:
    html = (ROOT / "screenshots" / "real" / "html_2507.00150v1_condensed.html").read_text(encoding="utf-8")
    document = parse_arxiv_html(html, "2507.00150")
    assert document.title == "Searching for new hypervelocity stars with Gaia DR3 and VLT/FORS2 spectroscopy"
    assert document.version == "2507.00150v1" and document.notice == ""
    assert document.authors[:2] == ["Julio A. Carballo-Bello", "Pau Ramos"]
    assert [f"{b.label} {b.text}" for b in document.headings()][:4] == [
        "1 Introduction", "2 Methodology. Sample of HVS candidates", "3 Spectroscopic follow-up with FORS2",
        "4 Results and discussion"]
    figure = next(b for b in document.blocks if b.kind == "figure")
    assert figure.url == "https://arxiv.org/html/2507.00150v1/plot1_distributions_600.png"


def test_the_recorded_references_parse_to_67_rows_without_control_characters() -> None:
    entries = []
    for name in ("s2py_test_get_paper_references_0.json", "s2py_test_get_paper_references_1.json"):
        body = clean_json(json.loads((ROOT / "tests" / "fakes" / "real" / name).read_text(encoding="utf-8")))
        entries += parse_edge_page(body, "citedPaper")[0]
    assert len(entries) == 67
    assert all(e.title and e.title.isprintable() for e in entries)
