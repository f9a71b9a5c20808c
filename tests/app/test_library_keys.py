"""Pilot: notes, tags, lists, the views picker, selection + batch actions, export and PDFs from the keys."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, TextArea

from tests.app.harness import make_app, running, settle
from tests.app.test_library import sync_days
from tests.fakes import pdf_routes
from tests.fakes.server import FakeServer
from tui.models import FeedKey
from tui.screens.library_pickers import Confirm, ExportDialog, NamePicker, NoteEditor, ViewPicker
from tui.widgets.abstract_pane import AbstractPane

DAY = FeedKey("day", "2025-03-05")


def pane_text(app: object) -> str:
    """Everything the abstract pane holds, scrolled or not, as plain text."""
    pane = app.reader.query_one(AbstractPane)  # type: ignore[attr-defined]
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(pane.content)
    return console.export_text()


async def type_and_enter(pilot: object, text: str) -> None:
    await pilot.press(*list(text))  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_tag_with_completion_shows_on_row_and_pane(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    app = make_app(None, DAY, offline=True)
    async with running(app) as pilot:
        first = app.reader.feed.current_id
        await pilot.press("T")
        assert isinstance(app.screen, NamePicker)
        await type_and_enter(pilot, "bert")
        assert app.session.library.reading_lists.tags_of(first) == ["bert"]
        assert app.reader.marks.tags[first] == ("bert",) and "#bert" in pane_text(app)
        await pilot.press("j", "T")
        await pilot.press("b", "e", "tab")  # completes from existing tags
        assert app.screen.query_one(Input).value == "bert"
        await pilot.press("enter")
        await settle(pilot)
        second = app.reader.feed.current_id
        assert app.session.library.reading_lists.tags_of(second) == ["bert"]
        await pilot.press("T")
        await type_and_enter(pilot, "-bert")
        assert app.session.library.reading_lists.tags_of(second) == []
        await pilot.press("T")
        await type_and_enter(pilot, "bad name")
        assert "one word" in " ".join(str(n.message) for n in app._notifications)


async def test_list_picker_views_rename_and_delete(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    app = make_app(None, DAY, offline=True)
    async with running(app) as pilot:
        first = app.reader.feed.current_id
        await pilot.press("l")
        await type_and_enter(pilot, "to read")
        assert app.session.library.reading_lists.list_ids("to read") == [first]
        assert "to read" in pane_text(app)
        await pilot.press("V")
        assert isinstance(app.screen, ViewPicker)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.status.view == "List: to read" and [app.reader.feed.current_id] == [first]
        await pilot.press("V", "r")
        await type_and_enter(pilot, "reading")
        assert app.session.library.reading_lists.lists() == [("reading", 1)]
        assert isinstance(app.screen, ViewPicker)  # back in the picker after renaming
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settle(pilot)
        assert app.session.library.reading_lists.lists() == [("reading", 1)]
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.session.library.reading_lists.lists() == []


async def test_selection_batch_bookmark_tag_list_and_export(fake_server: FakeServer, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    await sync_days(fake_server)
    monkeypatch.chdir(tmp_path)
    app = make_app(None, DAY, offline=True)
    async with running(app) as pilot:
        ids = list(app.reader.feed.source.ids())
        await pilot.press("space", "space", "space")
        assert app.reader.marks.selected == set(ids[:3]) and app.reader.status.selection == "3 selected"
        await pilot.press("b")
        assert app.session.library.bookmarked_ids() == set(ids[:3])
        await pilot.press("T")
        await type_and_enter(pilot, "batch")
        assert {p.id for p in app.session.library.reading_lists.tagged("batch")} == set(ids[:3])
        await pilot.press("X")
        assert set(ids[:3]) <= app.reader.marks.read
        await pilot.press("E")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("down", "down", "enter")  # RIS
        await pilot.press("enter")
        await settle(pilot)
        out = tmp_path / "papers.ris"
        assert out.read_text().count("TY  - UNPB") == 3
        await pilot.press("A")
        assert app.reader.marks.selected == set(ids) and app.reader.status.selection == f"{len(ids)} selected"
        await pilot.press("A")
        assert app.reader.marks.selected == set() and app.reader.status.selection == ""


async def test_note_falls_back_to_the_in_app_editor(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    await sync_days(fake_server)
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(None, DAY, offline=True)
    async with running(app) as pilot:
        first = app.reader.feed.current_id
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert "not found" in str(app.screen.problem)
        app.screen.query_one(TextArea).insert("An *idea*")
        await pilot.press("ctrl+s")
        await settle(pilot)
        note = app.session.library.reading_lists.note(first)
        assert note is not None and note.body == "An *idea*\n" and "An *idea*" in pane_text(app)
        await pilot.press("slash")
        await type_and_enter(pilot, "note:idea")
        assert list(app.reader.feed.source.ids()) == [first]
        await pilot.press("slash")
        await type_and_enter(pilot, "idea")  # a plain search finds the note too
        assert first in list(app.reader.feed.source.ids())


async def test_pdf_key_downloads_marks_and_then_opens(fake_server: FakeServer, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    await sync_days(fake_server)
    state = pdf_routes.install(fake_server, pdf_routes.PdfState(size=40_000))
    monkeypatch.setenv("PAPERS_TUI_PDF_ENDPOINT", fake_server.url)
    monkeypatch.setenv("PAPERS_TUI_PDF_DIR", str(tmp_path / "pdfs"))
    monkeypatch.setenv("PAPERS_TUI_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("BROWSER", "")
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        first = app.reader.feed.current_id
        state.cut_first.add(first)
        await pilot.press("P")
        await settle(pilot)
        files = list((tmp_path / "pdfs").glob("*.pdf"))
        assert len(files) == 1 and files[0].name.endswith(f"[{first}].pdf")
        assert first in app.reader.marks.pdfs and "resumed" in " ".join(str(n.message) for n in app._notifications)
        assert str(files[0]) in pane_text(app)
        await pilot.press("P")  # downloaded: opens (here: shows and copies the path)
        await settle(pilot)
        assert state.served[first] == 2

