"""Regenerate ``screenshots/list-sync.svg``: the reader asking before its first sync.

    python screenshots/make_list_sync_screenshot.py

The real app against the loopback fake (with its collection routes), a few
bookmarks, ``=`` then ``y`` to link: the shot shows the plan it asks about.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.app.harness import make_app, settle
from tests.fakes import collections_routes
from tests.fakes.hub_routes import make_dataset
from tests.fakes.server import FakeServer
from tui.config import Paths
from tui.models import FeedKey
from tui.screens.confirm_sync import ConfirmSyncScreen
from tui.services.reader.sample import load_sample
from tui.services.storage.library import UserLibrary

TOKEN = "hf_screenshot_token_0123456789"


async def main() -> None:
    server = FakeServer(make_dataset(10, 12, date(2025, 3, 3)), port=8765).start()
    collections_routes.install(server).add_user(TOKEN, "you")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for kind in ("cache", "data", "config"):
                (Path(tmp) / kind).mkdir()
                os.environ[f"XDG_{kind.upper()}_HOME"] = str(Path(tmp) / kind)
            os.environ["HF_TOKEN"] = TOKEN
            library = UserLibrary(Paths.from_env().library_db)
            # Real papers only: four of the bundled sample's (the recorded Hugging Face listings).
            for paper in [p for p in load_sample()[0] if p.has_arxiv_id][:4]:
                library.add_bookmark(paper)
            library.close()
            app = make_app(server.url, FeedKey("bookmarks"))
            async with app.run_test(size=(120, 32)) as pilot:
                await settle(pilot)
                await pilot.press("equals_sign")
                while not isinstance(app.screen, ConfirmSyncScreen):
                    await pilot.pause(0.02)
                await pilot.press("y")
                await pilot.pause(0.05)
                while not isinstance(app.screen, ConfirmSyncScreen):
                    await pilot.pause(0.02)
                await pilot.pause(0.2)
                print(app.save_screenshot("list-sync.svg", str(HERE)))
                await pilot.press("n")
                await settle(pilot)
            app.session.close_local()
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
