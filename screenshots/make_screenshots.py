"""Regenerate the SVG screenshots shown in the README, from the bundled sample only.

    python screenshots/make_screenshots.py [scene ...]

Every scene shows real data: the bundled sample (the real recorded Hugging Face
listings, then the seed pages' papers and the one real author profile), offline,
with fresh XDG dirs. Each runs the real app (``App.run_test``), presses keys like
a person would, and saves an SVG with Textual's ``save_screenshot``. The search
scene first puts the sample into the cache (what a first online run would do).

The paper-view, outline and references scenes first fill the full-text cache
through its real API, from real recorded answers only: the real arXiv page of
2507.00150v1 (``screenshots/real/``, a condensed transcription; its
``.source.txt`` says what was kept) parsed by the real parser, and Semantic
Scholar's real recorded ``/references`` pages (``tests/fakes/real/``) parsed by
the real client code, listed under the paper they were recorded for (DOI
10.2139/ssrn.2250500; none of the bundled sample's papers has a recorded
answer). Re-run after a parser change: the SVGs follow the code.

    python screenshots/make_screenshots.py paper-view outline references
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.pilot import Pilot

from tests.app.harness import make_app, settle
from tui.config import Paths
from tui.models import FeedKey
from tui.services.reader.sample import load_sample
from tui.services.storage.store import CacheStore

Steps = Callable[[Pilot[int]], Awaitable[None]]


@dataclass
class Scene:
    name: str
    key: FeedKey | None
    steps: Steps | None = None
    size: tuple[int, int] = (140, 40)
    cached: bool = False
    """Put the bundled sample into the cache first (for search)."""
    full_text: bool = False
    """Put the real recorded paper page and references into the full-text cache first."""


async def _press(pilot: Pilot[int], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _help(pilot: Pilot[int]) -> None:
    await _press(pilot, "question_mark")


async def _scroll(pilot: Pilot[int]) -> None:
    await _press(pilot, "j", "j")


async def _authors(pilot: Pilot[int]) -> None:
    """Kaiwen Hu's real profile (from the seed pages), on one of his papers."""
    from tui.app import PapersApp

    app = pilot.app
    assert isinstance(app, PapersApp)
    feed = app.reader.feed
    index = next(
        i for i in range(len(feed.source))
        if (paper := feed.source.paper(i)) is not None and "Kaiwen Hu" in paper.author_names
    )
    feed.cursor = index
    await settle(pilot)
    author = feed.source.paper(index).author_names.index("Kaiwen Hu")  # type: ignore[union-attr]
    await _press(pilot, "a", *["j"] * author)


async def _authors_small(pilot: Pilot[int]) -> None:
    """At 80x24 the sidebar does not fit: a opens the authors full-screen (Kaiwen Hu's real profile)."""
    await _authors(pilot)
    await _press(pilot, "enter")


async def _search(pilot: Pilot[int]) -> None:
    await _press(pilot, "slash")
    for key in "agents":
        await pilot.press(key)
    await _press(pilot, "enter")


async def _cite(pilot: Pilot[int]) -> None:
    await _press(pilot, "C")


async def _library(pilot: Pilot[int]) -> None:
    """Tags on rows, a note in the abstract pane, two rows selected (your library, issue 13)."""
    app = pilot.app
    reader = app.reader  # type: ignore[attr-defined]
    papers = [p for p in (reader.feed.source.paper(i) for i in range(4)) if p is not None]
    lists = app.session.library.reading_lists  # type: ignore[attr-defined]
    lists.add_tag(papers[:3], "to-read")
    lists.add_tag(papers[1:2], "baseline")
    lists.add_to_list("related work", papers[1:3])
    lists.save_note(papers[2], "Compare with our ablation in section 4.\n\n- strong baseline\n- code is MIT",
                    base_revision=None)
    reader.shelf.load_marks()
    await settle(pilot)
    await _press(pilot, "space", "space")


async def _for_you(pilot: Pilot[int]) -> None:
    """A topic and a keyword followed: the cached papers that match, each saying why."""
    app = pilot.app
    watches = app.reader.follow.store  # type: ignore[attr-defined]
    watches.add("topic", "title:agents")
    watches.add("keyword", "video")
    await _press(pilot, "y", "j")


REAL = HERE / "real"
RECORDED = HERE.parent / "tests" / "fakes" / "real"
PAPER_ID = "2507.00150"
"""The real recorded arXiv HTML page (not in the bundled sample: none of those pages is recorded)."""
REFERENCES_OF = "10.2139/ssrn.2250500"
"""The paper Semantic Scholar's recorded /references answer is for (its request URL says so)."""


def _fill_full_text(cache_dir: Path) -> None:
    """The recorded page and references, through the same parsers and cache calls the app uses."""
    import json

    from tui.services.net.graph import GraphListing, parse_edge_page
    from tui.services.paper.arxiv_html import parse_arxiv_html
    from tui.services.paper.fulltext import DEFAULT_ARXIV_HTML
    from tui.services.sanitize import clean_json
    from tui.services.storage.fulltext_cache import FullTextCache

    cache = FullTextCache.in_cache_dir(cache_dir)
    html = (REAL / "html_2507.00150v1_condensed.html").read_text(encoding="utf-8")
    document = parse_arxiv_html(html, PAPER_ID, image_base=DEFAULT_ARXIV_HTML + "/html/")
    document.source_url = f"{DEFAULT_ARXIV_HTML}/html/{PAPER_ID}"
    cache.put_document(document, len(html.encode()))
    entries = []
    for name in ("s2py_test_get_paper_references_0.json", "s2py_test_get_paper_references_1.json"):
        page = clean_json(json.loads((RECORDED / name).read_text(encoding="utf-8")))  # the client's one gate
        entries += parse_edge_page(page, "citedPaper")[0]
    cache.put_graph(GraphListing("references", REFERENCES_OF, entries, total=len(entries)))
    cache.close()


async def _paper_view(pilot: Pilot[int]) -> None:
    """R on a paper: the recorded page from the cache, offline, at its first screen."""
    pilot.app.reader.reading.open_paper_view(PAPER_ID, None)  # type: ignore[attr-defined]
    await settle(pilot)


async def _outline(pilot: Pilot[int]) -> None:
    """t: the outline over the text, at the section being read."""
    pilot.app.reader.reading.open_paper_view(PAPER_ID, None)  # type: ignore[attr-defined]
    await settle(pilot)
    await _press(pilot, *["right_square_bracket"] * 2, "t")


async def _figure(pilot: Pilot[int]) -> None:
    """I on Figure 1 where no image can be drawn (a default install): caption, link and the reason."""
    from tui import image_terminal

    image_terminal.reset(image_terminal.ImageSupport(None, image_terminal.NOT_INSTALLED))
    pilot.app.reader.reading.open_paper_view(PAPER_ID, None)  # type: ignore[attr-defined]
    await settle(pilot)
    await _press(pilot, *["right_square_bracket"] * 3, "I")


async def _references(pilot: Pilot[int]) -> None:
    """The references feed of the paper the recorded answer belongs to (title-only rows, as recorded)."""
    from tui.models import Paper
    from tui.screens.graph_feed import GraphFeedScreen

    app = pilot.app
    reader = app.reader  # type: ignore[attr-defined]
    _ = reader.reading  # opens the shared reading services, as R or e would
    paper = Paper(id=REFERENCES_OF, title=REFERENCES_OF)
    app.push_screen(GraphFeedScreen(app.session, "references", paper, reader._shared_reading))  # type: ignore[attr-defined]
    await settle(pilot)
    await _press(pilot, "j", "j")


SCENES = [
    Scene("main", None, steps=_scroll),
    Scene("authors", None, steps=_authors),
    Scene("authors-80x24", None, steps=_authors_small, size=(80, 24)),
    Scene("search", None, steps=_search, cached=True),
    Scene("citation", None, steps=_cite),
    Scene("help", None, steps=_help),
    Scene("offline-sample", None),
    Scene("library", None, steps=_library),
    Scene("for-you", None, steps=_for_you, cached=True),
    Scene("paper-view", None, steps=_paper_view, full_text=True),
    Scene("outline", None, steps=_outline, full_text=True),
    Scene("references", None, steps=_references, full_text=True),
    Scene("figure", None, steps=_figure, size=(100, 30), full_text=True),
]


def _fresh_dirs(root: Path) -> None:
    for kind in ("cache", "data", "config"):
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[f"XDG_{kind.upper()}_HOME"] = str(folder)
    for name in ("HF_TOKEN", "BROWSER", "SSH_CONNECTION", "SSH_TTY", "PAPERS_TUI_CONFIG"):
        os.environ.pop(name, None)


async def shoot(scene: Scene) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        _fresh_dirs(Path(tmp))
        if scene.cached:
            store = CacheStore(Paths.from_env().cache_db)
            store.upsert_papers(load_sample()[0])
            store.close()
        if scene.full_text:
            _fill_full_text(Paths.from_env().cache_dir)
        app = make_app(None, scene.key, offline=True)
        async with app.run_test(size=scene.size) as pilot:
            await settle(pilot)
            if scene.steps is not None:
                await scene.steps(pilot)
            path = Path(app.save_screenshot(f"{scene.name}.svg", str(HERE)))
        app.session.close_local()
    return path


async def main() -> None:
    only = set(sys.argv[1:])
    for scene in SCENES:
        if not only or scene.name in only:
            print(await shoot(scene))


if __name__ == "__main__":
    asyncio.run(main())
