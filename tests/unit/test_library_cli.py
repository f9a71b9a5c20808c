"""The library commands end to end in-process: export, import, pdf, lists, note, tag, library."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import bibtexparser
import pytest

from tests.fakes import pdf_routes, scholar_routes
from tests.fakes.server import FakeServer
from tui.cli import main

DAY = "2025-03-05"


@pytest.fixture
def services(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeServer:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_ARXIV_ENDPOINT", fake_server.url + "/arxiv")
    monkeypatch.setenv("PAPERS_TUI_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("PAPERS_TUI_PDF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_PDF_DIR", str(tmp_path / "pdfs"))
    scholar_routes.install(fake_server)
    fake_server.pdfs = pdf_routes.install(fake_server, pdf_routes.PdfState(size=50_000))  # type: ignore[attr-defined]
    return fake_server


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def ids(server: FakeServer, count: int = 3) -> list[str]:
    return [item["paper"]["id"] for item in server.hub.days[DAY]][:count]


def test_lists_then_export_every_format(services: FakeServer, capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    first, second, _ = ids(services)
    services.scholar.categories.update({first: "cs.CL", second: "cs.LG"})
    assert run(capsys, "lists", "add", "to read", first, second)[0] == 0
    assert run(capsys, "tag", first, "--add", "bert")[1].strip() == f"{first:<12}  #bert"
    code, out, err = run(capsys, "export", "--list", "to read", "--format", "bibtex")
    assert code == 0 and "asking arXiv for the categories of 2 papers" in err
    entries = bibtexparser.parse_string(out).entries
    assert [e.fields_dict["eprint"].value for e in entries] == [first, second]
    assert entries[0].fields_dict["primaryClass"].value == "cs.CL"
    assert "primaryClass={cs.CL}" in run(capsys, "cite", first, "--offline")[1]  # remembered by the export
    requests = len(services.requests_to("/arxiv/query"))
    assert run(capsys, "export", "--list", "to read", "-f", "bibtex", "--offline")[1] == out  # categories remembered
    assert len(services.requests_to("/arxiv/query")) == requests
    for fmt in ("biblatex", "ris", "csl-json", "csv"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = run(capsys, "export", "--tag", "bert", "-f", fmt, "-o", str(target))
        assert code == 0 and "1 paper written to" in err and first in target.read_text()
    vault = tmp_path / "vault"
    assert run(capsys, "export", "--all", "-f", "markdown", "-o", str(vault))[0] == 0
    assert len(list(vault.glob("*.md"))) == 2
    assert run(capsys, "export", "--list", "nope", "-f", "ris")[2].startswith("papers-tui: there is no list 'nope'")
    assert run(capsys, "export", "--all", "-f", "markdown")[0] == 1


def test_import_reports_bad_entries_by_line(services: FakeServer, capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    first, second, _ = ids(services)
    bib = tmp_path / "refs.bib"
    bib.write_text(
        f"@misc{{a, eprint={{{first}}}}}\n@misc{{b, title={{no id}}}}\n"
        f"@misc{{c, url={{https://arxiv.org/abs/{second}v2}}}}\n@misc{{d, eprint={{2401.99999}}}}\n"
        "@misc{e, title={never closed}\n"
    )
    code, out, err = run(capsys, "import", str(bib))
    assert code == 0 and "imported 2 papers from refs.bib (bibtex) into list 'refs'" in out
    assert "refs.bib:2: b: no arXiv id" in err and "refs.bib:4: d: Hugging Face has no paper 2401.99999" in err
    assert "refs.bib:5: e: unbalanced braces" in err and "3 entries not imported" in err
    assert run(capsys, "lists", "show", "refs")[1].split()[0] == first
    empty = tmp_path / "empty.ris"
    empty.write_text("TY  - JOUR\nER  - \n")
    assert run(capsys, "import", str(empty))[0] == 1


def test_pdf_download_headless(services: FakeServer, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first, second, _ = ids(services)
    state: pdf_routes.PdfState = services.pdfs  # type: ignore[attr-defined]
    state.cut_first.add(first)
    state.html.add(second)
    code, out, err = run(capsys, "pdf", first, second)
    assert code == 1
    path = Path(out.strip())
    assert path.parent == tmp_path / "pdfs" and path.name.endswith(f"[{first}].pdf")
    assert path.read_bytes().startswith(b"%PDF-") and f"{first}:" in err and "(resumed)" in err
    assert "web page (text/html)" in err and "1 PDF not downloaded" in err
    assert state.ranges[:2] == ["", f"bytes={len(pdf_routes.make_pdf(first, 50_000)) // 2}-"]
    code, out, err = run(capsys, "pdf", first, "--offline")
    assert code == 0 and "(already there)" in err


def test_note_with_a_real_editor_script(services: FakeServer, capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = ids(services)[0]
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "# Read it\\n\\nGood *paper*.\\n" >> "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    assert run(capsys, "note", first, "--edit")[1] == f"note of {first} saved\n"
    assert run(capsys, "note", first)[1] == "# Read it\n\nGood *paper*.\n"
    failing = tmp_path / "fail.sh"
    failing.write_text('#!/bin/sh\necho lost >> "$1"\nexit 3\n')
    failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(failing))
    code, _, err = run(capsys, "note", first, "--edit")
    assert code == 1 and "exited with status 3: note not saved (your text is in" in err
    assert run(capsys, "note", first)[1] == "# Read it\n\nGood *paper*.\n"
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz")
    assert "not found" in run(capsys, "note", first, "--edit")[2]
    assert run(capsys, "note", first, "--clear")[1] == f"note of {first} deleted\n"


def test_lists_rename_delete_and_odd_names(services: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    first = ids(services)[0]
    run(capsys, "lists", "add", "a", first)
    assert run(capsys, "lists", "rename", "a", "b")[1] == "renamed 'a' to 'b'\n"
    code, _, err = run(capsys, "lists", "add", "x\x1b]0;pwned\x07", first)
    assert code == 1 and "control characters" in err and "\x1b" not in err
    assert run(capsys, "lists", "delete", "b")[0] == 1  # not a terminal: needs --yes
    assert run(capsys, "lists", "delete", "b", "--yes")[1].startswith("deleted list 'b'")
    assert run(capsys, "lists")[1] == ""


def test_library_backup_round_trip(services: FakeServer, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, _ = ids(services)
    run(capsys, "lists", "add", "keep", first, second)
    run(capsys, "note", first, "--set", "my note")
    run(capsys, "tag", second, "--add", "t1")
    run(capsys, "bookmarks", "add", first)
    backup = tmp_path / "backup.json"
    code, _, err = run(capsys, "library", "export", "--all", "-o", str(backup))
    assert code == 0 and "PDF files themselves not included" in err
    original = json.loads(backup.read_text())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh-data"))
    code, out, _ = run(capsys, "library", "import", str(backup))
    assert code == 0 and out.startswith(f"imported {backup}")
    assert run(capsys, "note", first, "--offline")[1] == "my note\n"
    again = tmp_path / "again.json"
    run(capsys, "library", "export", "--all", "-o", str(again))
    restored = json.loads(again.read_text())
    for key in original:
        if key != "exported_at":
            assert restored[key] == original[key], key
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    code, _, err = run(capsys, "library", "import", str(bad))
    assert code == 1 and "not a papers-tui library backup" in err and "nothing was changed" in err
