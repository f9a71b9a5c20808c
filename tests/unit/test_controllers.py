"""The reader's controllers without an App: a small fake stands in for the screen (ReaderUI)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from tests.fakes.server import FakeServer
from tui.controllers import ReaderUI, Severity
from tui.controllers.library import LibraryController
from tui.controllers.papers import PaperController
from tui.controllers.views import ViewController
from tui.models import Author, FeedKey, Listing, Paper
from tui.services.net.http import RetryPolicy
from tui.services.reader.rows import RowSource
from tui.services.session import Session, open_session
from tui.view_state import Marks, Status

TODAY = date(2025, 3, 12)


@dataclass
class FakeReader:
    """Records what the controllers ask of the screen; runs their work when the test says so."""

    key: FeedKey = field(default_factory=lambda: FeedKey("latest"))
    listing: Listing | None = None
    current: Paper | None = None
    hide_read: bool = False
    status: Status = field(default_factory=Status)
    marks: Marks = field(default_factory=Marks)
    highlighted: Paper | None = None
    said: list[tuple[str, Severity]] = field(default_factory=list)
    texts: list[tuple[str, str, str]] = field(default_factory=list)
    shown: list[tuple[str, list[str]]] = field(default_factory=list)
    empty: list[tuple[FeedKey, str]] = field(default_factory=list)
    queued: list[tuple[str, Coroutine[Any, Any, None]]] = field(default_factory=list)
    prompt_closed: int = 0
    opened: list[tuple[FeedKey, bool]] = field(default_factory=list)

    def highlighted_paper(self) -> Paper | None:
        return self.highlighted or self.current

    def say(self, message: str, *, severity: Severity = "information", timeout: float = 3) -> None:
        self.said.append((message, severity))

    def show_listing(self, listing: Listing, *, keep_cursor: bool = False, keep_position: bool = False,
                     cursor_id: str | None = None, unreachable: bool = False) -> None:
        self.listing = listing
        if listing.source != "sample":
            self.key = listing.key
        self.status = self.status._replace(view=listing.key.label, how_many=f"{len(listing.papers)} papers")
        self.shown.append((listing.key.label, [p.id for p in listing.papers]))

    def show_rows(self, key: FeedKey, source: RowSource, *, count: str, fresh: str, view: str | None = None) -> None:
        self.listing = None
        self.status = self.status._replace(view=view or key.label, how_many=count, freshness=fresh)
        self.shown.append((key.label, list(source.ids())))

    def show_empty(self, key: FeedKey, detail: str) -> None:
        self.listing = None
        self.empty.append((key, detail))

    def show_text(self, title: str, text: str, *, note: str, link: bool = False) -> None:
        self.texts.append((title, text, note))

    def run(self, work: Coroutine[Any, Any, None], *, group: str, exclusive: bool = True,
            after_paint: bool = False) -> None:
        self.queued.append((group, work))

    def open_view(self, key: FeedKey, *, refresh: bool = True) -> None:
        self.opened.append((key, refresh))

    def close_prompt(self) -> None:
        self.prompt_closed += 1

    def focus_feed(self) -> None:
        pass

    async def drain(self) -> list[str]:
        """Run queued work (and what it queues) to the end; the groups, in order."""
        groups: list[str] = []
        while self.queued:
            group, work = self.queued.pop(0)
            groups.append(group)
            await work
        return groups


def _conforms(ui: ReaderUI) -> ReaderUI:
    return ui


@pytest.fixture
async def session(fake_server: FakeServer) -> AsyncIterator[Session]:
    opened = open_session(endpoint=fake_server.url)
    opened.hub.http.retry = RetryPolicy(attempts=1, base_delay=0.01)
    opened.feeds.today = lambda: TODAY
    yield opened
    await opened.aclose()


def views_for(session: Session) -> tuple[FakeReader, ViewController, LibraryController]:
    ui = FakeReader()
    _conforms(ui)  # mypy: the fake is a ReaderUI
    library = LibraryController(session, ui)
    return ui, ViewController(session, ui, library), library


# -- views ----------------------------------------------------------------------------


async def test_opening_an_uncached_day_says_loading_then_shows_the_fetch(
    session: Session, fake_server: FakeServer
) -> None:
    ui, views, _ = views_for(session)
    day = FeedKey("day", "2025-03-05")
    views.open(day)
    assert ui.key == day
    assert await ui.drain() == ["open", "feed"]
    assert ui.empty == [(day, "loading…")]
    expected = [item["paper"]["id"] for item in fake_server.hub.days["2025-03-05"]]
    assert ui.shown == [(day.label, expected)] and ui.status.activity == ""


async def test_a_failed_refresh_keeps_the_view_and_says_why(session: Session, fake_server: FakeServer) -> None:
    from tests.fakes.server import server_error

    ui, views, _ = views_for(session)
    day = FeedKey("day", "2025-03-05")
    views.open(day)
    await ui.drain()
    fake_server.fail("/api/daily_papers", server_error(500))
    views.refresh()
    await ui.drain()
    assert ui.listing is not None and ui.listing.key == day
    assert ui.status.problem and ui.status.activity == ""


async def test_brackets_step_over_the_weekend_and_remember_nothing_after(session: Session) -> None:
    ui, views, _ = views_for(session)
    ui.key = FeedKey("day", "2025-03-10")
    views.shift(-1)
    await ui.drain()
    assert ui.key == FeedKey("day", "2025-03-07") and ui.shown[-1][1]
    assert views.stepping_to is None
    ui.key = FeedKey("day", TODAY.isoformat())
    views.shift(1)
    await ui.drain()
    assert ui.said[-1] == ("No later listing yet.", "information")


async def test_week_and_month_keys_are_anchored_on_the_day_on_screen(session: Session) -> None:
    ui, views, _ = views_for(session)
    ui.key = FeedKey("day", "2025-03-05")
    assert views.kind_key("week") == FeedKey("week", "2025-W10")
    assert views.kind_key("month") == FeedKey("month", "2025-03")
    ui.key = FeedKey("trending")
    ui.current = Paper(id="x", title="t", submitted_at=None)
    # Not about a date (trending, search, bookmarks ...): d opens the latest day, w / m the latest period.
    assert views.kind_key("day") == FeedKey("latest")
    assert views.kind_key("week").kind == "week" and views.kind_key("month").kind == "month"


async def test_hiding_read_papers_repaints_the_listing_on_screen(session: Session) -> None:
    ui, views, _ = views_for(session)
    ui.listing = Listing(FeedKey("day", "2025-03-05"), [Paper(id="a", title="A")], None, "cache")
    views.toggle_hide_read()
    assert ui.hide_read and ui.marks.show_unread and ui.said[-1][0] == "read papers hidden"
    assert ui.shown[-1] == (ui.listing.key.label, ["a"])


# -- library, search, read state --------------------------------------------------------------


async def test_search_shows_cached_hits_then_merges_hugging_face(session: Session, fake_server: FakeServer) -> None:
    ui, views, library = views_for(session)
    views.open(FeedKey("day", "2025-03-05"))
    await ui.drain()
    word = fake_server.hub.days["2025-03-05"][0]["paper"]["title"].split()[0].strip(":,")
    library.open_search(word)
    groups = await ui.drain()
    assert groups[:2] == ["search", "feed"] and ui.prompt_closed == 1
    assert ui.key == FeedKey("search", word) and ui.marks.remote
    library.view_shown(ui.key, ui.listing)
    assert any("remote ☁" in note for note in ui.status.notes)


async def test_an_empty_search_says_how_and_runs_nothing(session: Session) -> None:
    ui, _, library = views_for(session)
    library.open_search("   ")
    assert ui.empty == [(FeedKey("search", ""), "type something to search for: press /")]
    assert ui.queued == [] and ui.prompt_closed == 1


async def test_read_state_is_saved_and_marked(session: Session) -> None:
    ui, _, library = views_for(session)
    ui.current = Paper(id="2503.00001", title="Read me")
    library.toggle_read()
    await ui.drain()
    assert "2503.00001" in session.library.read_ids() and "2503.00001" in ui.marks.read
    assert ui.said[-1][0] == "marked read"
    library.toggle_read()
    await ui.drain()
    assert "2503.00001" not in session.library.read_ids() and ui.said[-1][0] == "marked unread"


async def test_F_on_a_future_month_says_it_has_not_started(session: Session) -> None:
    ui, _, library = views_for(session)
    ui.key = FeedKey("month", "2025-05")
    library.fetch_period()
    assert ui.queued == [] and "has not started yet" in ui.said[-1][0]


# -- paper actions -----------------------------------------------------------------------------


async def test_bookmarking_saves_marks_and_redraws_the_bookmarks_view(session: Session) -> None:
    ui = FakeReader(key=FeedKey("bookmarks"))
    papers = PaperController(session, ui, lambda: None)
    paper = Paper(id="2503.00002", title="Keep me", authors=(Author("Ada"),))
    ui.highlighted = paper
    papers.toggle_bookmark()
    await ui.drain()
    assert session.library.bookmarked_ids() == {"2503.00002"} and ui.marks.bookmarked == {"2503.00002"}
    assert ui.shown[-1][1] == ["2503.00002"] and ui.said[-1][0] == "bookmarked"


async def test_paper_actions_without_a_paper_or_a_link_say_so(session: Session) -> None:
    ui = FakeReader()
    papers = PaperController(session, ui, lambda: None)
    papers.open_code()
    assert ui.said[-1] == ("no paper selected", "warning")
    ui.highlighted = Paper(id="2503.00003", title="No code")
    papers.open_code()
    assert ui.said[-1] == ("no code link for this paper", "warning") and ui.queued == []


async def test_a_citation_nobody_could_take_is_shown_and_saved_to_a_file(session: Session) -> None:
    ui = FakeReader()
    papers = PaperController(session, ui, lambda: None)  # no terminal, no clipboard
    paper = Paper(id="2503.00004", title="Cite me", authors=(Author("Ada Lovelace"),))
    await papers.copy_citation(paper, "bibtex")
    assert ui.texts and ui.texts[0][0] == "BibTeX · 2503.00004" and "@" in ui.texts[0][1]
    assert ui.said[-1][0].startswith("BibTeX")
