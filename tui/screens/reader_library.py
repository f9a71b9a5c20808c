"""The reader's library keys (issue 13): ``n`` ``T`` ``l`` ``V`` ``space`` ``A`` ``E`` ``P``.

A base of :class:`~tui.screens.reader.ReaderScreen`: it asks (pickers, the
user's ``$EDITOR``) and hands the answers to
:class:`~tui.controllers.shelf.ShelfController`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from tui.services.sanitize import clean_line
from tui.view_state import plural

if TYPE_CHECKING:
    from tui.controllers.shelf import ShelfController
    from tui.models import Paper
    from tui.screens.reader_view import ReaderView

    _Base = ReaderView
else:
    _Base = object



def _pickers() -> ModuleType:
    """The pickers and dialogs, imported on first use (they bring the export formats along)."""
    from tui.screens import library_pickers

    return library_pickers

class LibraryKeys(_Base):
    if TYPE_CHECKING:
        shelf: ShelfController

    def _view_papers(self) -> list[Paper]:
        source = self.feed.source
        return [p for i in range(len(source)) if (p := source.paper(i)) is not None]

    def _targets(self) -> list[Paper]:
        return self.shelf.targets(self._view_papers() if self.marks.selected else [])

    def _refresh_pane(self) -> None:
        self.shelf.load_marks()
        self._show_paper(self.highlighted_paper())

    # -- selection --------------------------------------------------------------------

    def action_toggle_select(self) -> None:
        paper_id = self.feed.current_id
        if paper_id is not None:
            self.shelf.toggle(paper_id)
            self.feed.action_cursor_down()

    def action_select_all(self) -> None:
        self.shelf.select_all(list(self.feed.source.ids()))

    # -- notes ------------------------------------------------------------------------

    def action_edit_note(self) -> None:
        paper = self.highlighted_paper()
        if paper is None:
            self.say("No paper selected.")
            return
        current = self.shelf.lists.note(paper.id)
        base = current.revision if current else None
        text = current.body if current else ""
        from tui.services.system.editor import edit_text, editor_problem

        problem = editor_problem()
        if problem is None:
            try:
                with self.app.suspend():
                    edited = edit_text(text, name=paper.id.replace("/", "_"))
            except Exception as error:  # noqa: BLE001 - no terminal to hand over (some drivers)
                problem = f"cannot hand the terminal to the editor ({type(error).__name__}); built-in editor"
            else:
                if edited.text is not None:
                    self._note_edited(paper, edited.text, base)
                    return
                problem = edited.problem
        self._in_app_editor(paper, text, base, problem or "")

    def _in_app_editor(self, paper: Paper, text: str, base: int | None, problem: str) -> None:
        def done(value: str | None) -> None:
            if value is None:
                self.say("note not changed", timeout=2)
            else:
                self._note_edited(paper, value, base)

        title = f"Note · {clean_line(paper.title)[:70]}"
        self.app.push_screen(_pickers().NoteEditor(title, text, problem=problem), done)

    def _note_edited(self, paper: Paper, text: str, base: int | None) -> None:
        problem = self.shelf.save_note(paper, text, base)
        if problem is not None:  # nothing typed is lost: back into the editor, saying why
            self._in_app_editor(paper, text, base, f"not saved: {problem}")
            return
        self._refresh_pane()

    # -- tags and lists ---------------------------------------------------------------

    def action_tag(self) -> None:
        papers = self._targets()
        if not papers:
            self.say("No paper selected.")
            return
        lists = self.shelf.lists
        own = lists.tags_of(papers[0].id) if len(papers) == 1 else []
        now = f" · now: {' '.join('#' + clean_line(t) for t in own)}" if own else ""
        who = plural(len(papers), "paper") if len(papers) > 1 else "this paper"

        def chosen(name: str | None) -> None:
            if name:
                self.shelf.tag(papers, name)
                self._refresh_pane()

        picker = _pickers().NamePicker(f"Tag {who}", lists.all_tags(), hint=f"enter: add · -name removes it · tab completes{now}")
        self.app.push_screen(picker, chosen)

    def action_list(self) -> None:
        papers = self._targets()
        if not papers:
            self.say("No paper selected.")
            return

        def chosen(name: str | None) -> None:
            if name:
                self.shelf.add_or_remove(papers, name)
                self._refresh_pane()

        hint = "enter: add (a new name makes a list) · a list that holds them all: they are removed"
        self.app.push_screen(_pickers().NamePicker("Add to / remove from a reading list", self.shelf.lists.lists(),
                                        hint=hint), chosen)

    def action_library_views(self) -> None:
        lists = self.shelf.lists
        self.app.push_screen(_pickers().ViewPicker(lists.lists(), lists.all_tags()), self._view_chosen)

    def _view_chosen(self, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        kind, name = choice
        if kind in ("list", "tag"):
            self.open_view(self.shelf.view_key(kind, name))
            self.feed.focus()
        elif kind == "rename":
            def renamed(new: str | None) -> None:
                if new:
                    self.shelf.rename(name, new)
                self.action_library_views()

            self.app.push_screen(_pickers().NamePicker(f"Rename the list {clean_line(name)!r} to", []), renamed)
        elif kind == "delete":
            count = len(self.shelf.lists.list_ids(name))

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.shelf.delete(name)
                self.action_library_views()

            question = f"Delete the list {clean_line(name)!r} ({plural(count, 'paper')})? The papers stay."
            self.app.push_screen(_pickers().Confirm(question), confirmed)

    # -- export and PDFs --------------------------------------------------------------

    def action_export(self) -> None:
        papers = self._targets() if self.marks.selected else self._view_papers()
        if not papers:
            self.say("Nothing to export in this view.")
            return
        what = f"{plural(len(papers), 'selected paper')}" if self.marks.selected else \
            f"this view ({plural(len(papers), 'paper')})"

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.run(self.shelf.export(papers, *choice), group="export", exclusive=False)

        self.app.push_screen(_pickers().ExportDialog(what, str(Path.cwd() / "papers")), chosen)

    def action_download_pdf(self) -> None:
        papers = self._targets()
        if not papers:
            self.say("No paper selected.")
            return
        if len(papers) == 1 and (local := self.shelf.lists.pdf_path(papers[0].id)) is not None:
            self.run(self._open_local(local), group="open-link")
            return
        self.run(self._download(papers), group="pdf", exclusive=False)

    async def _download(self, papers: list[Paper]) -> None:
        await self.shelf.download(papers)
        self._refresh_pane()

    async def _open_local(self, path: Path) -> None:
        from tui.services.system import links

        plan = links.describe_environment()
        if plan.mode == "command":
            result = await asyncio.to_thread(links.open_url, path.as_uri(), plan)
            if result.status == "launched":
                self.say(f"opened {path}", timeout=4)
                return
        copied = await self.papers.copy_to_user(str(path))
        self.show_text("Downloaded PDF", str(path), note=f"path {copied.detail}")
