"""Actions on the highlighted paper: open links, bookmark, copy citations (``o p u b c C``).

Opening follows :func:`tui.services.system.links.describe_environment`: a browser or
system opener when one can reach the user's screen, otherwise (SSH, no display)
the URL is shown as a clickable hyperlink and copied. Nothing here ever starts
a console browser: it would take over the app's own terminal.

Copying follows :func:`tui.services.system.clipboard.copy`: OSC 52 through Textual's
driver (the same channel ``App.copy_to_clipboard`` uses, with the tmux/screen
aware sequence), then pyperclip when a local clipboard exists, then a file in
the user data dir plus a modal with the text ready to select. Both run in
threads so a slow opener or a hanging ``xclip`` never blocks a key press.

Citations carry no ``primaryClass``: :class:`~tui.models.Paper` does not know
the arXiv category, and asking arXiv on every ``c`` would cost a request (at
most one every 3 s by its terms) for a field every tool treats as optional.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.controllers import ReaderUI
from tui.models import LOCAL_ID_PREFIX, FeedKey, Paper
from tui.services.formats import citations
from tui.services.system import clipboard, links

if TYPE_CHECKING:
    from tui.screens.link_menu import LinkMenu
    from tui.services.session import Session

NO_PAPER = "no paper selected"
NO_ARXIV_ID = "this paper has no arXiv id (a local sample paper)"

WriterFactory = Callable[[], "clipboard.Writer | None"]


class PaperController:
    """What ``o`` ``p`` ``u`` ``b`` ``c`` ``C`` do with the highlighted paper."""

    def __init__(self, session: Session, ui: ReaderUI, writer: WriterFactory) -> None:
        self.session = session
        self.ui = ui
        self._writer = writer
        """The terminal writer for OSC 52 (None without a real terminal)."""

    def paper(self) -> Paper | None:
        paper = self.ui.highlighted_paper()
        if paper is None:
            self.ui.say(NO_PAPER, severity="warning")
        return paper

    # -- opening ---------------------------------------------------------------

    def open_code(self) -> None:
        paper = self.paper()
        if paper is None:
            return
        url = links.code_link(paper)
        if url is None:
            self.ui.say("no code link for this paper", severity="warning", timeout=4)
            return
        self.open(url, "code")

    def open_paper(self) -> None:
        paper = self.paper()
        if paper is None:
            return
        url = links.paper_link(paper)
        if url is None:
            if paper.id.startswith(LOCAL_ID_PREFIX):
                self.ui.say(f"{NO_ARXIV_ID}: no paper page to open", severity="warning", timeout=4)
                return
            # Not an arXiv id but a Hub one: its Hugging Face page is the paper's page.
            url = f"{links.HF_BASE}/papers/{paper.id}"
        self.open(url, "paper")

    def link_menu(self) -> LinkMenu | None:
        """The menu of every link of the paper (None, with a toast, when it has none)."""
        from tui.screens.link_menu import LinkMenu

        paper = self.paper()
        if paper is None:
            return None
        if not paper.has_arxiv_id and not links.paper_links(paper):
            self.ui.say(f"{NO_ARXIV_ID} and no code link: no links to show", severity="warning", timeout=4)
            return None
        if not paper.has_arxiv_id:
            return LinkMenu(paper, None, skip_reason=f"{NO_ARXIV_ID}: no Hugging Face links")
        if self.session.offline:
            return LinkMenu(paper, None, skip_reason="offline: linked models, datasets and Spaces not fetched")
        return LinkMenu(paper, self.session.hub)

    def open(self, url: str, what: str) -> None:
        self.ui.run(self.open_link(url, what), group="open-link", exclusive=False)

    async def open_link(self, url: str, what: str) -> None:
        """Open *url* the way this environment allows, or show and copy it."""
        try:
            plan = links.describe_environment()
            result = await asyncio.to_thread(links.open_url, url, plan)
        except Exception as error:  # noqa: BLE001 - any failure still leaves the URL usable
            result = links.OpenResult("failed", url, reason=str(error))
        if result.status == "launched":
            self.ui.say(f"opened {what}: {url}", timeout=4)
            return
        copied = await self.copy_to_user(url)
        reason = result.reason if result.status == "show" else f"could not open it ({result.reason})"
        self.ui.show_text(f"Open {what}", url, link=True, note=f"{reason} · link {copied.detail}")
        self.ui.say(f"{what}: link shown · {copied.detail}", timeout=6)

    # -- clipboard and citations -------------------------------------------------

    async def copy_to_user(self, text: str) -> clipboard.CopyResult:
        """Copy *text* by the clipboard ladder (in a thread); never raises."""
        try:
            return await asyncio.to_thread(
                clipboard.copy, text, writer=self._writer(), fallback_dir=self.session.paths.data_dir
            )
        except OSError as error:
            return clipboard.CopyResult("file", f"could not be copied or saved ({error.strerror or error})")

    def copy(self, paper: Paper, fmt: str) -> None:
        self.ui.run(self.copy_citation(paper, fmt), group="clipboard", exclusive=False)

    async def copy_citation(self, paper: Paper, fmt: str) -> None:
        """Render *paper* as *fmt* and copy it; show it when no clipboard took it."""
        from tui.screens.citation_chooser import FORMAT_LABELS

        label = FORMAT_LABELS.get(fmt, fmt)
        try:
            # primaryClass when an export or cite already learnt it (issue 13); c never waits on arXiv.
            try:
                known = await asyncio.to_thread(self.session.library.reading_lists.categories, [paper.id])
            except sqlite3.Error:
                known = {}
            text = citations.render(paper, fmt, primary_class=known.get(paper.id) or None)
        except ValueError as error:
            self.ui.say(f"cannot write the {label}: {error}", severity="error", timeout=6)
            return
        result = await self.copy_to_user(text)
        if result.method == "file":
            self.ui.show_text(f"{label} · {paper.id}", text, note=result.detail)
        without_id = "" if paper.has_arxiv_id else " (no arXiv id: no eprint fields)"
        self.ui.say(f"{label} {result.detail}{without_id}", timeout=5)

    # -- bookmarks ---------------------------------------------------------------

    def toggle_bookmark(self) -> None:
        paper = self.paper()
        if paper is not None:
            self.ui.run(self.toggle_bookmark_of(paper), group="bookmark", exclusive=False)

    async def toggle_bookmark_of(self, paper: Paper) -> None:
        """Flip *paper*'s bookmark (the write in a thread), then redraw what shows it."""
        library = self.session.library
        try:
            marked = await asyncio.to_thread(library.toggle_bookmark, paper)
        except Exception as error:  # noqa: BLE001 - a full or locked disk must not take the app down
            self.ui.say(f"cannot save the bookmark: {error}", severity="error", timeout=6)
            return
        self.ui.marks = self.ui.marks.bookmark(paper.id, marked)
        if self.ui.key.kind == "bookmarks":
            listing = await asyncio.to_thread(self.session.feeds.cached, FeedKey("bookmarks"))
            if listing is not None and self.ui.key.kind == "bookmarks":
                self.ui.show_listing(listing, keep_position=True)
        where = "" if library.persistent else " (this session only: the library file is unavailable)"
        self.ui.say(("bookmarked" if marked else "bookmark removed") + where, timeout=2)
