"""Rebinding by id from config.toml, the command palette, retries shown in the status line."""

from __future__ import annotations

import os
from pathlib import Path

from tests.app.harness import make_app, running, settle
from tests.fakes.server import FakeServer, rate_limited
from tui.models import FeedKey


def _write_config(xdg: Path, text: str) -> None:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "papers-tui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text)


async def test_keymap_rebinds_app_and_feed_commands(fake_server: FakeServer, isolated_dirs: Path) -> None:
    _write_config(isolated_dirs, '[keymap]\nview-trending = "W"\ncursor-down = "J"\n')
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        await pilot.press("J")
        assert app.reader.feed.cursor == 1
        await pilot.press("t")  # no longer bound
        await settle(pilot)
        assert app.reader.key == FeedKey("day", "2025-03-05")
        await pilot.press("W")
        await settle(pilot)
        assert app.reader.key == FeedKey("trending")


async def test_unknown_keymap_id_and_broken_config_are_notified(fake_server: FakeServer, isolated_dirs: Path) -> None:
    _write_config(isolated_dirs, '[keymap]\nlaunch-rockets = "x"\n')
    app = make_app(fake_server.url)
    async with running(app):
        messages = [n.message for n in app._notifications]
        assert any("launch-rockets" in m for m in messages)
    _write_config(isolated_dirs, "[keymap\n")
    broken = make_app(fake_server.url)
    async with running(broken):
        messages = [n.message for n in broken._notifications]
        assert any("config.toml" in m and "line 1" in m for m in messages)
        assert len(broken.reader.feed.source) > 0


async def test_command_palette_runs_registry_commands(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Trending")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.key == FeedKey("trending")


async def test_rate_limit_wait_is_shown_then_the_feed_loads(fake_server: FakeServer) -> None:
    fake_server.fail("/api/daily_papers", rate_limited(0.4))
    app = make_app(fake_server.url, FeedKey("day", "2025-03-05"))
    seen: list[str] = []
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(40):
            seen.append(app.reader.status.activity)
            if len(app.reader.feed.source):
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert any("rate limited, retrying in" in s for s in seen), seen
        assert len(app.reader.feed.source) == len(fake_server.hub.days["2025-03-05"])
    app.session.close_local()
