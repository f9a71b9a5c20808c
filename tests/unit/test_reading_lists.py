"""Notes, tags, reading lists and PDF records in the user library (schema V2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui.cli import main
from tui.config import Paths
from tui.models import Author, Paper
from tui.services.storage.library import UserLibrary
from tui.services.storage.reading_lists import CONFLICT_MARK, InvalidName, NoteTooLong, clean_name
from tui.services.storage.sqlite_util import Database


def paper(i: int) -> Paper:
    return Paper(id=f"2503.{i:05d}", title=f"Paper {i}", authors=(Author(f"Ann Author{i}"),))


@pytest.fixture
def library_path() -> Path:
    return Paths.from_env().library_db


def test_notes_save_read_and_delete(library_path: Path) -> None:
    lib = UserLibrary(library_path)
    notes = lib.reading_lists
    saved = notes.save_note(paper(1), "# Idea\n\nUse *this*.", base_revision=None)
    assert saved.note is not None and saved.note.revision == 1 and not saved.merged
    assert notes.note("2503.00001") == saved.note
    assert notes.notes_matching(["idea", "THIS"]) == {"2503.00001"}
    again = notes.save_note(paper(1), "changed", base_revision=1)
    assert again.note is not None and again.note.body == "changed\n" and again.note.revision == 2
    assert notes.save_note(paper(1), "  \n", base_revision=2).note is None
    assert notes.note("2503.00001") is None


def test_a_note_saved_in_another_window_is_kept_not_lost(library_path: Path) -> None:
    first, second = UserLibrary(library_path), UserLibrary(library_path)
    first.reading_lists.save_note(paper(1), "base", base_revision=None)
    base = second.reading_lists.note("2503.00001")
    assert base is not None  # the second window sees the first one's note on refresh
    first.reading_lists.save_note(paper(1), "from the first window", base_revision=1)
    result = second.reading_lists.save_note(paper(1), "from the second window", base_revision=base.revision)
    assert result.merged and result.note is not None
    assert "from the second window" in result.note.body and "from the first window" in result.note.body
    assert CONFLICT_MARK.split("{")[0] in result.note.body


def test_notes_drop_escape_sequences_and_refuse_huge_text(library_path: Path) -> None:
    lib = UserLibrary(library_path)
    saved = lib.reading_lists.save_note(paper(1), "a\x1b]52;c;ZXZpbA==\x07b\x1b[31m", base_revision=None)
    assert saved.note is not None and saved.note.body == "ab\n"
    with pytest.raises(NoteTooLong):
        lib.reading_lists.save_note(paper(2), "x" * 1_000_001, base_revision=None)
    assert lib.reading_lists.note("2503.00002") is None


def test_tags_complete_reuse_spelling_and_refuse_odd_names(library_path: Path) -> None:
    tags = UserLibrary(library_path).reading_lists
    assert tags.add_tag([paper(1), paper(2)], "BERT") == 2
    assert tags.add_tag([paper(3)], "bert") == 1  # the stored spelling wins
    assert tags.add_tag([paper(1)], "#theory") == 1
    assert tags.all_tags() == [("BERT", 3), ("theory", 1)]
    assert tags.tags_of("2503.00001") == ["BERT", "theory"]
    assert {p.id for p in tags.tagged("bert")} == {"2503.00001", "2503.00002", "2503.00003"}
    assert tags.remove_tag(["2503.00001"], "BERT") == 1
    for bad in ("", "two words", "a,b", "x\x1b[31m", "\u202eevil", "x" * 65):
        with pytest.raises(InvalidName):
            tags.add_tag([paper(1)], bad)
    assert tags.all_tags() == [("BERT", 2), ("theory", 1)]


def test_lists_add_rename_delete(library_path: Path) -> None:
    lists = UserLibrary(library_path).reading_lists
    assert lists.add_to_list("to read", [paper(1), paper(2)]) == 2
    assert lists.add_to_list("To  Read", [paper(2), paper(3)]) == 1
    lists.add_to_list("related work for X", [paper(2)])
    assert lists.lists() == [("to read", 3), ("related work for X", 1)]
    assert lists.lists_of("2503.00002") == ["related work for X", "to read"]
    assert lists.list_ids("to read") == ["2503.00001", "2503.00002", "2503.00003"]
    assert lists.rename_list("to read", "Reading") == "Reading"
    with pytest.raises(InvalidName, match="already exists"):
        lists.rename_list("Reading", "related work for x")
    assert lists.remove_from_list("Reading", ["2503.00001"]) == 1
    assert lists.delete_list("Reading") == 2
    assert lists.lists() == [("related work for X", 1)]
    assert lists.paper("2503.00003") == paper(3)  # snapshots stay for other uses
    with pytest.raises(InvalidName):
        lists.delete_list("nope")
    with pytest.raises(InvalidName):
        clean_name("\x07bell", what="list")


def test_pdf_records_need_the_file(library_path: Path, tmp_path: Path) -> None:
    lists = UserLibrary(library_path).reading_lists
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    lists.record_pdf(paper(1), pdf, 9)
    assert lists.pdf_path("2503.00001") == pdf and lists.pdf_ids() == {"2503.00001"}
    pdf.unlink()
    assert lists.pdf_path("2503.00001") is None


def test_v1_library_upgrades_in_place_keeping_bookmarks(library_path: Path) -> None:
    library_path.parent.mkdir(parents=True, exist_ok=True)
    from tui.services.storage.library import MIGRATIONS

    v1 = Database(library_path, MIGRATIONS[:1])
    v1.connection.execute(
        "INSERT INTO bookmarks VALUES ('2503.00001', 1.0, ?)", ('{"id": "2503.00001", "title": "Kept"}',)
    )
    v1.close()
    lib = UserLibrary(library_path)
    assert [p.title for p, _ in lib.bookmarks()] == ["Kept"]
    assert lib.db.connection.execute("PRAGMA user_version").fetchone()[0] == 2
    lib.reading_lists.add_tag([paper(1)], "x")


def test_read_only_copy_of_a_v1_file_still_has_every_table(library_path: Path) -> None:
    library_path.parent.mkdir(parents=True, exist_ok=True)
    from tui.services.storage.library import MIGRATIONS
    from tui.services.storage.sqlite_util import read_only_copy

    Database(library_path, MIGRATIONS[:1]).close()
    copy = read_only_copy(library_path, MIGRATIONS)
    assert copy is not None
    copy.connection.execute("SELECT count(*) FROM notes").fetchone()


def test_cache_clear_never_touches_notes_tags_or_lists(library_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = UserLibrary(library_path)
    lib.reading_lists.save_note(paper(1), "keep me", base_revision=None)
    lib.reading_lists.add_tag([paper(1)], "keep")
    lib.reading_lists.add_to_list("keep", [paper(1)])
    lib.close()
    assert main(["cache", "clear"]) == 0
    again = UserLibrary(library_path).reading_lists
    note = again.note("2503.00001")
    assert note is not None and note.body == "keep me\n"
    assert again.tags_of("2503.00001") == ["keep"] and again.list_ids("keep") == ["2503.00001"]


def test_two_processes_writing_at_once_lose_nothing(library_path: Path) -> None:
    import subprocess
    import sys

    UserLibrary(library_path).close()
    code = (
        "import sys; from pathlib import Path; from tui.models import Paper; "
        "from tui.services.storage.library import UserLibrary; lib = UserLibrary(Path(sys.argv[1])); "
        "[lib.reading_lists.add_to_list('shared', [Paper(id=f'{sys.argv[2]}.{i:05d}', title='t')]) for i in range(60)]"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(library_path), prefix]) for prefix in ("2501", "2502")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert len(UserLibrary(library_path).reading_lists.list_ids("shared")) == 120
    with sqlite3.connect(library_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
