"""The paper view: the full text of one paper, full screen, with outline, find and links.

The screen owns the state (which paper, the loaded document, the reading
position) and talks to the rest of the reader through :class:`ReaderHost`, a
narrow interface the app implements: open another paper, open a graph
listing, open a URL, run a paper action (bookmark, cite, open links). Text
shows from the cache at once; the network (arXiv, Hugging Face, Semantic
Scholar) is only touched in workers, so no key ever waits on it.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.commands import scoped
from tui.models import Paper
from tui.services.net.graph import GraphKind
from tui.services.paper.model import Block, Document, Span
from tui.services.paper.reading import Reading
from tui.widgets.document_view import DocumentView
from tui.widgets.steady_footer import SteadyFooter

PAPER_ACTIONS = ("toggle-bookmark", "copy-citation", "choose-citation", "open-code", "open-paper", "open-links")


class Outline(OptionList):
    """The table of contents; ``j``/``k``/``g``/``G`` move, ``enter`` jumps, ``t``/``esc`` close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]


class ReaderHost(Protocol):
    """What the paper view and the reference feeds need from the reader around them."""

    def open_paper_view(self, paper_id: str, paper: Paper | None) -> None: ...
    def open_graph_listing(self, kind: GraphKind, paper: Paper) -> None: ...
    def open_external(self, url: str, what: str) -> None: ...
    def run_paper_action(self, action: str, paper: Paper) -> None: ...
    def discussion(self, paper_id: str) -> None: ...


def _fetched_note(when: datetime | None, *, offline: bool) -> str:
    """``cached 3 days ago`` (``offline - cached …`` when offline) for the border."""
    from tui.view_state import age

    if when is None:
        return ""
    return ("offline - cached " if offline else "cached ") + age(when)


def placeholder(paper_id: str, paper: Paper | None, notice: str) -> Document:
    """What shows while the text loads: the title and the abstract we already have."""
    blocks = [Block("paragraph", [Span(part)]) for part in (paper.summary if paper else "").split("\n\n") if part]
    return Document(paper_id=paper_id, title=paper.title if paper else paper_id, source="abstract",
                    authors=paper.author_names if paper else [], blocks=blocks, notice=notice)


class PaperViewScreen(Screen[None]):
    """One paper's full text. ``esc`` / ``q`` go back to where it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.footer_label, show=c.footer, id=c.id, tooltip=c.description)
        for c in scoped("paper")
    ]
    DEFAULT_CSS = """
    PaperViewScreen #paper-body { height: 1fr; }
    PaperViewScreen DocumentView { width: 1fr; height: 1fr; border: round $primary; }
    PaperViewScreen { layers: base overlay; }
    PaperViewScreen #paper-outline { layer: overlay; dock: left; width: 40; max-width: 60%; height: 1fr;
                                     margin: 1 0 1 1; display: none; border: round $accent;
                                     background: $panel; }
    PaperViewScreen #paper-find { dock: bottom; display: none; }
    """

    def __init__(self, paper_id: str, paper: Paper | None, reading: Reading, host: ReaderHost,
                 *, offline: bool = False) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.paper = paper
        self.reading = reading
        self.host = host
        self.offline = offline
        self.document: Document | None = None
        self.cited_by: int | None = None
        self.source_note = ""

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="paper-body"):
            yield DocumentView(id="paper-text")
        yield Outline(id="paper-outline")
        yield Input(placeholder="find in the text (enter: search, esc: close)", id="paper-find")
        yield SteadyFooter()

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    @property
    def outline(self) -> OptionList:
        return self.query_one("#paper-outline", OptionList)

    def on_mount(self) -> None:
        self.view.focus()
        self.view.border_title = escape(self.paper.title if self.paper else self.paper_id)
        position = self.reading.cache.position(self.paper_id)
        cached = self.reading.texts.cached(self.paper_id)
        if cached is not None:
            self._show(cached.document, position)
            self.source_note = _fetched_note(cached.fetched_at, offline=self.offline)
            if cached.stale and not self.offline:
                self.load_text(refresh=True)
        else:
            self._show(placeholder(self.paper_id, self.paper, "loading the full text…"), None)
            self.load_text(refresh=False)
        if self.paper_id and not self.paper_id.startswith("local-"):
            self.load_counts()

    def _show(self, document: Document, top_block: int | None) -> None:
        self.document = document
        if self.paper is None or self.paper.title == self.paper_id:
            self.paper = Paper(id=self.paper_id, title=document.title, authors=())
            self.view.border_title = escape(document.title)
        self.view.show(document, top_block=top_block)

    def _fill_outline(self) -> None:
        layout = self.view.text_layout
        self.outline.clear_options()
        if layout is None:
            return
        self.outline.add_options(
            # The id is the heading's index: line numbers change when the outline narrows the text.
            Option(Text(("  " * (h.level - 1)) + h.title, no_wrap=True, overflow="ellipsis"), id=str(index))
            for index, h in enumerate(layout.headings)
        )

    # -- loading --------------------------------------------------------------------

    @work(exclusive=True, group="paper-text", exit_on_error=False, description="loading the full text")
    async def load_text(self, refresh: bool) -> None:
        before = self.view.top_block if self.document is not None and self.document.source != "abstract" else None
        loaded = await self.reading.texts.load(self.paper_id, self.paper, refresh=refresh)
        if not self.is_attached:
            return
        position = before if before is not None else self.reading.cache.position(self.paper_id)
        self.source_note = _fetched_note(loaded.fetched_at, offline=self.offline) if loaded.from_cache else ""
        self._show(loaded.document, position)
        if loaded.stale and refresh:
            self.notify("could not refresh the text: showing the cached copy", timeout=4)

    @work(exclusive=True, group="paper-counts", exit_on_error=False, description="citation count")
    async def load_counts(self) -> None:
        counts = self.reading.graph.cached_counts(self.paper_id)
        if counts is None or not self.offline:
            counts = await self.reading.graph.counts(self.paper_id)
        if counts and isinstance(counts.get("citationCount"), int):
            self.cited_by = counts["citationCount"]
            self._update_border()

    # -- border: section and progress ---------------------------------------------------

    @on(DocumentView.Moved)
    def _moved(self, event: DocumentView.Moved) -> None:
        self._update_border()

    @on(DocumentView.LaidOut)
    def _laid_out(self, event: DocumentView.LaidOut) -> None:
        self._fill_outline()
        self._update_border()

    def _update_border(self) -> None:
        view = self.view
        layout = view.text_layout
        parts: list[str] = []
        if layout is not None:
            heading = layout.section_at(view.top_line)
            if heading is not None:
                parts.append(heading.title[:50])
            parts.append(f"{view.percent}%")
        if self.cited_by is not None:
            parts.append(f"cited by {self.cited_by:,}")
        if self.document is not None and self.document.source != "arxiv-html":
            parts.append({"hf-markdown": "HF Markdown", "abstract": "abstract only"}[self.document.source])
        if self.source_note:
            parts.append(self.source_note)
        view.border_subtitle = escape(" · ".join(parts))

    # -- reading keys ------------------------------------------------------------------------

    def action_scroll_lines(self, lines: int) -> None:
        self.view.scroll_relative(y=lines, animate=False, immediate=True)

    def action_scroll_pages(self, pages: int) -> None:
        height = max(1, self.view.scrollable_content_region.height - 2)
        self.view.scroll_relative(y=pages * height, animate=False, immediate=True)

    def action_scroll_edge(self, end: int) -> None:
        if end:
            self.view.scroll_end(animate=False, immediate=True)
        else:
            self.view.scroll_home(animate=False, immediate=True)

    def action_scroll_sideways(self, cells: int) -> None:
        self.view.scroll_relative(x=cells, animate=False, immediate=True)

    def action_section(self, step: int) -> None:
        layout = self.view.text_layout
        if layout is None or not layout.headings:
            return
        top = self.view.top_line
        if step > 0:
            target = next((h for h in layout.headings if h.line > top), None)
        else:
            earlier = [h for h in layout.headings if h.line < top]
            target = earlier[-1] if earlier else None
        if target is None:
            self.notify("no next section" if step > 0 else "at the first section", timeout=2)
            return
        self.view.jump_to_line(target.line)

    def action_toggle_outline(self) -> None:
        outline = self.outline
        shown = outline.display
        # display (not a class): set at once, so focus() below is not refused by a stale style
        outline.display = not shown
        if shown:
            self.set_focus(self.view)
            return
        layout = self.view.text_layout
        self.set_focus(outline)
        if layout is not None:
            heading = layout.section_at(self.view.top_line)
            if heading is not None and heading in layout.headings:
                outline.highlighted = layout.headings.index(heading)

    @on(OptionList.OptionSelected, "#paper-outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        self.outline.display = False
        self.view.focus()
        layout = self.view.text_layout
        if event.option.id is not None and layout is not None and 0 <= int(event.option.id) < len(layout.headings):
            self.view.jump_to_line(layout.headings[int(event.option.id)].line)

    # -- find ---------------------------------------------------------------------------------

    def action_find(self) -> None:
        box = self.query_one("#paper-find", Input)
        box.display = True
        self.set_focus(box)  # at once: keys typed right after / must land in the box

    @on(Input.Submitted, "#paper-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        box = event.input
        box.display = False
        self.view.focus()
        query = event.value.strip()
        if not query:
            self.view.clear_find()
            return
        count = self.view.find(query)
        if count:
            self.notify(f"{count:,} hit{'s' if count != 1 else ''} for “{query}” · n / N to move", timeout=3,
                        markup=False)
        else:
            self.notify(f"“{query}” is not in the text", severity="warning", timeout=3, markup=False)

    def action_find_next(self, step: int) -> None:
        number = self.view.next_hit(step)
        if number == 0:
            self.notify("no find: press / first", timeout=2)
        else:
            self.notify(f"hit {number} of {len(self.view.hits)}", timeout=1)

    # -- links ----------------------------------------------------------------------------------

    def action_cycle_link(self, step: int) -> None:
        if self.view.cycle_link(step) is None:
            self.notify("no citation or link on this screen", timeout=2)

    def action_follow(self) -> None:
        spot = self.view.focus_link
        document = self.document
        if spot is None or document is None:
            self.notify("tab moves to a citation or link first", timeout=2)
            return
        if spot.style == "cite":
            entry = document.bib(spot.target)
            if entry is None:
                self.notify(f"reference {spot.text} is not in the bibliography", severity="warning", timeout=3)
                return
            from tui.screens.reference_modal import ReferenceModal, entry_link

            def chosen(choice: str | None) -> None:
                if choice == "open" and entry.arxiv_id:
                    self.host.open_paper_view(entry.arxiv_id, None)
                elif choice == "link":
                    link = entry_link(entry)
                    if link:
                        self.host.open_external(link, "reference")

            self.app.push_screen(ReferenceModal(entry), callback=chosen)
        elif spot.style == "ref":
            line = self.view.text_layout.anchors.get(spot.target) if self.view.text_layout else None
            if line is None:
                self.notify(f"cannot find {spot.target} in the text", timeout=2)
            else:
                self.view.jump_to_line(line)
        elif spot.target.startswith("arxiv:"):
            self.host.open_paper_view(spot.target.removeprefix("arxiv:"), None)
        else:
            self.host.open_external(spot.target, "link")

    def action_figure_image(self) -> None:
        """``I``: the figure on screen (or the focused image link) in an overlay, as a picture where possible."""
        from tui.screens.figure_screen import FigureScreen, figure_in_view

        found = figure_in_view(self.view)
        if found is None:
            self.notify("no figure on this screen or below", timeout=2)
            return
        block, index = found
        self.app.push_screen(FigureScreen(block, self.reading.figures, self.host.open_external, index=index))

    # -- the rest of the reader ------------------------------------------------------------------

    def _paper(self) -> Paper:
        return self.paper or Paper(id=self.paper_id, title=self.paper_id)

    def action_graph(self, kind: GraphKind) -> None:
        self.save_position()
        self.host.open_graph_listing(kind, self._paper())

    def action_discussion(self) -> None:
        self.host.discussion(self.paper_id)

    def action_paper_action(self, action: str) -> None:
        if action in PAPER_ACTIONS:
            self.host.run_paper_action(action, self._paper())

    def action_refresh_text(self) -> None:
        if self.offline:
            self.notify("offline: showing the cached text", timeout=3)
            return
        self.notify("fetching the text again…", timeout=2)
        self.load_text(refresh=True)

    def save_position(self) -> None:
        if self.document is None or self.document.source == "abstract" and self.document.notice.startswith("loading"):
            return
        try:
            self.reading.cache.save_position(self.paper_id, self.view.top_block)
        except Exception:  # noqa: BLE001, S110 - a full disk only loses the bookmark of the place
            pass

    def on_unmount(self) -> None:
        self.save_position()  # also when the app quits with the paper open

    def action_close(self) -> None:
        for panel in (self.query_one("#paper-find", Input), self.outline):
            if panel.display:  # esc first closes the find box or the outline
                panel.display = False
                self.view.focus()
                return
        self.save_position()
        self.dismiss(None)
