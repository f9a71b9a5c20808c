"""Hostile or odd content: escapes neutralised, alignment kept, huge papers still usable."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.app.harness import make_app, running, settle
from tui.models import Author, FeedKey, Paper
from tui.services.session import open_session
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.feed_table import FeedTable

DAY = "2025-03-05"
NASTY = [
    "Evil \x1b]52;c;cm0gLXJmIH4=\x07 clipboard \x1b[2J\x1b[31mred",
    "Bell\x07 and \x9b31m C1 CSI and \x1bP tmux passthrough \x1b\\ end",
    "Right-to-left \u202etxt.exe\u202c and שלום עולם and مرحبا",
    "Combining: e\u0301 a\u0308 Z\u0335\u0327a\u0336l\u0337g\u0338o",
    "Emoji 🧪🤖👩‍🔬 and wide CJK 大規模言語モデルの推論 한국어 제목",
    "Unbalanced TeX $\\alpha^{2 \\frac{1}{ \\emph{x and \\unknowncmd{y} 50\\% $$",
]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def _seed_cache() -> list[Paper]:
    papers = [
        Paper(
            id=f"2503.0{i:04d}", title=title, summary=title * 3,
            authors=(Author("Zoë \x1b[5mBlink"), Author("山田 太郎")),
            submitted_at=datetime(2025, 3, 5, tzinfo=UTC), upvotes=i, num_comments=i,
        )
        for i, title in enumerate(NASTY)
    ]
    papers.append(Paper(
        id="2503.09999", title="A paper with a huge abstract and 2,000 authors",
        summary=("Long abstract sentence with $O(n^2)$ math. " * 2500)[:100_000],
        authors=tuple(Author(f"Author Number {i}") for i in range(2000)),
        submitted_at=datetime(2025, 3, 5, tzinfo=UTC),
    ))
    session = open_session(offline=True)
    session.store.save_listing(FeedKey("day", DAY), papers)
    session.close_local()
    return papers


async def test_feed_lines_are_clean_and_aligned() -> None:
    papers = _seed_cache()
    app = make_app(None, FeedKey("day", DAY), offline=True)
    async with running(app, size=(100, 30)):
        table = app.query_one(FeedTable)
        width = table.scrollable_content_region.width
        for y in range(len(papers)):
            strip = table.render_line(y)
            text = "".join(segment.text for segment in strip)
            assert strip.cell_length == width, (y, strip.cell_length, text)
            assert not _CONTROL.search(text), repr(text)


async def test_abstract_pane_and_authors_never_carry_escapes() -> None:
    papers = _seed_cache()
    app = make_app(None, FeedKey("day", DAY), offline=True)
    async with running(app, size=(100, 30)) as pilot:
        for paper in papers:
            rendered = "".join(seg.text for line in app.query_one(AbstractPane).lines() for seg in line)
            assert paper.id in rendered
            assert not _CONTROL.search(rendered), repr(rendered[:200])
            await pilot.press("j")
            await settle(pilot)
        # The last paper: 100 KB abstract and 2,000 authors, all listed in the sidebar.
        assert app.reader.current is not None and app.reader.current.id == "2503.09999"
        assert app.query_one("#author-list").option_count == 2000


async def test_tiny_terminal_and_back(tmp_path: object) -> None:
    _seed_cache()
    app = make_app(None, FeedKey("day", DAY), offline=True)
    async with running(app, size=(120, 36)) as pilot:
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        await pilot.press("j", "j")
        assert app.screen.has_class("-narrow") and app.screen.has_class("-short")
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert not app.screen.has_class("-narrow")
        assert app.reader.feed.cursor == 2
