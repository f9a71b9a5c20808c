"""Pilot tests of the paper view and the reference feeds, on the real app against the loopback fake."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from rich.text import Text
from textual.pilot import Pilot

from tests.app.harness import make_app, running, settle
from tests.fakes import fulltext_routes
from tests.fakes.fulltext_routes import FAILED_ID, FullTextState
from tests.fakes.server import FakeServer
from tui.app import PapersApp
from tui.models import FeedKey
from tui.screens.graph_feed import GraphFeedScreen
from tui.screens.paper_view import PaperViewScreen, placeholder
from tui.screens.reference_modal import ReferenceModal
from tui.widgets.document_view import DocumentView
from tui.widgets.feed_table import FeedTable

DAY = FeedKey("day", "2025-03-05")


@pytest.fixture
def routes(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FullTextState:
    monkeypatch.setenv("PAPERS_TUI_ARXIV_HTML_ENDPOINT", fake_server.url + "/arxiv-html")
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    return fulltext_routes.install(fake_server)


@pytest.fixture
async def pilot(fake_server: FakeServer, routes: FullTextState) -> AsyncIterator[Pilot[int]]:
    app = make_app(fake_server.url, DAY)
    # The day is cached before the reader starts: these tests are about the paper view, and a
    # cold start on a loaded machine can race the lazily built author sidebar (see the report).
    await app.session.feeds.fetch(DAY)
    async with running(app, size=(100, 30)) as pilot:
        for _ in range(100):  # the day is on screen (on state: a loaded machine can be slow)
            if app.reader.highlighted_paper() is not None:
                break
            await settle(pilot)
        assert app.reader.highlighted_paper() is not None, (app.reader.status, len(app.reader.feed.source))
        yield pilot


def _view(app: PapersApp) -> DocumentView:
    screen = app.screen
    assert isinstance(screen, PaperViewScreen)
    return screen.query_one(DocumentView)


async def _open(pilot: Pilot[int]) -> PaperViewScreen:
    await pilot.press("R")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PaperViewScreen)
    assert screen.document is not None and screen.document.source == "arxiv-html"
    return screen


def _section(screen: PaperViewScreen) -> str:
    view = screen.query_one(DocumentView)
    assert view.text_layout is not None
    heading = view.text_layout.section_at(view.top_line)
    return heading.title if heading else ""


async def test_enter_enter_opens_the_paper_and_esc_returns_with_the_cursor(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, PapersApp)
    await pilot.press("j", "j")
    await settle(pilot)
    cursor = app.reader.feed.cursor
    paper_id = app.reader.feed.current_id
    await pilot.press("enter", "enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PaperViewScreen) and screen.paper_id == paper_id
    assert "Introduction" in [h.title.split(" ", 1)[-1] for h in _view(app).text_layout.headings]  # type: ignore[union-attr]
    await pilot.press("escape")
    await settle(pilot)
    assert not isinstance(app.screen, PaperViewScreen)
    assert app.reader.feed.cursor == cursor and app.reader.feed.current_id == paper_id


async def test_section_jumps_outline_and_border(pilot: Pilot[int]) -> None:
    screen = await _open(pilot)
    view = _view(pilot.app)
    await pilot.press("right_square_bracket")
    assert _section(screen) == "Abstract"
    await pilot.press("right_square_bracket", "right_square_bracket")
    assert _section(screen) == "1.1 Contributions"
    await pilot.pause()
    assert "1.1 Contributions" in str(view.border_subtitle) and "%" in str(view.border_subtitle)
    await pilot.press("left_square_bracket")
    assert _section(screen) == "1 Introduction"
    await pilot.press("t")
    outline = screen.outline
    assert outline.display and outline.has_focus
    titles = [str(outline.get_option_at_index(i).prompt) for i in range(outline.option_count)]
    assert [t.strip() for t in titles][:4] == ["Abstract", "1 Introduction", "1.1 Contributions", "2 Data"]
    await pilot.press("G")  # OptionList: last entry (References)
    await pilot.press("enter")
    await pilot.pause()
    assert not outline.display and view.has_focus
    assert _section(screen) == "References"


async def test_find_highlights_hits_and_n_moves(pilot: Pilot[int]) -> None:
    screen = await _open(pilot)
    view = _view(pilot.app)
    await pilot.press("slash")
    await pilot.press(*"parallax")
    await pilot.press("enter")
    await pilot.pause()
    assert len(view.hits) == 3 and view.hit_index == 0  # parallaxes, parallaxes, Parallaxes
    first_line = view.hits[0][0]
    strip = view.render_line(first_line - view.top_line)
    hit_style = view.get_component_rich_style("document-view--hit-current", partial=True)
    assert any("parallax" in seg.text.lower() and seg.style and seg.style.bgcolor == hit_style.bgcolor
               for seg in strip)
    await pilot.press("n")
    assert view.hit_index == 1
    await pilot.press("N", "N")
    assert view.hit_index == 2  # wraps
    line = view.hits[2][0]
    assert view.top_line <= line < view.top_line + view.scrollable_content_region.height
    assert view.text_layout is not None and view.text_layout.section_at(line).title == "2 Data"  # type: ignore[union-attr]
    del screen


async def test_citation_follows_to_the_reference_and_opens_the_cited_paper(pilot: Pilot[int],
                                                                           fake_server: FakeServer) -> None:
    screen = await _open(pilot)
    app = pilot.app
    await pilot.press("right_square_bracket", "right_square_bracket")  # 1 Introduction at the top
    await pilot.press("tab")
    spot = _view(app).focus_link
    assert spot is not None and spot.style == "cite" and spot.target == "bib.bib1"
    await pilot.press("enter")
    await pilot.pause()
    modal = app.screen
    assert isinstance(modal, ReferenceModal) and modal.entry.label == "[1]"
    cited = modal.entry.arxiv_id
    ids = [item["paper"]["id"] for item in fake_server.hub.all_items()]
    assert cited in ids
    await pilot.press("enter")
    await settle(pilot)
    second = app.screen
    assert isinstance(second, PaperViewScreen) and second.paper_id == cited and second is not screen
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is screen


async def test_position_is_remembered_per_paper(pilot: Pilot[int]) -> None:
    await _open(pilot)
    app = pilot.app
    for _ in range(3):
        await pilot.press("right_square_bracket")
    await pilot.press("j", "j")
    top = _view(app).top_line
    assert top > 5
    await pilot.press("q")
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)
    assert isinstance(app.screen, PaperViewScreen)
    view = _view(app)
    assert view.text_layout is not None
    assert view.text_layout.lines[view.top_line].block == view.text_layout.lines[top].block
    await pilot.pause()
    assert "cached just now" in str(view.border_subtitle)  # the text's freshness


async def test_references_feed_reads_a_row_and_goes_back_twice(pilot: Pilot[int], routes: FullTextState) -> None:
    app = pilot.app
    assert isinstance(app, PapersApp)
    start_id = app.reader.feed.current_id
    await _open(pilot)
    await pilot.press("e")
    await settle(pilot)
    refs = app.screen
    assert isinstance(refs, GraphFeedScreen) and refs.graph is not None
    feed = refs.query_one(FeedTable)
    assert len(feed.source) == 71
    assert feed.source.row(0).title.startswith("◆ ")  # influential
    null_row = next(i for i in range(len(feed.source)) if "Does Gender Matter" in feed.source.row(i).title)
    paper = feed.source.paper(null_row)
    assert paper is not None and not paper.has_arxiv_id
    await pilot.press("R")
    await settle(pilot)
    assert isinstance(app.screen, PaperViewScreen)
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is refs
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, PaperViewScreen)
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is app.reader and app.reader.feed.current_id == start_id


async def test_failed_conversion_shows_markdown_and_feed_keys_do_not_crash(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, PapersApp)
    app.reader.reading.open_paper_view(FAILED_ID, None)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PaperViewScreen) and screen.document is not None
    assert screen.document.source == "hf-markdown"
    assert "HF Markdown" in str(_view(app).border_subtitle)
    await pilot.press("x", "a", "w", "L", "B")  # the reader's keys are the reader's: nothing happens here
    await settle(pilot)
    assert app.screen is screen and app.reader.key == DAY


async def test_reference_feed_rows_take_the_readers_paper_keys(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, PapersApp)
    await pilot.press("e")  # from the feed: the references of the highlighted paper
    await settle(pilot)
    refs = app.screen
    assert isinstance(refs, GraphFeedScreen)
    first = refs.highlighted_paper()
    assert first is not None and first.has_arxiv_id
    await pilot.press("b")
    await settle(pilot)
    assert first.id in app.session.library.bookmarked_ids()
    assert first.id in refs.marks.bookmarked
    # A row that is not on arXiv: its venue and year in the row, its link opens instead of the paper view.
    feed = refs.feed
    index = next(i for i in range(len(feed.source)) if "International Conference on Machine Learning" in
                 feed.source.row(i).title or feed.source.row(i).day.startswith("2014"))
    row = feed.source.row(index)
    assert row.day == "2014-01-31"
    paper = feed.source.paper(index)
    assert paper is not None and "How this paper cites it: “Directed generative models" in paper.summary
    # Its abstract pane says where it comes from, without Hugging Face's counts it never had.
    from tui.widgets.abstract_pane import render_paper

    outside = next(feed.source.paper(i) for i in range(len(feed.source)) if feed.source.row(i).id.startswith("local-s2-"))
    assert outside is not None
    facts = render_paper(outside).renderables[2]
    assert isinstance(facts, Text)
    assert "not on arXiv (from Semantic Scholar)" in facts.plain and "local sample" not in facts.plain
    assert "▲" not in facts.plain and "comments" not in facts.plain
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is app.reader


async def test_citation_count_under_the_abstract_pane(pilot: Pilot[int]) -> None:
    from tests.app.harness import timers

    app = pilot.app
    assert isinstance(app, PapersApp)
    await pilot.press("j")
    await settle(pilot)
    timers(app).advance(1.0)  # the count waits for the cursor to rest
    await settle(pilot)
    from tui.widgets.abstract_pane import AbstractPane

    assert str(app.reader.query_one(AbstractPane).border_subtitle) == "cited by 4, 1 influential (Semantic Scholar)"


async def test_paper_keys_and_the_discussion_in_the_paper_view(pilot: Pilot[int], routes: FullTextState) -> None:
    from tui.screens.discussion import DiscussionModal

    app = pilot.app
    assert isinstance(app, PapersApp)
    screen = await _open(pilot)
    routes.comments[screen.paper_id] = [
        {"id": "c1", "createdAt": "2026-01-02T00:00:00Z", "author": {"name": "akhaliq"},
         "data": {"latest": {"raw": "Code is out \x1b[31mnow\x1b[0m"}}},
    ]
    await pilot.press("m")
    await settle(pilot)
    assert screen.paper_id in app.session.library.bookmarked_ids()
    assert screen.paper_id in app.reader.marks.bookmarked  # the feed's star follows
    await pilot.press("d")
    await settle(pilot)
    modal = app.screen
    assert isinstance(modal, DiscussionModal)
    from textual.widgets import Static

    body = str(modal.query_one("#discussion-body", Static).render())
    assert "akhaliq" in body and "Code is out now" in body and "\x1b" not in body
    assert f"huggingface.co/papers/{screen.paper_id}#community" in body
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is screen


@pytest.mark.parametrize("saved_label", ["9", "1"], ids=["deep", "first-section"])
async def test_a_long_paper_shows_its_first_screen_then_the_whole_text_at_the_remembered_place(
        pilot: Pilot[int], saved_label: str) -> None:
    from tests.fakes.latexml_pages import paper_page
    from tui.services.paper.arxiv_html import parse_arxiv_html
    from tui.widgets.document_view import PROGRESSIVE_CHARS

    app = pilot.app
    assert isinstance(app, PapersApp)
    html = paper_page("2501.04040", "A long paper", ["A. Author"], "An abstract. " * 30,
                      ["2501.00002", "2501.00003", "2501.00004"], extra_sections=8)
    document = parse_arxiv_html(html, "2501.04040")
    assert sum(len(b.text) for b in document.blocks) > 3 * PROGRESSIVE_CHARS  # laid out in two steps
    # "1": the first block after the front matter, which the first screen's layout also holds.
    saved = next(i for i, b in enumerate(document.blocks) if b.kind == "heading" and b.label == saved_label)
    reading = app.reader.reading.reading
    reading.cache.put_document(document, len(html))
    reading.cache.save_position("2501.04040", saved)
    app.reader.reading.open_paper_view("2501.04040", None)
    await settle(pilot)  # the first screens at once, the whole text from a thread (how soon: a benchmark)
    screen = app.screen
    assert isinstance(screen, PaperViewScreen)
    view = screen.query_one(DocumentView)
    layout = view.text_layout
    assert layout is not None and not layout.partial  # then the whole text, at the width shown
    assert layout.width == view.text_width
    assert all(len(line.text) <= view.text_width for line in layout.lines if line.block >= 0
               and document.blocks[line.block].kind == "paragraph")
    assert view.top_block == saved and _section(screen).startswith(f"{saved_label} ")
    assert len(layout.headings) == len(document.headings()) + 1  # + Abstract: the outline is complete


async def test_a_jump_right_after_a_longer_text_replaced_a_short_one_is_not_lost(pilot: Pilot[int]) -> None:
    """Reopening a cached paper: its text replaces the short "loading" one and the view jumps to the
    remembered line before Textual's next layout pass has given the view its scrollbar."""
    screen = await _open(pilot)
    view = screen.query_one(DocumentView)
    document = screen.document
    assert document is not None
    view.show(placeholder(screen.paper_id, None, "loading the full text…"))
    await settle(pilot)
    assert view.max_scroll_y == 0  # the short text fits: no scrollbar
    view.show(document)
    line = view.text_layout.block_line(2) if view.text_layout else 0
    assert 0 < line <= view.max_scroll_y
    view.jump_to_line(line)  # at once, as a pending jump does after a refresh
    assert view.top_line == line
    await settle(pilot)
    assert view.top_line == line
