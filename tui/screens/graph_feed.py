"""A paper's references, citations or similar papers, as a normal feed on a screen of its own.

It *is* a reader screen (:class:`~tui.screens.reader.ReaderScreen`): the same
feed, abstract pane, author sidebar and controllers, so every paper key works
on its rows (``b`` ``c`` ``C`` ``o`` ``p`` ``u`` ``a`` ``X``, and ``R`` / ``e`` /
``i`` / ``S`` to go further). Its rows are :class:`~tui.services.paper.graph_rows.GraphRows`
(papers not on arXiv show venue and year, and open their DOI / URL). Being a
screen on the stack, ``esc`` / ``q`` return exactly to where it was opened
from. The list shows from the cache at once and refreshes from Semantic
Scholar in a worker; a failure keeps the cached list and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.markup import escape

from tui.clock import Timers
from tui.commands import COMMANDS, scoped
from tui.controllers.reading import SharedReading
from tui.controllers.views import filtered_count
from tui.models import FeedKey, Paper
from tui.screens.reader import ReaderScreen
from tui.services.errors import ServiceError
from tui.services.net.graph import KIND_LABEL, GraphKind, GraphListing
from tui.services.paper.graph_rows import GraphRows
from tui.services.reader.arrange import Arrangement, arrange_rows
from tui.services.reader.rows import FilteredRows, RowSource
from tui.view_state import Marks, age, plural
from tui.widgets.abstract_pane import AbstractPane

if TYPE_CHECKING:
    from tui.services.session import Session


class GraphFeedScreen(ReaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(c.keys, c.action, c.footer_label, show=c.footer, id=c.id, tooltip=c.description)
          for c in scoped("graph")],
        # The view keys still work here, but the footer keeps to this list's own keys.
        *[Binding(c.keys, c.action, c.footer_label, show=False) for c in COMMANDS
          if c.scope == "app" and c.group == "Views" and c.keys],
    ]

    def __init__(self, session: Session, kind: GraphKind, paper: Paper, shared: SharedReading,
                 *, timers: Timers | None = None) -> None:
        from tui.clock import LoopTimers

        super().__init__(session, FeedKey("search", f"{kind}:{paper.id}"), timers=timers or LoopTimers())
        self.kind = kind
        self.paper = paper
        self.graph: GraphListing | None = None
        self._shared_reading = shared
        self._owns_reading = False

    @property
    def label(self) -> str:
        return f"{KIND_LABEL[self.kind]} {self.paper.id}"

    def open_first_view(self) -> None:
        """Instead of opening a listing: the graph list, cached first."""
        self.run(self._start(), group="start")

    async def _start(self) -> None:
        import asyncio

        library = self.session.library
        bookmarked, read = await asyncio.to_thread(lambda: (library.bookmarked_ids(), library.read_ids()))
        self.marks = Marks(frozenset(bookmarked), frozenset(read), show_unread=False)
        hit = await asyncio.to_thread(self.reading.reading.cache.graph, self.paper.id, self.kind)
        if hit is not None:
            self._paint_graph(hit.value, "cached " + age(hit.fetched_at))
        else:
            self.status = self.status._replace(view=self.label, how_many="",
                                  freshness="offline - not cached" if self.session.offline else "loading…")
            self.query_one(AbstractPane).show_message(
                "offline: this list is not cached" if self.session.offline else "asking Semantic Scholar…"
            )
        self._painted()  # the rest of the screen (the author sidebar) follows the first paint
        if not self.session.offline and (hit is None or not hit.fresh):
            await self._load(refresh=False)

    async def _load(self, refresh: bool) -> None:
        self.status = self.status.doing(f"asking Semantic Scholar for the {self.kind}…")
        try:
            loaded = await self.reading.reading.graph.load(self.kind, self.paper.id, refresh=refresh)
        except ServiceError as error:
            self.status = self.status.doing("").failed(str(error))
            if self.graph is None:
                self.query_one(AbstractPane).show_message(f"{error}.")
            return
        self.status = self.status.doing("")
        if not self.is_attached:
            return
        fresh = "cached " + age(loaded.listing.fetched_at) if loaded.from_cache else "updated just now"
        self._paint_graph(loaded.listing, fresh)
        if loaded.problem:
            self.status = self.status.failed(f"{loaded.problem}; showing the cached list")

    def _paint_graph(self, listing: GraphListing, fresh: str) -> None:
        self.graph = listing
        self.feed.border_title = escape(f"{KIND_LABEL[self.kind]}: {self.paper.title}")
        rows: RowSource = GraphRows(listing)
        more = " (more on Semantic Scholar)" if listing.more else ""
        count = f"{listing.count_text} papers{more}" if listing.total else plural(len(listing.entries), "paper") + more
        if self.arrangement.active:  # s / f / z work here as on every view
            arranged = arrange_rows(rows, self.arrangement)
            rows, count = arranged, filtered_count(len(arranged), arranged.total, count)
        cursor_id = self.feed.current_id
        if self.hide_read:
            read = self.marks.read
            rows = FilteredRows(rows, lambda paper_id: paper_id not in read)
        self.listing = None
        self.status = self.status._replace(view=self.label, how_many=count, freshness=fresh,
                              notes=(self.arrangement.describe(),) if self.arrangement.active else ())
        cursor = next((i for i, pid in enumerate(rows.ids()) if pid == cursor_id), 0) if cursor_id else 0
        self.feed.set_source(rows, cursor=cursor)
        if len(rows) == 0:
            self._empty_message = "Semantic Scholar lists no papers here."
            self._show_paper(None)
        self.refresh_bindings()

    # -- keys that mean something else here ------------------------------------------------

    def _rearrange(self, arrangement: Arrangement) -> None:
        self.arrangement = arrangement
        if self.graph is not None:
            self._paint_graph(self.graph, self.status.freshness)

    def action_read(self) -> None:
        paper = self.highlighted_paper()
        if paper is None:
            return
        if not paper.has_arxiv_id:
            if paper.project_page:
                self.papers.open(paper.project_page, "paper")
            else:
                self.say("not on arXiv, and Semantic Scholar gives no DOI or URL", severity="warning")
            return
        self.reading.open_paper_view(paper.id, paper)

    def action_graph(self, kind: GraphKind) -> None:
        paper = self.highlighted_paper()
        if paper is not None:
            self.reading.open_graph_listing(kind, paper)

    def action_refresh(self) -> None:
        if not self.session.offline:
            self.run(self._load(refresh=True), group="graph")

    def action_refresh_list(self) -> None:
        self.action_refresh()

    def action_toggle_hide_read(self) -> None:
        self.hide_read = not self.hide_read
        self.say("read papers hidden" if self.hide_read else "read papers shown", timeout=2)
        if self.graph is not None:
            self._paint_graph(self.graph, self.status.freshness)

    def action_close(self) -> None:
        self.dismiss(None)
