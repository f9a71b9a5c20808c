"""Actions on the highlighted paper: open links, bookmark, copy citations (issue 3).

A mixin of :class:`tui.app.PapersApp`; it uses ``self.feed`` (the highlighted
row), ``self.current`` (the paper in the abstract pane) and ``self.session``.

Opening follows :func:`tui.services.links.describe_environment`: a browser or
system opener when one can reach the user's screen, otherwise (SSH, no display)
the URL is shown as a clickable hyperlink and copied. Nothing here ever starts
a console browser: it would take over the app's own terminal.

Copying follows :func:`tui.services.clipboard.copy`: OSC 52 through Textual's
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
from typing import TYPE_CHECKING

from textual import work

from tui.models import LOCAL_ID_PREFIX, FeedKey, Paper
from tui.screens.citation_chooser import FORMAT_LABELS, CitationChooser
from tui.screens.link_menu import LinkMenu
from tui.screens.text_modal import TextModal
from tui.services import citations, clipboard, links
from tui.widgets.abstract_pane import AbstractPane

if TYPE_CHECKING:
    from textual.app import App

    from tui.models import Listing
    from tui.services.session import Session
    from tui.widgets.feed_table import FeedTable

    _AppBase = App[int]
else:
    _AppBase = object

NO_PAPER = "no paper selected"
NO_ARXIV_ID = "this paper has no arXiv id (a local sample paper)"


class PaperActions(_AppBase):
    """``o`` ``p`` ``u`` ``b`` ``c`` ``C``."""

    if TYPE_CHECKING:
        session: Session
        key: FeedKey
        current: Paper | None

        @property
        def feed(self) -> FeedTable: ...

        @property
        def offline(self) -> bool: ...

        def show_listing(
            self, listing: Listing, *, keep_cursor: bool = False, unreachable: bool = False
        ) -> None: ...

    # -- which paper -----------------------------------------------------------

    def highlighted_paper(self) -> Paper | None:
        """The paper under the feed cursor (the abstract pane lags by its debounce)."""
        feed = self.feed
        if 0 <= feed.cursor < len(feed.source):
            paper = feed.source.paper(feed.cursor)
            if paper is not None:
                return paper
        return self.current

    def _paper_or_say(self) -> Paper | None:
        paper = self.highlighted_paper()
        if paper is None:
            self.notify(NO_PAPER, severity="warning", timeout=3)
        return paper

    # -- opening -------------------------------------------------------------

    def action_open_code(self) -> None:
        paper = self._paper_or_say()
        if paper is None:
            return
        url = links.code_link(paper)
        if url is None:
            self.notify("no code link for this paper", severity="warning", timeout=4)
            return
        self.open_link(url, "code")

    def action_open_paper(self) -> None:
        paper = self._paper_or_say()
        if paper is None:
            return
        url = links.paper_link(paper)
        if url is None:
            if paper.id.startswith(LOCAL_ID_PREFIX):
                self.notify(f"{NO_ARXIV_ID}: no paper page to open", severity="warning", timeout=4)
                return
            # Not an arXiv id but a Hub one: its Hugging Face page is the paper's page.
            url = f"{links.HF_BASE}/papers/{paper.id}"
        self.open_link(url, "paper")

    def action_open_links(self) -> None:
        paper = self._paper_or_say()
        if paper is None:
            return
        if not paper.has_arxiv_id and not links.paper_links(paper):
            self.notify(f"{NO_ARXIV_ID} and no code link: no links to show", severity="warning", timeout=4)
            return
        if not paper.has_arxiv_id:
            menu = LinkMenu(paper, None, skip_reason=f"{NO_ARXIV_ID}: no Hugging Face links")
        elif self.offline:
            menu = LinkMenu(paper, None, skip_reason="offline: linked models, datasets and Spaces not fetched")
        else:
            menu = LinkMenu(paper, self.session.hub)
        self.push_screen(menu, callback=self._link_chosen)

    def _link_chosen(self, link: links.PaperLink | None) -> None:
        if link is not None:
            self.open_link(link.url, link.label)

    @work(group="open-link", exit_on_error=False)
    async def open_link(self, url: str, what: str) -> None:
        """Open *url* the way this environment allows, or show and copy it."""
        try:
            plan = links.describe_environment()
            result = await asyncio.to_thread(links.open_url, url, plan)
        except Exception as error:  # noqa: BLE001 - any failure still leaves the URL usable
            result = links.OpenResult("failed", url, reason=str(error))
        if result.status == "launched":
            self.notify(f"opened {what}: {url}", timeout=4)
            return
        copied = await self.copy_to_user(url)
        reason = result.reason if result.status == "show" else f"could not open it ({result.reason})"
        self.push_screen(TextModal(f"Open {what}", url, link=True, note=f"{reason} · link {copied.detail}"))
        self.notify(f"{what}: link shown · {copied.detail}", timeout=6)

    # -- clipboard ------------------------------------------------------------

    def clipboard_writer(self) -> clipboard.Writer | None:
        """Sends OSC 52 bytes to the user's terminal through Textual's driver.

        None when there is no real terminal (headless runs, tests): the ladder
        then moves on instead of claiming a copy nobody received. Called from a
        worker thread, so the write hops to the app's thread.
        """
        if self.is_headless or self._driver is None:
            return None

        def write(data: bytes) -> None:
            try:
                self.call_from_thread(self._write_terminal, data.decode("latin-1"))
            except RuntimeError as error:  # the app is shutting down
                raise OSError(str(error)) from error

        return write

    def _write_terminal(self, data: str) -> None:
        driver = self._driver
        if driver is None:
            raise OSError("no terminal to write to")
        driver.write(data)

    async def copy_to_user(self, text: str) -> clipboard.CopyResult:
        """Copy *text* by the clipboard ladder (in a thread); never raises."""
        try:
            return await asyncio.to_thread(
                clipboard.copy, text, writer=self.clipboard_writer(), fallback_dir=self.session.paths.data_dir
            )
        except OSError as error:
            return clipboard.CopyResult("file", f"could not be copied or saved ({error.strerror or error})")

    # -- citations -------------------------------------------------------------

    def action_copy_citation(self) -> None:
        paper = self._paper_or_say()
        if paper is not None:
            self.copy_citation(paper, "bibtex")

    def action_choose_citation(self) -> None:
        paper = self._paper_or_say()
        if paper is None:
            return

        def chosen(fmt: str | None) -> None:
            if fmt is not None:
                self.copy_citation(paper, fmt)

        self.push_screen(CitationChooser(paper), callback=chosen)

    @work(group="clipboard", exit_on_error=False)
    async def copy_citation(self, paper: Paper, fmt: str) -> None:
        """Render *paper* as *fmt* and copy it; show it when no clipboard took it."""
        label = FORMAT_LABELS.get(fmt, fmt)
        try:
            text = citations.render(paper, fmt)
        except ValueError as error:
            self.notify(f"cannot write the {label}: {error}", severity="error", timeout=6)
            return
        result = await self.copy_to_user(text)
        if result.method == "file":
            self.push_screen(TextModal(f"{label} · {paper.id}", text, note=result.detail))
        without_id = "" if paper.has_arxiv_id else " (no arXiv id: no eprint fields)"
        self.notify(f"{label} {result.detail}{without_id}", timeout=5)

    # -- bookmarks -------------------------------------------------------------

    def action_toggle_bookmark(self) -> None:
        paper = self._paper_or_say()
        if paper is None:
            return
        library = self.session.library
        try:
            marked = library.toggle_bookmark(paper)
        except Exception as error:  # noqa: BLE001 - a full or locked disk must not take the app down
            self.notify(f"cannot save the bookmark: {error}", severity="error", timeout=6)
            return
        if marked:
            self.feed.bookmarked.add(paper.id)
        else:
            self.feed.bookmarked.discard(paper.id)
        self.feed.refresh_marks()
        if self.current is not None and self.current.id == paper.id:
            self.query_one(AbstractPane).show(self.current, bookmarked=marked)
        if self.key.kind == "bookmarks":
            self._reload_bookmarks()
        where = "" if library.persistent else " (this session only: the library file is unavailable)"
        self.notify(("bookmarked" if marked else "bookmark removed") + where, timeout=2)

    def _reload_bookmarks(self) -> None:
        """Redraw the bookmarks view, the cursor staying at the same position."""
        index = self.feed.cursor
        listing = self.session.feeds.cached(FeedKey("bookmarks"))
        if listing is None:
            return
        self.show_listing(listing)
        if len(self.feed.source):
            self.feed.cursor = min(index, len(self.feed.source) - 1)
