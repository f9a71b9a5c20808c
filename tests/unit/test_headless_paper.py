"""``papers-tui open / cite / bookmarks / keys``: the paper actions from the shell."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import bibtexparser
import pytest

from tests.fakes.server import FakeServer
from tui.cli import main
from tui.commands import COMMANDS
from tui.config import Paths
from tui.headless._lookup import PaperNotFound, normalise_id
from tui.models import Author, Paper
from tui.services.formats import citations
from tui.services.formats.bibtex import bibtex_name
from tui.services.reader.sample import load_sample
from tui.services.storage.library import UserLibrary

DAY = "2025-03-05"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hub(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    return fake_server


def _item(server: FakeServer, predicate: object = None) -> dict:  # type: ignore[type-arg]
    items = [item["paper"] for item in server.hub.days[DAY]]
    return next(p for p in items if predicate is None or predicate(p))  # type: ignore[operator]


def _recorder(tmp_path: Path, name: str) -> tuple[Path, Path]:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    record = folder / f"{name}.record"
    script = folder / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, record


# -- ids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2503.01234", "2503.01234"),
        (" arXiv:2503.01234v3 ", "2503.01234"),
        ("https://arxiv.org/abs/2503.01234v2", "2503.01234"),
        ("https://arxiv.org/pdf/2503.01234.pdf", "2503.01234"),
        ("https://huggingface.co/papers/2503.01234?x=1", "2503.01234"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("local-0123456789", "local-0123456789"),
    ],
)
def test_ids_in_the_forms_people_paste(text: str, expected: str) -> None:
    assert normalise_id(text) == expected


@pytest.mark.parametrize("text", ["", "garbage", "2503.1", "https://example.com/x"])
def test_bad_ids_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(PaperNotFound, match="expected e.g. 2503.01234"):
        normalise_id(text)


# -- open --------------------------------------------------------------------------


def test_open_print_each_target(hub: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    paper = _item(hub, lambda p: p.get("githubRepo"))
    assert _run(capsys, "open", paper["id"], "--print")[:2] == (0, paper["githubRepo"] + "\n")
    assert _run(capsys, "open", paper["id"], "--paper", "--print")[1] == f"https://arxiv.org/abs/{paper['id']}\n"
    assert _run(capsys, "open", paper["id"], "--pdf", "--print")[1] == f"https://arxiv.org/pdf/{paper['id']}\n"


def test_open_missing_links_are_explained(hub: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    paper = _item(hub, lambda p: not p.get("githubRepo") and "github.com" not in p["summary"])
    code, out, err = _run(capsys, "open", paper["id"], "--print")
    assert (code, out) == (1, "") and "no code link for this paper" in err
    no_project = _item(hub, lambda p: not p.get("projectPage"))
    code, out, err = _run(capsys, "open", no_project["id"], "--project", "--print")
    assert (code, out) == (1, "") and "no project page" in err


def test_open_works_offline_once_cached(hub: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    paper = _item(hub)
    assert _run(capsys, "open", paper["id"], "--paper", "--print")[0] == 0
    hub.stop()
    code, out, _ = _run(capsys, "open", paper["id"], "--paper", "--print", "--offline")
    assert (code, out) == (0, f"https://arxiv.org/abs/{paper['id']}\n")
    code, out, err = _run(capsys, "open", "2501.00001", "--print", "--offline")
    assert (code, out) == (1, "") and "offline and paper 2501.00001 is not cached" in err


def test_open_unknown_paper_and_bad_id(hub: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "open", "2501.99999", "--print")
    assert code == 1 and "Hugging Face has no paper 2501.99999" in err
    code, _, err = _run(capsys, "open", "not-an-id", "--print")
    assert code == 1 and "not an arXiv id" in err and "Traceback" not in err


def test_open_runs_browser(
    hub: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script, record = _recorder(tmp_path, "browser")
    monkeypatch.setenv("BROWSER", str(script))
    paper = _item(hub, lambda p: p.get("githubRepo"))
    code, out, err = _run(capsys, "open", paper["id"])
    assert (code, out) == (0, "") and "opened" in err
    assert record.read_text().splitlines() == [paper["githubRepo"]]


def test_open_over_ssh_prints_instead_of_launching(
    hub: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, record = _recorder(tmp_path, "xdg-open")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    paper = _item(hub)
    code, out, err = _run(capsys, "open", paper["id"], "--pdf")
    assert (code, out) == (0, f"https://arxiv.org/pdf/{paper['id']}\n")
    assert "remote session" in err and "open the URL above" in err
    assert not record.exists()


def test_open_local_sample_paper(capsys: pytest.CaptureFixture[str]) -> None:
    sample = load_sample()[0]
    with_code = next(p for p in sample if p.code_url and not p.has_arxiv_id)
    assert _run(capsys, "open", with_code.id, "--print", "--offline")[1] == f"{with_code.code_url}\n"
    code, _, err = _run(capsys, "open", with_code.id, "--paper", "--print", "--offline")
    assert code == 1 and "has no arXiv id" in err


# -- cite --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "apa", "markdown", "plain", "key"])
def test_cite_prints_the_same_text_as_the_service(
    hub: FakeServer, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    raw = _item(hub)
    code, out, _ = _run(capsys, "cite", f"arXiv:{raw['id']}v2", "--format", fmt)
    assert code == 0
    from tui.services.session import open_session

    session = open_session(offline=True)
    try:
        paper = session.store.paper(raw["id"])  # cached by the first lookup
    finally:
        session.close_local()
    assert paper is not None
    expected = citations.render(paper, fmt)
    assert out == (expected if expected.endswith("\n") else expected + "\n")


def test_cite_bibtex_parses_and_round_trips(hub: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    raw = _item(hub)
    code, out, _ = _run(capsys, "cite", raw["id"])
    assert code == 0
    library = bibtexparser.parse_string(out)
    assert library.failed_blocks == [] and len(library.entries) == 1
    fields = library.entries[0].fields_dict
    assert fields["eprint"].value == raw["id"]
    assert fields["archivePrefix"].value == "arXiv"
    assert fields["howpublished"].value.startswith(f"arXiv:{raw['id']}")  # what plain/plainnat print
    visible = [a["name"] for a in raw["authors"] if not a["hidden"]]
    assert fields["author"].value == " and ".join(bibtex_name(name) for name in visible)
    assert out.isascii()  # every letter written as LaTeX: pdflatex + classic BibTeX set it
    hub.stop()
    assert _run(capsys, "cite", raw["id"], "--offline")[1] == out


def test_cite_unreachable_network_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    code, out, err = _run(capsys, "cite", "2501.00001")
    assert (code, out) == (1, "") and "Traceback" not in err and len(err.strip().splitlines()) == 1


# -- bookmarks ---------------------------------------------------------------------


def test_bookmarks_add_list_remove(hub: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = (item["paper"] for item in hub.hub.days[DAY][:2])
    assert _run(capsys, "bookmarks", "list") == (0, "", _run_hint())
    code, out, _ = _run(capsys, "bookmarks", "add", first["id"])
    assert code == 0 and out.startswith(f"bookmarked {first['id']}")
    assert _run(capsys, "bookmarks", "add", f"https://arxiv.org/abs/{second['id']}")[0] == 0
    code, out, _ = _run(capsys, "bookmarks", "add", first["id"])
    assert code == 0 and out.startswith("already bookmarked")
    code, out, _ = _run(capsys, "bookmarks", "list")
    assert [line.split()[2] for line in out.splitlines()] == [second["id"], first["id"]]  # newest first
    assert _run(capsys, "bookmarks", "remove", second["id"])[:2] == (0, f"removed bookmark {second['id']}\n")
    code, _, err = _run(capsys, "bookmarks", "remove", second["id"])
    assert code == 1 and "is not bookmarked" in err
    code, out, _ = _run(capsys, "bookmarks")  # no action: list
    assert [line.split()[2] for line in out.splitlines()] == [first["id"]]


def _run_hint() -> str:
    return "papers-tui: no bookmarks yet (press b in the app, or: papers-tui bookmarks add ID)\n"


def test_bookmarks_add_offline_needs_the_paper_cached(hub: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "bookmarks", "--offline", "add", "2501.00001")
    assert code == 1 and "not cached" in err
    paper = _item(hub)
    assert _run(capsys, "feed", "--date", DAY)[0] == 0  # caches the day
    hub.stop()
    assert _run(capsys, "bookmarks", "--offline", "add", paper["id"])[0] == 0
    assert paper["id"] in _run(capsys, "bookmarks", "list")[1]


def _clashing_papers(count: int) -> list[Paper]:
    """Papers whose citation keys collide in groups (same surname, year, first word)."""
    names = ("Ashish Vaswani", "Jan van der Berg", "王小明", "José-María García", "Ана Иванова")
    titles = ("Attention Is All You Need", "The $O(n)$ Trick & 100% {BERT}", "On_Scaling")
    return [
        Paper(
            id=f"2501.{i:05d}",
            title=titles[i % len(titles)],
            authors=(Author(names[i % len(names)]), Author("Second Author")),
            published_at=datetime(2024 + i % 2, 1, 1 + i % 28, tzinfo=UTC),
        )
        for i in range(count)
    ]


def _bookmark(papers: list[Paper]) -> None:
    library = UserLibrary(Paths.from_env().library_db)
    try:
        for paper in papers:
            library.add_bookmark(paper)
    finally:
        library.close()


def test_export_of_500_bookmarks_has_unique_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = _clashing_papers(500)
    _bookmark(papers)
    target = tmp_path / "refs.bib"
    code, out, err = _run(capsys, "bookmarks", "export", "-o", str(target))
    assert (code, out) == (0, "") and "500 bookmarks written" in err
    library = bibtexparser.parse_string(target.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert len(keys) == 500 and len(set(keys)) == 500
    # Oldest bookmark first, so keys already cited never change when more are added.
    assert [e.fields_dict["eprint"].value for e in library.entries] == [p.id for p in papers]
    again = tmp_path / "again.bib"
    _bookmark(_clashing_papers(501)[500:])
    assert _run(capsys, "bookmarks", "export", "--output", str(again))[0] == 0
    later = [entry.key for entry in bibtexparser.parse_string(again.read_text(encoding="utf-8")).entries]
    assert later[:500] == keys


def test_export_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = _clashing_papers(12)
    _bookmark(papers)
    code, out, _ = _run(capsys, "bookmarks", "export", "--format", "biblatex")
    library = bibtexparser.parse_string(out)
    assert code == 0 and library.failed_blocks == [] and len({e.key for e in library.entries}) == 12
    assert all(e.fields_dict["eprinttype"].value == "arxiv" for e in library.entries)
    rows = json.loads(_run(capsys, "bookmarks", "export", "--format", "json")[1])
    assert [r["id"] for r in rows] == [p.id for p in papers] and len({r["key"] for r in rows}) == 12
    markdown = _run(capsys, "bookmarks", "export", "--format", "markdown")[1].splitlines()
    assert len(markdown) == 12 and markdown[0] == f"- [Attention Is All You Need](https://arxiv.org/abs/{papers[0].id})"


def test_export_to_an_unwritable_place_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _bookmark(_clashing_papers(1))
    code, _, err = _run(capsys, "bookmarks", "export", "-o", str(tmp_path / "missing" / "refs.bib"))
    assert code == 1 and "cannot write" in err and "Traceback" not in err


def test_empty_export_is_valid_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "bookmarks", "export", "--format", "json")
    assert (code, json.loads(out)) == (0, []) and "no bookmarks" in err


# -- keys --------------------------------------------------------------------------


def _config(text: str) -> Path:
    path = Paths.from_env().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_keys_defaults_list_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "keys")
    assert code == 0 and err == ""
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert set(rows) == {c.id for c in COMMANDS}
    assert rows["open-code"].split()[1] == "o" and "Open the code" in rows["open-code"]
    assert rows["previous-period"].split()[1] == "["


def test_keys_show_overrides_and_problems(capsys: pytest.CaptureFixture[str]) -> None:
    path = _config('[keymap]\nopen-code = "Y"\ncopy-citation = "b"\nlaunch = "x"\n')
    code, out, err = _run(capsys, "keys")
    assert code == 0 and str(path) in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("  ")}
    assert rows["open-code"][1:3] == ["Y", "*"]
    # A key given to two commands is reported with both ids and not applied: keys shows what is in effect.
    assert rows["copy-citation"][1] == "c" and rows["copy-citation"][2] != "*"
    assert rows["toggle-bookmark"][1] == "b"
    assert "unknown command id 'launch'" in err
    assert "key 'b' is given to both toggle-bookmark and copy-citation" in err
