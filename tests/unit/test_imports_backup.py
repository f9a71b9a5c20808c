"""Reading .bib / RIS / CSL-JSON back (bad entries reported by line) and the full library backup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.config import Paths
from tui.models import Author, Paper
from tui.services.formats.citations import export
from tui.services.formats.exports import ExportItem, csl_json, ris
from tui.services.formats.imports import parse_bib, parse_csl_json, parse_ris, read_entries
from tui.services.storage.backup import BadBackup, dumps, export_all, import_all
from tui.services.storage.library import UserLibrary


def paper(i: int) -> Paper:
    return Paper(id=f"2503.{i:05d}", title=f"Paper {i}", authors=(Author("Ann Author"),))


BIB = """% a comment line
@article{good1,
  title = {One},
  eprint = {2401.00001v2},
}
@misc{good2, title="Two", url = {https://arxiv.org/abs/hep-th/9901001}}
@string{foo = "bar"}
@article{nodoi,
  title = {No id here},
}
@article{broken,
  title = {Never {closed},
@inproceedings{good3,
  doi = {10.48550/arXiv.2402.00002},
}
@article{scholar, journal={arXiv preprint arXiv:2403.00003}, year={2024}}
"""


def test_bib_entries_with_line_numbers() -> None:
    entries = parse_bib(BIB)
    assert [(e.line, e.label, e.arxiv_id) for e in entries] == [
        (2, "good1", "2401.00001"),
        (6, "good2", "hep-th/9901001"),
        (8, "nodoi", None),
        (11, "broken", None),
        (13, "good3", "2402.00002"),
        (16, "scholar", "2403.00003"),
    ]
    assert "no arXiv id" in (entries[2].problem or "") and "unbalanced" in (entries[3].problem or "")


def test_our_own_exports_read_back() -> None:
    papers = [paper(1), paper(2), Paper(id="hep-th/9901001", title="Old")]
    ids = [p.id for p in papers]
    for fmt in ("bibtex", "biblatex"):
        assert [e.arxiv_id for e in parse_bib(export(papers, fmt))] == ids
    items = [ExportItem(p) for p in papers]
    assert [e.arxiv_id for e in parse_ris(ris(items))] == ids
    assert [e.arxiv_id for e in parse_csl_json(csl_json(items))] == ids


def test_ris_and_csl_json_report_broken_entries() -> None:
    text = "TY  - JOUR\nTI  - A\nUR  - https://arxiv.org/abs/2401.00001\nER  - \nAU  - stray\nTY  - JOUR\nTI  - B\n"
    entries = parse_ris(text)
    assert [(e.line, e.arxiv_id, e.problem is None) for e in entries] == [(1, "2401.00001", True),
                                                                           (5, None, False), (6, None, False)]
    csl = '[\n {"id": "a", "URL": "https://arxiv.org/abs/2401.00001"},\n {"id": "b"},\n {"id": "c", oops}\n]'
    entries = parse_csl_json(csl)
    assert [(e.line, e.arxiv_id) for e in entries] == [(2, "2401.00001"), (3, None), (4, None)]
    assert "invalid JSON" in (entries[2].problem or "")
    assert "must be a list" in (parse_csl_json('{"a": 1}')[0].problem or "")


def test_read_entries_detects_the_format_and_refuses_binary(tmp_path: Path) -> None:
    (tmp_path / "x.ris").write_text("TY  - JOUR\nDO  - 10.48550/arXiv.2401.00001\nER  - \n")
    assert read_entries(tmp_path / "x.ris")[0] == "ris"
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    with pytest.raises(ValueError, match="not a text file"):
        read_entries(tmp_path / "x.bin")


def _filled(path: Path) -> UserLibrary:
    lib = UserLibrary(path)
    lib.add_bookmark(paper(1))
    lib.mark_read("2503.00001")
    lib.record_visit("latest")
    lib.reading_lists.save_note(paper(2), "note two", base_revision=None)
    lib.reading_lists.add_tag([paper(1), paper(2)], "tagged")
    lib.reading_lists.add_to_list("to read", [paper(2), paper(3)])
    lib.reading_lists.add_to_list("empty later", [])
    lib.reading_lists.record_pdf(paper(3), Path("/somewhere/p.pdf"), 123)
    lib.reading_lists.save_categories({"2503.00001": "cs.CL"})
    return lib


def test_backup_round_trips_everything(tmp_path: Path) -> None:
    source = _filled(Paths.from_env().library_db)
    data = json.loads(dumps(export_all(source)))
    target = UserLibrary(tmp_path / "restored.sqlite3")
    restored = import_all(target, data)
    assert restored.counts["lists"] == 2 and restored.merged_notes == 0
    again = export_all(target)
    for section in ("bookmarks", "read_state", "visits", "papers", "notes", "tags", "pdfs", "arxiv_categories", "lists"):
        assert again[section] == data[section], section
    assert import_all(target, data).counts["tags"] == 0  # importing twice adds nothing


def test_backup_import_keeps_both_notes_and_refuses_junk(tmp_path: Path) -> None:
    source = _filled(Paths.from_env().library_db)
    data = export_all(source)
    target = UserLibrary(tmp_path / "other.sqlite3")
    target.reading_lists.save_note(paper(2), "my local text", base_revision=None)
    assert import_all(target, data).merged_notes == 1
    note = target.reading_lists.note("2503.00002")
    assert note is not None and "my local text" in note.body and "note two" in note.body
    for junk in ({"format": "other"}, [], {"format": "papers-tui-library", "version": 99},
                 {"format": "papers-tui-library", "version": 1, "tags": [{"paper_id": "x"}]}):
        with pytest.raises(BadBackup):
            import_all(target, junk)
    assert target.reading_lists.tags_of("x") == []
