"""Pilot tests: ``a`` at 80x24 opens the authors full-screen; at 140x45 it focuses the sidebar.

Against the loopback Semantic Scholar / arXiv fake (the ``scholar`` fixture);
the bundled sample offline for the no-network case.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from tests.app.harness import make_app, running, settle, wait_until
from tests.app.test_author_sidebar import byline, go_to
from tests.fakes import scholar_routes
from tests.fakes.scholar_routes import ScholarState
from tests.fakes.server import FakeServer
from tui.app import PapersApp
from tui.models import FeedKey, Paper
from tui.screens.author_screen import AuthorScreen
from tui.screens.reader import ReaderScreen
from tui.services.net.arxiv_api import main_category, short_category
from tui.widgets.author_sidebar import AuthorList, AuthorPaperList, AuthorSidebar
from tui.widgets.feed_table import FeedTable

DAY = "2025-03-11"
SMALL = (80, 24)
WIDE = (140, 45)


def full(app: PapersApp) -> AuthorSidebar:
    """The sidebar widget of the full-screen authors view on top."""
    screen = app.screen
    assert isinstance(screen, AuthorScreen), f"the authors screen is not on top ({screen!r})"
    return screen.sidebar


def footer(app: PapersApp) -> list[str]:
    """``key description`` of every footer key drawn inside the terminal's width."""
    width = app.size.width
    return [f"{k.key_display} {k.description}".strip() for k in app.screen.query(FooterKey)
            if k.region.width and k.region.right <= width]


async def many_authors(pilot: Pilot[int]) -> Paper:
    """The feed cursor on the paper with the longest byline, not the first row."""
    app = pilot.app
    assert isinstance(app, PapersApp)
    source = app.reader.feed.source
    papers = [p for p in (source.paper(i) for i in range(1, len(source))) if p is not None]
    longest = max(papers, key=lambda p: len(p.authors))
    assert len(longest.authors) >= 3
    return await go_to(pilot, lambda p: p.id == longest.id)


async def test_a_at_80x24_lists_every_author_with_real_metrics(fake_server: FakeServer, scholar: ScholarState) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=SMALL) as pilot:
        paper = await many_authors(pilot)
        assert not app.reader.query_one("#authors", AuthorSidebar).display  # the sidebar does not fit
        await pilot.press("a")
        await settle(pilot)
        view = full(app)
        assert isinstance(app.focused, AuthorList)
        records = byline(scholar, paper)
        for index, record in enumerate(records):
            line = view.line_of(index)
            assert line is not None and (line.h_index, line.paper_count, line.citation_count) == (
                record["hIndex"], record["paperCount"], record["citationCount"])
            # The main arXiv category, from each author's papers (fetched side by side).
            terms = scholar_routes.primary_categories(scholar, record["authorId"])
            assert line.main_category == short_category(main_category(terms) or "")
            prompt = str(view.names.get_option_at_index(index).prompt)
            assert record["name"] in prompt and f"h-index {record['hIndex']}" in prompt
            assert f"{record['citationCount']:,} citations" in prompt
        # The first author's profile and papers on the right, as in the sidebar.
        assert view.profile is not None and view.profile.name == records[0]["name"]
        assert view.status_text == "Semantic Scholar · arXiv"
        assert view.papers.option_count == len(scholar.author_papers[records[0]["authorId"]])
        assert len(scholar.requests_to("/s2/paper/")) == 1, "one request gave every author's metrics"
        for record in records:  # each author's papers fetched once, the screen and the profile sharing it
            assert len(scholar.requests_to(f"/s2/author/{record['authorId']}/papers")) == 1

        await pilot.press("j")
        await settle(pilot)
        assert view.profile is not None and view.profile.name == records[1]["name"]
        assert len(scholar.requests_to(f"/s2/author/{records[1]['authorId']}/papers")) == 1


async def test_a_at_140x45_focuses_the_sidebar(fake_server: FakeServer, scholar: ScholarState) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=WIDE) as pilot:
        paper = await many_authors(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and len(app.screen_stack) == 1
        assert isinstance(app.focused, AuthorList)
        shown = app.reader.query_one("#authors", AuthorSidebar).profile
        assert shown is not None and shown.name == paper.authors[0].name


async def test_enter_twice_opens_the_authors_papers_as_a_feed_and_back_returns(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=SMALL) as pilot:
        paper = await many_authors(pilot)
        cursor = app.reader.feed.cursor
        await pilot.press("a", "j")
        await settle(pilot)
        view = full(app)
        profile = view.profile
        assert profile is not None and profile.name == paper.authors[1].name and profile.papers
        await pilot.press("enter")  # one: the newest paper's abstract
        await wait_until(pilot, lambda: isinstance(app.focused, AuthorPaperList) and view.expanded == 0)
        assert isinstance(app.focused, AuthorPaperList) and view.expanded == 0
        assert (profile.papers[0].abstract or "")[:40] in str(view.papers.get_option_at_index(0).prompt)
        await pilot.press("enter")  # two: the author's papers as a feed, on that paper
        await settle(pilot)
        assert len(app.screen_stack) == 1 and isinstance(app.focused, FeedTable)
        assert app.reader.status.view == f"Papers of {profile.name}"
        assert app.reader.current is not None and app.reader.current.title == profile.papers[0].title
        await pilot.press("backspace")  # back to the day, cursor where it was
        await settle(pilot)
        assert app.reader.key == FeedKey("day", DAY) and app.reader.feed.cursor == cursor


async def test_esc_and_q_return_to_the_feed_with_the_cursor_unchanged(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=SMALL) as pilot:
        paper = await many_authors(pilot)
        cursor = app.reader.feed.cursor
        await pilot.press("a", "j", "enter")
        await settle(pilot)
        assert isinstance(app.focused, AuthorPaperList)
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen_stack) == 1 and isinstance(app.focused, FeedTable)
        assert app.reader.feed.cursor == cursor and app.reader.current is not None
        assert app.reader.current.id == paper.id and app.reader.key == FeedKey("day", DAY)
        await pilot.press("a")
        await settle(pilot)
        full(app)
        await pilot.press("q")  # q goes back here; it does not quit
        await settle(pilot)
        assert app.is_running and len(app.screen_stack) == 1 and app.reader.feed.cursor == cursor


async def test_follow_and_refresh_work_on_the_full_screen(fake_server: FakeServer, scholar: ScholarState) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=SMALL) as pilot:
        paper = await many_authors(pilot)
        first = byline(scholar, paper)[0]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert full(app).status_text == f"followed · id {first['authorId']} · f to unfollow"
        assert first["authorId"] in app.reader.follow.followed_authors
        # r asks Semantic Scholar again although the profile is fresh; the metrics it brings are shown.
        scholar.authors[first["authorId"]]["hIndex"] += 5
        asked = len(scholar.requests_to(f"/s2/author/{first['authorId']}/papers"))
        await pilot.press("enter")  # r works from the papers too
        await pilot.press("r")
        await settle(pilot)
        assert len(scholar.requests_to(f"/s2/author/{first['authorId']}/papers")) == asked + 1
        view = full(app)
        assert view.profile is not None and view.profile.h_index == first["hIndex"]
        assert view.line_of(0) is not None and view.line_of(0).h_index == first["hIndex"]  # type: ignore[union-attr]
        assert "followed (f: unfollow)" in view.status_text


async def test_footer_at_80x24_keeps_help_and_quit_and_the_screen_shows_its_keys(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=SMALL) as pilot:
        await many_authors(pilot)
        keys = footer(app)
        assert "? Help" in keys and "q Quit" in keys, keys
        await pilot.press("a")
        await settle(pilot)
        keys = footer(app)
        assert {"? Help", "esc Back", "f Follow", "r Refresh"} <= set(keys), keys
        await pilot.press("escape")
        await settle(pilot)
        keys = footer(app)
        assert "? Help" in keys and "q Quit" in keys, keys


async def test_enter_before_the_papers_arrive_moves_in_when_they_do(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=SMALL) as pilot:
        await many_authors(pilot)
        app.reader.authors.debounce = 3.0  # the network waits: enter comes while "loading…"
        await pilot.press("a", "enter")
        view = full(app)
        assert isinstance(app.focused, AuthorList) and not view.papers.option_count
        await wait_until(pilot, lambda: view.papers.option_count > 0, timeout=20)
        await wait_until(pilot, lambda: isinstance(app.focused, AuthorPaperList) and view.expanded == 0)
        assert isinstance(app.focused, AuthorPaperList) and view.expanded == 0


async def test_offline_sample_on_the_full_screen() -> None:
    app = make_app(None, offline=True)
    async with running(app, size=SMALL) as pilot:
        paper = await go_to(pilot, lambda p: "Kaiwen Hu" in p.author_names)
        await pilot.press("a")
        await settle(pilot)
        view = full(app)
        index = paper.author_names.index("Kaiwen Hu")
        line = view.line_of(index)
        assert line is not None and (line.h_index, line.paper_count, line.citation_count) == (14, 6, 85)
        assert line.main_category == "LG"
        others = [i for i in range(len(paper.authors)) if i != index]
        assert all("no sample profile" in str(view.names.get_option_at_index(i).prompt) for i in others)
        await pilot.press(*["j"] * index)
        await settle(pilot)
        assert view.profile is not None and view.profile.name == "Kaiwen Hu"
        assert view.status_text == "bundled sample profile (works offline)"


async def test_r_in_the_sidebar_fetches_the_author_again(fake_server: FakeServer, scholar: ScholarState) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=WIDE) as pilot:
        paper = await many_authors(pilot)
        first = byline(scholar, paper)[0]
        await pilot.press("a")
        await settle(pilot)
        asked = len(scholar.requests_to(f"/s2/author/{first['authorId']}/papers"))
        scholar.authors[first["authorId"]]["citationCount"] += 1000
        await pilot.press("r")  # in the author list: this author, not the feed
        await settle(pilot)
        assert len(scholar.requests_to(f"/s2/author/{first['authorId']}/papers")) == asked + 1
        shown = app.reader.query_one("#authors", AuthorSidebar).profile
        assert shown is not None and shown.citation_count == first["citationCount"]


async def test_keymap_rebinds_the_screens_keys_by_id(
    fake_server: FakeServer, scholar: ScholarState, isolated_dirs: object
) -> None:
    import os
    from pathlib import Path

    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "papers-tui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text('[keymap]\nfollow-author = "Y"\nauthors-close = "H"\n')
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=SMALL) as pilot:
        paper = await many_authors(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "Y Follow" in footer(app) and "H Back" in footer(app), footer(app)
        await pilot.press("Y")
        await settle(pilot)
        assert byline(scholar, paper)[0]["authorId"] in app.reader.follow.followed_authors
        await pilot.press("escape")  # esc no longer closes the screen: H does
        await settle(pilot)
        assert isinstance(app.screen, AuthorScreen)
        await pilot.press("H")
        await settle(pilot)
        assert len(app.screen_stack) == 1
