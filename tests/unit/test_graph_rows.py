"""GraphRows: graph entries as feed rows and papers (ids, venue + year, context, influential)."""

from __future__ import annotations

import json

from tests.fakes.latexml_pages import real
from tui.services.net.graph import GraphListing, parse_edge
from tui.services.paper.graph_rows import GraphRows


def test_rows_and_papers_from_real_edges() -> None:
    reference = parse_edge(json.loads(real("s2py_Reference.json")), "citedPaper")
    citation = parse_edge(json.loads(real("s2py_Citation.json")), "citingPaper")
    nameless = parse_edge({"citedPaper": {"paperId": None, "title": "United Nations. Gender Info"}}, "citedPaper")
    assert reference and citation and nameless
    rows = GraphRows(GraphListing("citations", "2501.00001", [citation, reference, nameless]))
    assert len(rows) == 3
    first = rows.row(0)
    assert first.id.startswith("local-s2-bdcbc589") and first.title.startswith("◆ Learning to Throw")
    assert first.title.endswith(" · IEEE Robotics and Automation Letters") and first.day == "2023-02-01"
    paper = rows.paper(0)
    assert paper is not None and not paper.has_arxiv_id
    assert paper.project_page == "https://doi.org/10.1109/LRA.2022.3229266"
    assert "How it cites this paper: “RP is implemented" in paper.summary
    assert "◆ Semantic Scholar marks this citation as influential." in paper.summary
    on_arxiv = rows.paper(1)
    assert on_arxiv is not None and on_arxiv.id == "1402.0030" and on_arxiv.project_page is None
    assert rows.row(1).day == "2014-01-31" and rows.row(1).upvotes == 707
    assert rows.row(2).id == "local-s2-2" and rows.paper(2) is not None
    assert list(rows.ids()) == [rows.row(i).id for i in range(3)]
