"""Notes, tags, reading lists, the selection, batch actions, exports and PDFs (issue 13).

Like the other controllers it knows the :class:`~tui.controllers.ReaderUI` only;
the screen asks the questions (pickers, the editor) and passes the answers in.
Lists and tags are views: the search ``list:"NAME"`` / ``tag:NAME``
(:mod:`tui.services.reader.library_search`), so refreshing or going back works as for
any search. Every SQLite write is one transaction; a failure is a message.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from tui.controllers import ReaderUI
from tui.models import FeedKey, Paper
from tui.services.formats.citations import export as citation_export
from tui.services.formats.export_items import export_items, primary_categories
from tui.services.formats.exports import markdown_files, render
from tui.services.paper.pdfs import PdfDownloader, PdfError, default_folder
from tui.services.reader.library_search import (
    excluded_ids,
    list_query,
    matching_ids,
    ordered_ids,
    split_filters,
    tag_query,
)
from tui.services.reader.rows import PaperRows
from tui.services.reader.search import SearchQueryError, search_cache
from tui.services.sanitize import clean_line
from tui.services.storage.reading_lists import InvalidName, NoteTooLong, ReadingLists
from tui.view_state import plural

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from tui.services.session import Session
    from tui.services.system import clipboard

LIBRARY_ERRORS = (sqlite3.Error, OSError)


class ShelfController:
    def __init__(self, session: Session, ui: ReaderUI,
                 copy: Callable[[str], Awaitable[clipboard.CopyResult]] | None = None) -> None:
        self.session = session
        self.ui = ui
        self.copy = copy
        self._downloader: PdfDownloader | None = None

    @property
    def lists(self) -> ReadingLists:
        return self.session.library.reading_lists

    # -- marks ------------------------------------------------------------------------

    def load_marks(self) -> None:
        """Tags and PDF markers into the feed's marks (at start and after a change)."""
        lists = self.lists
        tags = {paper_id: tuple(names) for paper_id, names in lists.tags_by_paper().items()}
        self.ui.marks = self.ui.marks._replace(tags=tags, pdfs=frozenset(lists.pdf_ids()))

    def details(self, paper: Paper) -> list[Text]:
        """Lines for the abstract pane: tags, lists, the PDF and the note (user text, never markup)."""
        lists = self.lists
        lines: list[Text] = []
        facts = Text()
        tags = lists.tags_of(paper.id)
        names = lists.lists_of(paper.id)
        pdf = lists.pdf_path(paper.id)
        if tags:
            facts.append("tags ", style="dim")
            facts.append(" ".join("#" + clean_line(t) for t in tags), style="magenta")
            facts.append("   ")
        if names:
            facts.append("lists ", style="dim")
            facts.append(", ".join(clean_line(n) for n in names), style="cyan")
            facts.append("   ")
        if pdf:
            facts.append("PDF ", style="dim")
            facts.append(str(pdf), style="green")
        if facts.plain:
            lines.append(facts)
        note = lists.note(paper.id)
        if note is not None:
            lines += [Text("Note", style="bold"), Text(note.body.rstrip())]
        return lines

    # -- selection --------------------------------------------------------------------

    def _set_selected(self, ids: frozenset[str]) -> None:
        self.ui.marks = self.ui.marks._replace(selected=ids)
        self.ui.status = self.ui.status._replace(selection=f"{len(ids)} selected" if ids else "")

    def toggle(self, paper_id: str) -> None:
        selected = self.ui.marks.selected
        self._set_selected(selected - {paper_id} if paper_id in selected else selected | {paper_id})

    def select_all(self, ids: Sequence[str]) -> None:
        every = frozenset(ids)
        if every and every <= self.ui.marks.selected:
            self._set_selected(frozenset())
            self.ui.say("selection cleared", timeout=2)
        else:
            self._set_selected(self.ui.marks.selected | every)

    def clear_selection(self) -> None:
        self._set_selected(frozenset())

    def targets(self, in_view: Iterable[Paper]) -> list[Paper]:
        """The selected papers (view order first), else the highlighted one."""
        selected = self.ui.marks.selected
        if not selected:
            paper = self.ui.highlighted_paper()
            return [paper] if paper is not None else []
        found = {paper.id: paper for paper in in_view if paper.id in selected}
        for paper_id in selected - set(found):
            paper = self.lists.paper(paper_id) or self.session.store.paper(paper_id)
            if paper is not None:
                found[paper_id] = paper
        return list(found.values())

    # -- batch versions of b / X / c ---------------------------------------------------

    def bookmark_all(self, papers: list[Paper]) -> None:
        library, marks = self.session.library, self.ui.marks
        unmarked = [p for p in papers if p.id not in marks.bookmarked]
        try:
            for paper in unmarked:
                library.add_bookmark(paper)
            if not unmarked:
                for paper in papers:
                    library.remove_bookmark(paper.id)
        except LIBRARY_ERRORS as error:
            self.ui.say(f"cannot save bookmarks: {error}", severity="error", timeout=6)
            return
        ids = {p.id for p in papers}
        bookmarked = marks.bookmarked | ids if unmarked else marks.bookmarked - ids
        self.ui.marks = self.ui.marks._replace(bookmarked=frozenset(bookmarked))
        self.ui.say(f"bookmarked {len(unmarked)} papers" if unmarked else f"removed {len(papers)} bookmarks")

    def read_all(self, papers: list[Paper]) -> None:
        library, marks = self.session.library, self.ui.marks
        unread = any(p.id not in marks.read for p in papers)
        try:
            for paper in papers:
                (library.mark_read if unread else library.mark_unread)(paper.id)
        except LIBRARY_ERRORS as error:
            self.ui.say(f"cannot save read state: {error}", severity="error", timeout=6)
            return
        ids = {p.id for p in papers}
        read = marks.read | ids if unread else marks.read - ids
        self.ui.marks = self.ui.marks._replace(read=frozenset(read), show_unread=True)
        self.ui.say(f"marked {len(papers)} papers {'read' if unread else 'unread'}")

    async def copy_all(self, papers: list[Paper]) -> None:
        classes = self.lists.categories(p.id for p in papers)
        text = citation_export(papers, "bibtex", primary_classes=classes)
        if self.copy is None:
            self.ui.show_text(f"BibTeX · {len(papers)} papers", text, note="")
            return
        result = await self.copy(text)
        if result.method == "file":
            self.ui.show_text(f"BibTeX · {len(papers)} papers", text, note=result.detail)
        self.ui.say(f"BibTeX of {len(papers)} papers {result.detail}", timeout=5)

    # -- notes ------------------------------------------------------------------------

    def save_note(self, paper: Paper, text: str, base: int | None) -> str | None:
        """Store the note; None when saved, else the problem (the caller keeps the text)."""
        try:
            saved = self.lists.save_note(paper, text, base_revision=base)
        except (NoteTooLong, *LIBRARY_ERRORS) as error:
            self.ui.say(f"note not saved: {error}", severity="error", timeout=8)
            return str(error)
        if saved.merged:
            self.ui.say("another window changed this note: both texts kept", severity="warning", timeout=6)
        else:
            self.ui.say("note saved" if saved.note else "note deleted", timeout=2)
        return None

    # -- tags and lists ---------------------------------------------------------------

    def tag(self, papers: list[Paper], name: str) -> None:
        try:
            if name.startswith("-"):
                tag = name[1:].lstrip("#")
                removed = self.lists.remove_tag([p.id for p in papers], tag)
                self.ui.say(f"#{clean_line(tag)} removed from {plural(removed, 'paper')}")
            else:
                added = self.lists.add_tag(papers, name)
                self.ui.say(f"tagged {added} of {plural(len(papers), 'paper')} #{clean_line(name.lstrip('#'))}")
        except InvalidName as error:
            self.ui.say(str(error), severity="error", timeout=6)
        except LIBRARY_ERRORS as error:
            self.ui.say(f"cannot save tags: {error}", severity="error", timeout=6)
        self.load_marks()

    def add_or_remove(self, papers: list[Paper], name: str) -> None:
        lists = self.lists
        try:
            stored = lists.list_name(name)
            held = set(lists.list_ids(stored)) if stored else set()
            if stored and all(p.id in held for p in papers):
                removed = lists.remove_from_list(stored, [p.id for p in papers])
                self.ui.say(f"removed {removed} from {clean_line(stored)!r}")
            else:
                added = lists.add_to_list(name, papers)
                self.ui.say(f"added {added} to {clean_line(lists.list_name(name) or name)!r}")
        except InvalidName as error:
            self.ui.say(str(error), severity="error", timeout=6)
        except LIBRARY_ERRORS as error:
            self.ui.say(f"cannot save the list: {error}", severity="error", timeout=6)

    def rename(self, old: str, new: str) -> None:
        try:
            self.ui.say(f"renamed to {clean_line(self.lists.rename_list(old, new))!r}")
        except InvalidName as error:
            self.ui.say(str(error), severity="error", timeout=6)

    def delete(self, name: str) -> None:
        try:
            count = self.lists.delete_list(name)
        except InvalidName as error:
            self.ui.say(str(error), severity="error", timeout=6)
            return
        self.ui.say(f"deleted list {clean_line(name)!r} (its {plural(count, 'paper')} stay)", timeout=4)

    def view_key(self, kind: str, name: str) -> FeedKey:
        return FeedKey("search", list_query(name) if kind == "list" else tag_query(name))

    # -- search filters ---------------------------------------------------------------

    def filtered_search(self, text: str) -> bool:
        """Show a search with ``note:`` / ``tag:`` / ``list:`` filters; False when it has none."""
        wanted = split_filters(text)
        if not wanted.active:
            return False
        ui, key, lists = self.ui, FeedKey("search", text.strip()), self.lists
        ui.key = key
        keep = matching_ids(lists, wanted)
        drop = excluded_ids(lists, wanted)
        try:
            if wanted.rest:
                ids = search_cache(self.session.store, wanted.rest, 500)
            else:
                ids = ordered_ids(lists, wanted, keep or set())
        except SearchQueryError as error:
            ui.show_empty(key, str(error))
            ui.close_prompt()
            return True
        ids = [i for i in ids if (keep is None or i in keep) and i not in drop]
        papers = [p for p in (lists.paper(i) or self.session.store.paper(i) for i in ids) if p is not None]
        if wanted.lists and not wanted.rest and len(wanted.lists) == 1 and not wanted.tags:
            view = f"List: {clean_line(wanted.lists[0])}"
        elif wanted.tags and not wanted.rest and len(wanted.tags) == 1 and not wanted.lists:
            view = f"Tag: #{clean_line(wanted.tags[0])}"
        else:
            view = None
        ui.show_rows(key, PaperRows(papers), count=plural(len(papers), "paper"), fresh="your library", view=view)
        ui.close_prompt()
        return True

    def note_hits(self, text: str) -> list[str]:
        """Cached papers whose note holds every word of a plain search (notes are found by search)."""
        words = [w for w in re.findall(r"\w+", text.lower()) if w not in ("and", "or", "not")]
        if not words:
            return []
        try:
            ids = sorted(self.lists.notes_matching(words))
        except LIBRARY_ERRORS:
            return []
        return [i for i in ids if self.session.store.paper(i) is not None]

    # -- export -----------------------------------------------------------------------

    async def export(self, papers: list[Paper], fmt: str, target: str) -> None:
        from tui.headless._library import category_client
        from tui.services.storage.sqlite_util import atomic_write

        library = self.session.library
        source = category_client(self.session)
        self.ui.status = self.ui.status.doing("exporting…")
        try:
            categories, problem = await primary_categories(library, papers, source)
            items = export_items(library, papers, categories)
            path = Path(target).expanduser()
            if fmt == "markdown":
                path.mkdir(parents=True, exist_ok=True)
                for name, text in markdown_files(items):
                    await asyncio.to_thread(atomic_write, path / name, text)
            else:
                await asyncio.to_thread(atomic_write, path, render(items, fmt))
        except OSError as error:
            self.ui.say(f"export failed: {error.strerror or error}; nothing written", severity="error", timeout=8)
            return
        finally:
            self.ui.status = self.ui.status.doing("")
            if source is not None:
                await source.aclose()
        self.ui.say(f"{plural(len(items), 'paper')} written to {path}" + (f" ({problem})" if problem else ""),
                    timeout=6)

    # -- PDFs -------------------------------------------------------------------------

    async def download(self, papers: list[Paper]) -> None:
        if self._downloader is None:
            self._downloader = PdfDownloader(offline=self.session.offline, min_interval=self.session.settings.arxiv_interval)
        folder = default_folder(self.session.settings.pdf_dir)
        done = 0
        for number, paper in enumerate(papers, start=1):
            prefix = f"PDF {number}/{len(papers)} {paper.id}" if len(papers) > 1 else f"PDF {paper.id}"

            def progress(received: int, total: int | None, prefix: str = prefix) -> None:
                share = f"{received * 100 // total}%" if total else f"{received / 2**20:.1f} MB"
                self.ui.status = self.ui.status.doing(f"{prefix} · {share}")

            self.ui.status = self.ui.status.doing(f"{prefix} · starting…")
            try:
                result = await self._downloader.download(paper, folder, progress)
            except PdfError as error:
                self.ui.say(str(error), severity="error", timeout=8)
                continue
            try:
                self.lists.record_pdf(paper, result.path, result.size)
            except LIBRARY_ERRORS as error:
                self.ui.say(f"PDF saved but not recorded: {error}", severity="warning", timeout=6)
            done += 1
            if len(papers) == 1:
                how = " (resumed after a cut)" if result.resumed else " (already there)" if result.already else ""
                self.ui.say(f"PDF saved{how}: {result.path}", timeout=6)
        self.ui.status = self.ui.status.doing("")
        if len(papers) > 1:
            self.ui.say(f"{done} of {len(papers)} PDFs in {folder}", timeout=6)
        self.load_marks()

    async def aclose(self) -> None:
        if self._downloader is not None:
            await self._downloader.aclose()
