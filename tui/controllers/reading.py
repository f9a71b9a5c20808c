"""Reading a paper and walking its citation graph, from the reader (issue 12).

The reader's side of :class:`tui.screens.paper_view.ReaderHost`: ``R`` (or
``enter`` on the abstract pane) opens the paper view, ``e`` / ``i`` / ``S`` open
references / citations / similar papers as feeds on their own screens
(``esc`` returns), ``O`` prefetches the full text of every paper in view. The
services it needs (:func:`~tui.services.paper.reading.open_reading`) are opened on
first use and shared by every screen opened from here, so a reader that never
opens a paper never opens ``fulltext.sqlite3``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.models import Paper
from tui.services.net.graph import GraphKind
from tui.services.paper.fulltext import FullTextService
from tui.services.paper.prefetch import PrefetchProgress, PrefetchRunner
from tui.services.paper.reading import Reading, open_reading

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.controllers import ReaderUI
    from tui.controllers.papers import PaperController
    from tui.services.session import Session

MAX_PREFETCH = 500

Push = Callable[..., Any]
"""``App.push_screen``."""


class SharedReading:
    """One :class:`Reading` for the reader and every screen opened from it (opened lazily)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._reading: Reading | None = None
        self.notice: str | None = None

    def get(self) -> Reading:
        if self._reading is None:
            session = self.session
            self._reading = open_reading(session.paths.cache_dir, session.hub.http, offline=session.offline,
                                         settings=session.settings)
            self.notice = self._reading.cache.notice
        return self._reading

    async def aclose(self) -> None:
        if self._reading is not None:
            await self._reading.aclose()
            self._reading.close_local()
            self._reading = None


def count_text(counts: dict[str, int] | None) -> str:
    """``cited by 1,204, 31 influential (Semantic Scholar)``; empty when unknown."""
    if not counts or counts.get("citationCount") is None:
        return ""
    influential = counts.get("influentialCitationCount")
    extra = f", {influential:,} influential" if influential else ""
    return f"cited by {counts['citationCount']:,}{extra} (Semantic Scholar)"


class ReadingController:
    """Opens the paper view and the reference feeds; runs the prefetch; knows citation counts."""

    def __init__(self, session: Session, ui: ReaderUI, papers: PaperController, push: Push,
                 shared: SharedReading) -> None:
        self.session = session
        self.ui = ui
        self.papers = papers
        self.push = push
        self.shared = shared

    @property
    def reading(self) -> Reading:
        first = self.shared._reading is None
        reading = self.shared.get()
        if first and self.shared.notice:
            self.ui.say(self.shared.notice, severity="warning", timeout=8)
        return reading

    def cached_markdown(self, paper_id: str) -> str | None:
        """The paper's cached full text as Markdown (None unless a real text is cached)."""
        from tui.services.paper.markdown import document_markdown

        cache = self.reading.cache
        hit = cache.document(paper_id) if cache.has_text(paper_id) else None
        return None if hit is None else "\n".join(document_markdown(hit.value))

    @property
    def offline(self) -> bool:
        return self.session.offline

    # -- keys on the feed ---------------------------------------------------------------

    def read_highlighted(self) -> None:
        paper = self.papers.paper()
        if paper is not None:
            self.open_paper_view(paper.id, paper)

    def graph_of_highlighted(self, kind: GraphKind) -> None:
        paper = self.papers.paper()
        if paper is not None:
            self.open_graph_listing(kind, paper)

    # -- ReaderHost -------------------------------------------------------------------------

    def open_paper_view(self, paper_id: str, paper: Paper | None) -> None:
        from tui.screens.paper_view import PaperViewScreen

        if paper is None:
            paper = self.session.store.paper(paper_id)
        self.push(PaperViewScreen(paper_id, paper, self.reading, self, offline=self.offline))

    def open_graph_listing(self, kind: GraphKind, paper: Paper) -> None:
        from tui.screens.graph_feed import GraphFeedScreen

        if not paper.has_arxiv_id:
            self.ui.say("references and citations need an arXiv id (this paper has none)", severity="warning")
            return
        self.push(GraphFeedScreen(self.session, kind, paper, self.shared, timers=getattr(self.ui, "timers", None)))

    def open_external(self, url: str, what: str) -> None:
        self.papers.open(url, what)

    def discussion(self, paper_id: str) -> None:
        from tui.screens.discussion import DiscussionModal

        self.push(DiscussionModal(paper_id, self.reading, self.session.hub.http, offline=self.offline))

    def run_paper_action(self, action: str, paper: Paper) -> None:
        """A paper key pressed in the paper view: the same behaviour as on the feed, for *paper*."""
        from tui.services.system import links

        papers = self.papers
        if action == "copy-citation":
            papers.copy(paper, "bibtex")
        elif action == "choose-citation":
            from tui.screens.citation_chooser import CitationChooser

            def chosen(fmt: str | None) -> None:
                if fmt is not None:
                    papers.copy(paper, fmt)

            self.push(CitationChooser(paper), callback=chosen)
        elif action == "open-code":
            url = links.code_link(paper)
            if url is None:
                self.ui.say("no code link for this paper", severity="warning", timeout=4)
            else:
                papers.open(url, "code")
        elif action == "open-paper":
            papers.open(links.paper_link(paper) or f"{links.HF_BASE}/papers/{paper.id}", "paper")
        elif action == "open-links":
            from tui.screens.link_menu import LinkMenu

            def picked(link: links.PaperLink | None) -> None:
                if link is not None:
                    papers.open(link.url, link.label)

            self.push(LinkMenu(paper, None if self.offline else self.session.hub), callback=picked)
        elif action == "toggle-bookmark":
            self.ui.run(papers.toggle_bookmark_of(paper), group="bookmark", exclusive=False)

    # -- the citation count under the abstract pane ------------------------------------------

    def cached_count(self, paper: Paper | None) -> str:
        if paper is None or not paper.has_arxiv_id:
            return ""
        return count_text(self.reading.graph.cached_counts(paper.id))

    async def fetch_count(self, paper_id: str, show: Callable[[str, str], None]) -> None:
        """Ask S2 for the count (cached for days) and hand it to *show(paper_id, text)*."""
        counts = await self.reading.graph.counts(paper_id)
        text = count_text(counts)
        if text:
            show(paper_id, text)

    # -- prefetch --------------------------------------------------------------------------------

    def prefetch(self, papers: list[Paper]) -> None:
        if self.offline:
            self.ui.say("offline: nothing can be fetched", timeout=3)
            return
        papers = papers[:MAX_PREFETCH]
        if not papers:
            self.ui.say("no papers in view", timeout=3)
            return
        self.ui.say(f"fetching the full text of {len(papers)} papers in the background (3 s apart)…", timeout=4)
        self.ui.run(self._prefetch(papers), group="prefetch")

    async def _prefetch(self, papers: list[Paper]) -> None:
        reading = self.reading
        texts = FullTextService(reading.cache, self.session.hub.http, min_interval=3.0,
                                arxiv_base=self.session.settings.arxiv_html_endpoint)
        ui = self.ui

        def progress(step: PrefetchProgress) -> None:
            ui.status = ui.status._replace(activity=f"full text {step.done}/{step.total}…" if step.done < step.total
                                else "")

        try:
            summary = await PrefetchRunner(texts, on_progress=progress).run(papers)
        finally:
            await texts.aclose()
            ui.status = ui.status._replace(activity="")
        stopped = f" ({summary.stopped})" if summary.stopped else ""
        ui.say(f"full text: {len(summary.fetched)} fetched, {len(summary.skipped)} already cached, "
               f"{len(summary.without_text)} abstract only{stopped}", timeout=6)


def screen_push(screen: Screen[Any]) -> Push:
    return screen.app.push_screen
