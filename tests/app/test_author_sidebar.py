"""Pilot tests: the author sidebar against the loopback Semantic Scholar / arXiv fake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.app.harness import make_app, running, settle, wait_until
from tests.fakes import scholar_routes
from tests.fakes.base import FakeResponse
from tests.fakes.scholar_routes import ScholarState
from tests.fakes.server import FakeServer
from tui.app import PapersApp
from tui.models import FeedKey, Paper
from tui.services.net.arxiv_api import main_category, short_category
from tui.widgets.author_sidebar import AuthorList, AuthorPaperList, AuthorSidebar
from tui.widgets.feed_table import FeedTable

DAY = "2025-03-11"


def sidebar(app: PapersApp) -> AuthorSidebar:
    return app.query_one(AuthorSidebar)


def byline(state: ScholarState, paper: Paper) -> list[dict[str, Any]]:
    """The S2 author records of *paper*, in byline order."""
    return [state.authors[aid] for aid in state.papers[f"arXiv:{paper.id}"]]


def head_text(app: PapersApp) -> str:
    return str(app.query_one("#profile-body").render())


async def go_to(pilot: Pilot[int], predicate: Callable[[Paper], bool]) -> Paper:
    """Move the feed cursor to the first paper matching *predicate*."""
    app = pilot.app
    assert isinstance(app, PapersApp)
    for index in range(len(app.reader.feed.source)):
        paper = app.reader.feed.source.paper(index)
        if paper is not None and predicate(paper):
            app.reader.feed.cursor = index
            await settle(pilot)
            assert app.reader.current is not None and app.reader.current.id == paper.id
            return paper
    raise AssertionError("no paper in the feed matches")


async def test_a_opens_the_first_authors_profile_and_j_the_next(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 3)
        await pilot.press("a")
        assert isinstance(app.focused, AuthorList)
        await settle(pilot)
        first = byline(scholar, paper)[0]
        shown = sidebar(app).profile
        assert shown is not None and shown.name == first["name"] == paper.authors[0].name
        assert (shown.h_index, shown.paper_count, shown.citation_count) == (
            first["hIndex"],
            first["paperCount"],
            first["citationCount"],
        )
        head = head_text(app)
        assert f"h-index {first['hIndex']}" in head and f"{first['citationCount']:,} citations" in head
        assert paper.title in [p.title for p in shown.papers]
        terms = scholar_routes.primary_categories(scholar, first["authorId"])
        assert shown.main_category == short_category(main_category(terms) or "")
        assert sidebar(app).status_text == "Semantic Scholar · arXiv"
        # One call gave every author's metrics.
        assert len(scholar.requests_to("/s2/paper/")) == 1

        await pilot.press("j")
        await settle(pilot)
        second = byline(scholar, paper)[1]
        shown = sidebar(app).profile
        assert shown is not None and (shown.name, shown.h_index) == (second["name"], second["hIndex"])
        assert len(scholar.requests_to("/s2/paper/")) == 1, "the byline came from the cache the second time"


async def test_code_marker_comes_from_the_hub(fake_server: FakeServer, scholar: ScholarState) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: bool(p.github_repo))
        await pilot.press("a")
        await settle(pilot)
        shown = sidebar(app).profile
        assert shown is not None
        line = next(p for p in shown.papers if p.arxiv_id == paper.id)
        assert line.has_code


async def test_browsing_the_feed_never_calls_scholar_and_choices_are_debounced(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        await pilot.press(*"jjjjjkk")
        await settle(pilot)
        assert scholar.log == [], "moving through the feed asked Semantic Scholar"
        paper = await go_to(pilot, lambda p: len(p.authors) >= 3)
        # Only the last of quick choices loads; a long debounce makes "quick" independent of machine load.
        app.reader.authors.debounce = 3.0
        await pilot.press("a", "j", "j")
        await settle(pilot)
        third = byline(scholar, paper)[2]
        asked = [r.path for r in scholar.requests_to("/s2/author/")]
        # `a` fetches every author of the paper side by side (so j shows the next one at once),
        # each exactly once: the author on screen shares the prefetch's request.
        assert sorted(asked) == sorted({f"/s2/author/{a['authorId']}/papers" for a in byline(scholar, paper)})
        assert len(scholar.requests_to(f"/s2/paper/arXiv:{paper.id}/authors")) == 1
        assert sidebar(app).profile is not None and sidebar(app).profile.name == third["name"]  # type: ignore[union-attr]


async def test_tab_into_the_sidebar_loads_the_first_author(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 2)
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, AuthorList)
        await settle(pilot)
        shown = sidebar(app).profile
        assert shown is not None and shown.name == paper.authors[0].name
        assert shown.h_index == byline(scholar, paper)[0]["hIndex"]


async def test_enter_shows_the_abstract_then_opens_the_paper_in_the_feed(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        await go_to(pilot, lambda p: len(p.authors) >= 1)
        await pilot.press("a")
        await settle(pilot)
        profile = sidebar(app).profile
        assert profile is not None and profile.papers
        # Two enters from the author list: the first paper's abstract, then the author's papers as a feed.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, AuthorPaperList)
        assert sidebar(app).expanded == 0
        prompt = str(sidebar(app).papers.get_option_at_index(0).prompt)
        assert (profile.papers[0].abstract or "")[:40] in prompt
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, FeedTable)
        assert app.reader.current is not None and app.reader.current.title == profile.papers[0].title
        assert app.reader.status.view == f"Papers of {profile.name}"
        assert len(app.reader.feed.source) == len({p.arxiv_id for p in profile.papers})


async def test_rate_limit_is_shown_then_the_profile(fake_server: FakeServer, scholar: ScholarState) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 1)
        scholar.rate_limit("/s2/paper", retry_after="1")
        await pilot.press("a")
        await wait_until(pilot, lambda: "rate limited, retrying in" in sidebar(app).status_text)
        await wait_until(pilot, lambda: sidebar(app).status_text == "Semantic Scholar · arXiv")
        shown = sidebar(app).profile
        assert shown is not None and shown.h_index == byline(scholar, paper)[0]["hIndex"]


async def test_an_error_is_shown_with_the_cached_papers_by_name(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 1)
        refused = FakeResponse.json({"error": "Unrecognized or unsupported fields"}, 400)
        # Twice: the sidebar and the prefetch of the other authors may each ask (they share
        # one request when they ask at the same moment).
        scholar.fail("/s2/paper", refused, refused)
        await pilot.press("a")
        await settle(pilot)
        status = sidebar(app).status_text
        assert "Semantic Scholar returned 400" in status and "listed below" in status
        shown = sidebar(app).profile
        assert shown is not None and paper.title in [p.title for p in shown.papers]


async def test_unknown_paper_falls_back_to_name_search_marked_uncertain(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 1)
        expected = byline(scholar, paper)[0]
        del scholar.papers[f"arXiv:{paper.id}"]  # S2 answers 404 for the paper
        await pilot.press("a")
        await settle(pilot)
        assert sidebar(app).status_text.startswith("match uncertain (found by name)")
        shown = sidebar(app).profile
        assert shown is not None and shown.uncertain and shown.h_index == expected["hIndex"]


async def test_offline_cached_profile_and_uncached_author(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    online = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(online) as pilot:
        paper = await go_to(pilot, lambda p: len(p.authors) >= 2)
        await pilot.press("a")
        await settle(pilot)
        fetched = sidebar(online).profile
        assert fetched is not None
    scholar.log.clear()

    offline = make_app(None, FeedKey("day", DAY), offline=True)
    async with running(offline) as pilot:
        await go_to(pilot, lambda p: p.id == paper.id)
        await pilot.press("a")
        await settle(pilot)
        cached = sidebar(offline).profile
        assert cached is not None
        assert (cached.name, cached.h_index, cached.citation_count) == (
            fetched.name,
            fetched.h_index,
            fetched.citation_count,
        )
        assert sidebar(offline).status_text.startswith("offline – cached")

        # Another paper none of whose authors was fetched online: its first author is not cached.
        known = {a.name for a in paper.authors}
        other = await go_to(pilot, lambda p: bool(p.authors) and p.authors[0].name not in known)
        await pilot.press("a")
        await settle(pilot)
        name = other.authors[0].name
        on_cached_day = [
            item["paper"]["title"]
            for item in fake_server.hub.days[DAY]
            if name in [a["name"] for a in item["paper"]["authors"] if not a.get("hidden")]
        ]
        count = len(on_cached_day)
        plural = "s" if count != 1 else ""
        assert sidebar(offline).status_text == (
            f"offline – not cached ({count} cached paper{plural} by this name listed below)"
        )
        shown = sidebar(offline).profile
        assert shown is not None and sorted(p.title for p in shown.papers) == sorted(on_cached_day)
    assert scholar.log == []


async def test_bundled_sample_profile_offline_without_any_server() -> None:
    app = make_app(None, offline=True)
    async with running(app) as pilot:
        assert app.reader.listing is not None and app.reader.listing.source == "sample"
        paper = await go_to(pilot, lambda p: p.author_names[:3] == ["Zhijie Jia", "Lin Chen", "Kaiwen Hu"])
        await pilot.press("a", "j", "j")
        await settle(pilot)
        shown = sidebar(app).profile
        assert shown is not None and shown.name == "Kaiwen Hu"
        assert (shown.main_category, shown.h_index, shown.paper_count, shown.citation_count) == (
            "LG",
            14,
            6,
            85,
        )
        assert len(shown.papers) == 6
        dates = [p.date for p in shown.papers]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert paper.title in [p.title for p in shown.papers]
        assert "bundled sample" in sidebar(app).status_text
        head = head_text(app)
        assert "h-index 14" in head and "85 citations" in head and "6 papers" in head

        await pilot.press("k")
        await settle(pilot)
        assert sidebar(app).status_text.startswith("offline – not cached (1 cached paper by this name")


async def test_leaving_for_another_paper_cancels_the_pending_profile(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        await go_to(pilot, lambda p: len(p.authors) >= 1)
        app.reader.authors.debounce = 60.0  # still waiting when the user leaves, however slow the machine
        await pilot.press("a")
        assert sidebar(app).status_text == "loading…"
        await pilot.press("escape", "j")
        # settle() re-raises the cancellation of the very workers this test cancels: wait on state.
        await wait_until(pilot, lambda: not any(w.group in ("author", "author-warm") for w in app.workers))
        await pilot.pause(0.12)
        assert scholar.log == [], "a profile nobody waits for was fetched"
        assert sidebar(app).profile is None and sidebar(app).target is None
        assert app.reader.current is not None and sidebar(app).paper is not None
        assert sidebar(app).paper.id == app.reader.current.id


async def test_a_in_a_terminal_too_narrow_for_the_sidebar_opens_the_authors_full_screen(
    fake_server: FakeServer, scholar: ScholarState
) -> None:
    from tui.screens.author_screen import AuthorScreen

    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app, size=(70, 30)) as pilot:
        assert not app.reader.query_one("#authors", AuthorSidebar).display
        paper = await go_to(pilot, lambda p: len(p.authors) >= 1)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AuthorScreen) and isinstance(app.focused, AuthorList)
        shown = app.screen.sidebar.profile
        assert shown is not None and shown.name == paper.authors[0].name
