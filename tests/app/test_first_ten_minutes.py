"""Pilot: the points of issue 11 that had no test where a user meets them.

Multi-day rows at 140 and 118 columns; ``d`` / ``w`` / ``m`` from views that are not
about a date; the go-to-date palette command; a partly cached month offline; a copy
inside a tmux whose ``set-clipboard`` is off.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from tests.app.harness import make_app, running, settle, wait_until
from tests.app.test_library import sync_days
from tests.app.test_library_keys import type_and_enter
from tests.fakes.server import FakeServer
from tui.app import PapersApp
from tui.models import FeedKey
from tui.screens.line_prompt import LinePrompt
from tui.services.system import clipboard
from tui.services.system.clipboard import FALLBACK_NAME, TMUX_FIX
from tui.widgets.feed_columns import AUTHOR_MAX, TITLE_TARGET

LATEST = "2025-03-12"  # the newest day of the fake's dataset (2025-03-03 .. 03-12)


def header(app: PapersApp) -> str:
    return "".join(seg.text for seg in app.reader.feed.render_line(0))


@pytest.mark.parametrize("width", [200, 140])
async def test_a_week_keeps_its_date_column_and_the_author_column_gives_way_first(
    fake_server: FakeServer, width: int
) -> None:
    await sync_days(fake_server)
    app = make_app(None, FeedKey("week", "2025-W10"), offline=True)
    async with running(app, size=(width, 45)):
        columns = app.reader.feed.columns()
        assert "Date" in header(app) and columns.date > 0  # rows of several days keep their date
        if width == 200:
            assert columns.author == AUTHOR_MAX and columns.title >= TITLE_TARGET
        else:
            # The author column went; the title has every cell the fixed columns leave.
            # (7:2 panes: at least 85 cells, as in a single-day view.)
            # Every cell of the row but the feed's own scrollbar cell (its last).
            assert columns.author == 0 and columns.total == app.reader.feed.scrollable_content_region.width - 1
            assert columns.title >= TITLE_TARGET


async def test_d_w_m_from_views_not_about_a_date_open_the_latest_day_week_month(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    app = make_app(None, FeedKey("library"), offline=True)
    async with running(app) as pilot:
        highlighted = app.reader.highlighted_paper()
        assert highlighted is not None
        await pilot.press("w")
        await settle(pilot)
        assert app.reader.key == FeedKey("week", "2025-W11")  # the latest day's week
        await pilot.press("slash", *"model", "enter")
        await settle(pilot)
        assert app.reader.key.kind == "search"
        await pilot.press("m")
        await settle(pilot)
        assert app.reader.key == FeedKey("month", "2025-03")
        await pilot.press("b", "B")
        await settle(pilot)
        assert app.reader.key == FeedKey("bookmarks")
        await pilot.press("j", "d")  # wherever the cursor is, d means the latest day
        await settle(pilot)
        assert app.reader.key == FeedKey("day", LATEST)


async def test_go_to_a_date_from_the_command_palette(fake_server: FakeServer) -> None:
    await sync_days(fake_server)
    app = make_app(None, FeedKey("day", LATEST), offline=True)
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Go to a date")
        commands = app.screen.query_one(CommandList)

        def offered() -> bool:  # the palette searches in a worker: the command is listed when it is done
            option = commands.highlighted_option
            return option is not None and "Go to a date" in str(option.prompt)

        await wait_until(pilot, offered)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LinePrompt)
        await type_and_enter(pilot, "2025-03-07")
        assert app.reader.key == FeedKey("day", "2025-03-07")
        assert len(app.reader.feed.source) == len(fake_server.hub.days["2025-03-07"])


async def test_a_partly_cached_month_opens_offline_and_says_how_much(fake_server: FakeServer) -> None:
    await sync_days(fake_server, date(2025, 3, 3), date(2025, 3, 7))
    app = make_app(None, FeedKey("month", "2025-03"), offline=True)
    async with running(app):
        expected = {item["paper"]["id"] for d in range(3, 8) for item in fake_server.hub.days[f"2025-03-0{d}"]}
        source = app.reader.feed.source
        assert {source.row(i).id for i in range(len(source))} == expected
        assert app.reader.status.view == "March 2025"
        assert "5 of 31 days cached" in app.reader.status.detail, app.reader.status.detail


async def test_a_copy_inside_tmux_without_set_clipboard_says_the_fix_and_saves_a_copy(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,4242,0")
    monkeypatch.setattr(clipboard, "tmux_option", lambda args, env: "off")
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        sent: list[bytes] = []
        app.clipboard_writer = lambda: sent.append  # type: ignore[method-assign]
        await pilot.press("c")
        await settle(pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert sent and "sent to the terminal's clipboard" in messages
        assert "set-clipboard" in messages and TMUX_FIX in messages
        saved = Path(os.environ["XDG_DATA_HOME"]) / "papers-tui" / FALLBACK_NAME
        current = app.reader.current
        assert current is not None and current.id in saved.read_text(encoding="utf-8")


@pytest.mark.parametrize(("size", "compact"), [((80, 24), True), ((140, 45), False)])
async def test_a_short_abstract_pane_puts_the_abstract_before_the_long_byline(
    size: tuple[int, int], compact: bool
) -> None:
    from rich.console import Group

    from tui.services.reader.sample import load_sample
    from tui.widgets.abstract_pane import AbstractPane

    first = load_sample()[0][0]
    assert len(first.authors) > 3 and first.code_url
    app = make_app(None, None, offline=True)
    async with running(app, size=size):
        pane = app.query_one(AbstractPane)
        content = pane.content
        assert isinstance(content, Group)
        texts = [getattr(part, "plain", "") for part in content.renderables]
        abstract_at = next(i for i, t in enumerate(texts) if t.startswith(first.summary.split()[0]))
        links_at = next(i for i, t in enumerate(texts) if t.startswith("code "))
        assert (links_at > abstract_at) == compact
        assert (f"et al. ({len(first.authors)} authors)" in texts[1]) == compact
