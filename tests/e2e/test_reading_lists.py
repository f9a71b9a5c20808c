"""The library end to end in tmux: a note in a real $EDITOR, selection + batch export, a PDF cut and resumed."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession
from tests.fakes.pdf_routes import make_pdf
from tui.services.storage.library import UserLibrary

DAY = "2025-03-05"


def _sync(tmux: TmuxSession, url: str) -> None:
    tmux.run_papers_tui("sync", "--since", DAY, "--until", DAY, extra_env={"HF_ENDPOINT": url})
    screen = tmux.wait_for(lambda s: "EXITED" in s, timeout=30)
    assert "EXITED 0" in screen, screen
    tmux.kill()


def _day_ids(fake: FakeProcess) -> list[str]:
    state = json.loads(fake.state_file.read_text())
    return [item["paper"]["id"] for item in state["days"][DAY]]


def _library(xdg: Path) -> UserLibrary:
    return UserLibrary(xdg / "data" / "papers-tui" / "library.sqlite3")


def test_note_in_a_real_editor_script(fake_process: FakeProcess, tmux_session: TmuxSession, isolated_dirs: Path,
                                      tmp_path: Path) -> None:
    _sync(tmux_session, fake_process.url)
    editor = tmp_path / "editor.sh"
    # A real editor process: it gets the file, must see a terminal, and appends a line.
    editor.write_text('#!/bin/sh\n[ -t 0 ] || exit 9\nprintf "Read section 3 - the *ablation*.\\n" >> "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    app = TmuxSession(tmux_session.env)
    try:
        app.run_papers_tui("--date", DAY, "--offline", extra_env={"EDITOR": str(editor)})
        app.wait_for(lambda s: "offline" in s and "papers" in s)
        app.send("n")
        # The pane keeps it (the "note saved" toast may be gone by the time a loaded machine looks).
        screen = app.wait_for("Read section 3 - the *ablation*.", timeout=30)
        assert "Traceback" not in screen
        first = _day_ids(fake_process)
        library = _library(isolated_dirs)
        notes = [library.reading_lists.note(i) for i in first]
        library.close()
        saved = [n for n in notes if n is not None]
        assert len(saved) == 1 and saved[0].body == "Read section 3 - the *ablation*.\n"
        # A failing editor: a message, the note unchanged, the app still running.
        app.kill()
        failing = tmp_path / "fail.sh"
        failing.write_text('#!/bin/sh\nexit 4\n')
        failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
        again = TmuxSession(tmux_session.env)
        try:
            again.run_papers_tui("--date", DAY, "--offline", extra_env={"EDITOR": str(failing)})
            again.wait_for(lambda s: "offline" in s and "papers" in s)
            again.send("n")
            again.wait_for(lambda s: "fail.sh exited with status 4" in s and "ctrl+s: save" in s, timeout=30)
            again.send("Escape")  # the in-app editor took over; leave it without saving
            again.wait_for(lambda s: "ctrl+s: save" not in s and "Read section 3" in s, timeout=30)
        finally:
            again.kill()
    finally:
        app.kill()


def test_select_rows_then_export_them(fake_process: FakeProcess, tmux_session: TmuxSession, isolated_dirs: Path,
                                      tmp_path: Path) -> None:
    _sync(tmux_session, fake_process.url)
    target = tmp_path / "picked.ris"
    app = TmuxSession(tmux_session.env)
    try:
        app.run_papers_tui("--date", DAY, "--offline")
        app.wait_for(lambda s: "offline" in s and "papers" in s)
        app.send("Space")
        app.send("Space")
        app.wait_for("2 selected")
        app.send("E")
        app.wait_for("Export 2 selected papers")
        app.send("Down", "Down", "Enter")  # RIS
        app.wait_for("papers.ris")  # the path follows the format
        app.send("C-u")
        app.wait_for(lambda s: "papers.ris" not in s)
        app.send("-l", str(target))
        app.wait_for(target.name)
        app.send("Enter")
        deadline = time.monotonic() + 30
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # polling the outcome, not deciding it
    finally:
        app.kill()
    records = target.read_text().split("ER  - ")
    ids = _day_ids(fake_process)
    assert target.read_text().count("TY  - UNPB") == 2
    assert f"arXiv:{ids[0]}" in records[0] or f"arXiv:{ids[0]}" in target.read_text()


def test_pdf_download_cut_halfway_then_resumed(tmux_session: TmuxSession, isolated_dirs: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_PDF_CUT", "1")  # every paper's first download stops halfway
    fake = FakeProcess(tmp_path / "state.json").start()
    try:
        _sync(tmux_session, fake.url)
        ids = _day_ids(fake)
        env = {"PAPERS_TUI_PDF_ENDPOINT": fake.url, "PAPERS_TUI_PDF_DIR": str(tmp_path / "pdfs"),
               "PAPERS_TUI_ARXIV_INTERVAL": "0"}
        app = TmuxSession(tmux_session.env)
        try:
            app.run_papers_tui("--date", DAY, extra_env={"HF_ENDPOINT": fake.url, **env})
            app.wait_for(lambda s: "papers" in s and DAY[:4] in s)
            app.send("P")
            screen = app.wait_for("▤", timeout=30)  # the row's downloaded marker
            assert "Traceback" not in screen
        finally:
            app.kill()
        pdfs = list((tmp_path / "pdfs").glob("*.pdf"))
        # Complete although the server cut the first answer halfway: the rest came by Range.
        assert len(pdfs) == 1 and pdfs[0].read_bytes() == make_pdf(ids[0])
        assert not list((tmp_path / "pdfs").glob("*.part"))
        # Headless, several at once: the same resume, one line per file on stdout.
        cli = TmuxSession(tmux_session.env)
        try:
            cli.run_papers_tui("pdf", ids[1], ids[2], extra_env={"HF_ENDPOINT": fake.url, **env})
            screen = cli.wait_for(lambda s: "EXITED" in s, timeout=30)
        finally:
            cli.kill()
        assert "EXITED 0" in screen and screen.count("(resumed)") == 2, screen
        assert len(list((tmp_path / "pdfs").glob("*.pdf"))) == 3
    finally:
        fake.stop()
