"""Regenerate the SVG screenshots shown in the README.

    python screenshots/make_screenshots.py

Each scene runs the real app (``App.run_test``) against the loopback fake
service with fresh XDG dirs, presses keys like a person would, and saves an
SVG with Textual's ``save_screenshot``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.pilot import Pilot

from tests.app.harness import make_app, settle
from tests.fakes.hub_routes import make_dataset
from tests.fakes.server import FakeServer
from tui.models import FeedKey

Steps = Callable[[Pilot[int]], Awaitable[None]]


@dataclass
class Scene:
    name: str
    key: FeedKey | None
    online: bool = True
    steps: Steps | None = None
    size: tuple[int, int] = (140, 40)


async def _press(pilot: Pilot[int], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _help(pilot: Pilot[int]) -> None:
    await _press(pilot, "question_mark")


async def _scroll(pilot: Pilot[int]) -> None:
    await _press(pilot, "j", "j")


async def _authors(pilot: Pilot[int]) -> None:
    await _press(pilot, "j", "a")
    await pilot.pause(0.6)  # the sidebar waits a moment before asking Semantic Scholar
    await settle(pilot)


async def _search(pilot: Pilot[int]) -> None:
    await _press(pilot, "slash")
    for key in "learning":
        await pilot.press(key)
    await _press(pilot, "enter")


async def _cite(pilot: Pilot[int]) -> None:
    await _press(pilot, "C")


async def _for_you(pilot: Pilot[int]) -> None:
    from tui.services.for_you import evaluate

    app = pilot.app
    watches = app.reader.follow.store  # type: ignore[attr-defined]
    watches.add("topic", "title:learning")
    watches.add("keyword", "diffusion")
    evaluate(app.session.store, watches)  # 11 March is known: 12 March brings the news
    await _press(pilot, "a")
    await pilot.pause(0.6)
    await settle(pilot)
    await _press(pilot, "f", "escape", "right_square_bracket")
    await pilot.pause(0.3)
    await _press(pilot, "y", "j")
async def _paper(pilot: Pilot[int]) -> None:
    await _press(pilot, "j", "R")
    await _press(pilot, "right_square_bracket", "right_square_bracket", "tab")


async def _outline(pilot: Pilot[int]) -> None:
    await _press(pilot, "j", "R", "t", "j", "j")


async def _references(pilot: Pilot[int]) -> None:
    await _press(pilot, "j", "e", "j")


SCENES = [
    Scene("main", FeedKey("day", "2025-03-11"), steps=_scroll),
    Scene("authors", FeedKey("day", "2025-03-11"), steps=_authors),
    Scene("search", FeedKey("day", "2025-03-11"), steps=_search),
    Scene("citation", FeedKey("day", "2025-03-11"), steps=_cite),
    Scene("help", FeedKey("day", "2025-03-11"), steps=_help),
    Scene("offline-sample", None, online=False),
    Scene("for-you", FeedKey("day", "2025-03-11"), steps=_for_you),
    Scene("paper-view", FeedKey("day", "2025-03-11"), steps=_paper),
    Scene("paper-outline", FeedKey("day", "2025-03-11"), steps=_outline),
    Scene("references", FeedKey("day", "2025-03-11"), steps=_references),
]


def _fresh_dirs(root: Path) -> None:
    for kind in ("cache", "data", "config"):
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[f"XDG_{kind.upper()}_HOME"] = str(folder)
    for name in ("HF_TOKEN", "BROWSER", "SSH_CONNECTION", "SSH_TTY", "PAPERS_TUI_CONFIG"):
        os.environ.pop(name, None)


async def shoot(scene: Scene, server: FakeServer) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        _fresh_dirs(Path(tmp))
        os.environ["PAPERS_TUI_S2_ENDPOINT"] = server.url + "/s2"
        os.environ["PAPERS_TUI_ARXIV_ENDPOINT"] = server.url + "/arxiv"
        os.environ["PAPERS_TUI_ARXIV_INTERVAL"] = "0"
        os.environ["PAPERS_TUI_ARXIV_HTML_ENDPOINT"] = server.url + "/arxiv-html"
        app = make_app(server.url if scene.online else None, scene.key, offline=not scene.online)
        async with app.run_test(size=scene.size) as pilot:
            await settle(pilot)
            if scene.steps is not None:
                await scene.steps(pilot)
            path = Path(app.save_screenshot(f"{scene.name}.svg", str(HERE)))
        app.session.close_local()
    return path


async def main() -> None:
    server = FakeServer(make_dataset(10, 12, date(2025, 3, 3))).start()
    try:
        from tests.fakes import scholar_routes

        scholar_routes.install(server)
    except ImportError:
        pass
    from tests.fakes import fulltext_routes

    fulltext_routes.install(server)
    try:
        only = set(sys.argv[1:])
        for scene in SCENES:
            if not only or scene.name in only:
                print(await shoot(scene, server))
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
