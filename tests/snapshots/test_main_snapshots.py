"""SVG snapshots of the main screens (update with ``pytest --snapshot-update``)."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.app.harness import make_app, settle
from tests.fakes.server import FakeServer
from tui.models import FeedKey


async def _settled(pilot: Pilot[int]) -> None:
    await settle(pilot)


def test_loaded_feed(snap_compare, fake_server: FakeServer) -> None:  # type: ignore[no-untyped-def]
    app = make_app(fake_server.url, FeedKey("day", "2025-03-11"))
    assert snap_compare(app, terminal_size=(130, 36), run_before=_settled)


def test_offline_bundled_sample(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = make_app(None, offline=True)
    assert snap_compare(app, terminal_size=(130, 36), run_before=_settled)


def test_offline_day_not_cached(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = make_app(None, FeedKey("day", "2025-03-11"), offline=True)
    assert snap_compare(app, terminal_size=(100, 24), run_before=_settled)


def test_help_screen(snap_compare, fake_server: FakeServer) -> None:  # type: ignore[no-untyped-def]
    app = make_app(fake_server.url, FeedKey("day", "2025-03-11"))

    async def open_help(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(130, 40), run_before=open_help)
