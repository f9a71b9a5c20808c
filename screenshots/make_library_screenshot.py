"""Regenerate screenshots/library.svg: tags on rows, a note in the abstract pane, two rows selected.

    python screenshots/make_library_screenshot.py

Uses the scene machinery of make_screenshots.py (real app, loopback fake, fresh XDG dirs).
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_screenshots import Scene, shoot  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from tests.app.harness import settle  # noqa: E402
from tests.fakes.hub_routes import make_dataset  # noqa: E402
from tests.fakes.server import FakeServer  # noqa: E402
from tui.models import FeedKey  # noqa: E402


async def _library(pilot: Pilot[int]) -> None:
    app = pilot.app
    reader = app.reader  # type: ignore[attr-defined]
    papers = [reader.feed.source.paper(i) for i in range(4)]
    lists = app.session.library.reading_lists  # type: ignore[attr-defined]
    lists.add_tag([p for p in papers[:3] if p], "to-read")
    lists.add_tag([p for p in papers[1:2] if p], "baseline")
    lists.add_to_list("related work", [p for p in papers[1:3] if p])
    first = papers[2]  # the cursor lands here after selecting two rows
    assert first is not None
    lists.save_note(first, "Compare with our ablation in section 4.\n\n- strong baseline\n- code is MIT",
                    base_revision=None)
    for key in ("space", "space"):
        await pilot.press(key)
    reader._refresh_pane()
    await settle(pilot)


async def main() -> None:
    server = FakeServer(make_dataset(10, 12, date(2025, 3, 3))).start()
    try:
        print(await shoot(Scene("library", FeedKey("day", "2025-03-11"), steps=_library), server))
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
