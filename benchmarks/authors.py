"""How fast a paper's authors' profiles appear, against the loopback fake with arXiv's real 3 s rule.

    python benchmarks/authors.py            # sidebar (Pilot) and CLI, five prolific authors
    python benchmarks/authors.py --authors 3 --papers 120
    python benchmarks/authors.py --only fullscreen   # a at 80x24: the authors full-screen

The fake serves a day whose first paper has N authors with M papers each (all
with arXiv ids, so categories need arXiv). ``PAPERS_TUI_ARXIV_INTERVAL`` is
left unset: arXiv's 3 s spacing applies, as in real use. Figures:

- sidebar: seconds from ``a`` to the first author's metrics and papers on
  screen, to that author's categories, and until every author's full profile
  (categories included) is ready (walking the authors with ``j``);
- CLI: ``papers-tui author --paper ID``: seconds until each author's block is
  printed, and in total.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.fakes import scholar_routes
from tests.fakes.hub_routes import make_dataset
from tests.fakes.scholar_routes import ScholarState, hub_author_id
from tests.fakes.server import FakeServer

DAY = "2025-03-12"


def prolific_server(authors: int, papers: int) -> tuple[FakeServer, str, list[str]]:
    """A started fake whose first paper on DAY has *authors* authors of *papers* papers each."""
    hub = make_dataset(10, 12, __import__("datetime").date(2025, 3, 3))
    first = hub.days[DAY][0]["paper"]
    names = [f"Prolific Author {i}" for i in range(authors)]
    first["authors"] = [{"name": n, "hidden": False} for n in names]
    server = FakeServer(hub).start()
    state: ScholarState = scholar_routes.install(server)
    for i, name in enumerate(names):
        aid = hub_author_id(name)
        for k in range(papers):
            arxiv_id = f"24{(k % 12) + 1:02d}.{i:01d}{k:04d}"
            state.add_author_paper(
                aid, title=f"Paper {k} of {name}", date=f"2024-{(k % 12) + 1:02d}-{(k % 27) + 1:02d}",
                arxiv_id=arxiv_id, authors=[(aid, name)], abstract="No links here.", citations=k,
                category="cs.LG" if k % 3 else "cs.CV",
            )
        state.authors[aid]["paperCount"] = papers
    return server, str(first["id"]), names


def _env(server: FakeServer, xdg: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PAPERS_TUI_ARXIV_INTERVAL"}
    for kind in ("cache", "data", "config"):
        (xdg / kind).mkdir(parents=True, exist_ok=True)
        env[f"XDG_{kind.upper()}_HOME"] = str(xdg / kind)
    env.update({
        "HF_ENDPOINT": server.url,
        "PAPERS_TUI_S2_ENDPOINT": server.url + "/s2",
        "PAPERS_TUI_ARXIV_ENDPOINT": server.url + "/arxiv",
    })
    return env


def cli_figures(authors: int, papers: int) -> None:
    server, paper_id, names = prolific_server(authors, papers)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = _env(server, Path(tmp))
            script = Path(sys.executable).with_name("papers-tui")
            argv = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
            start = time.monotonic()
            proc = subprocess.Popen([*argv, "author", "--paper", paper_id], env=env, cwd=REPO,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
            assert proc.stdout is not None
            seen: list[float] = []
            for line in proc.stdout:
                if any(line.startswith(n) for n in names):
                    seen.append(time.monotonic() - start)
            proc.wait()
            total = time.monotonic() - start
    finally:
        server.stop()
    shown = ", ".join(f"{t:.2f}" for t in seen)
    print(f"cli  author --paper ({authors} authors x {papers} papers): each author printed at [{shown}] s;"
          f" total {total:.2f} s; exit {proc.returncode}")


async def sidebar_figures(authors: int, papers: int) -> None:
    server, _, names = prolific_server(authors, papers)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for key, value in _env(server, Path(tmp)).items():
                os.environ[key] = value
            os.environ.pop("PAPERS_TUI_ARXIV_INTERVAL", None)
            from tests.app.harness import make_app, settle
            from tui.models import FeedKey
            from tui.widgets.author_sidebar import AuthorSidebar

            app = make_app(server.url, FeedKey("day", DAY))
            async with app.run_test(size=(140, 45)) as pilot:
                await settle(pilot)
                side = app.query_one(AuthorSidebar)

                async def until(check: object, timeout: float = 120.0) -> float:
                    begin = time.monotonic()
                    while not check():  # type: ignore[operator]
                        if time.monotonic() - begin > timeout:
                            raise TimeoutError
                        await asyncio.sleep(0.01)
                    return time.monotonic()

                def shown(i: int, *, categories: bool) -> bool:
                    profile = side.profile
                    return (
                        profile is not None and profile.name == names[i] and profile.h_index is not None
                        and len(profile.papers) >= min(papers, 50)
                        and (not categories or all(p.category for p in profile.papers[:40]))
                    )

                start = time.monotonic()
                # Not awaited: Pilot.press waits for the screen to go idle, which hides the timing.
                pressing = asyncio.create_task(pilot.press("a"))
                first = await until(lambda: shown(0, categories=False)) - start
                first_full = await until(lambda: shown(0, categories=True)) - start
                ids = [hub_author_id(n) for n in names]
                cache = app.reader.authors.service().cache
                complete = await until(lambda: all(
                    (p := cache.get_author(i)) is not None and all(x.category for x in p.papers[:40]) for i in ids
                )) - start
                await pressing
                walked = []
                for i in range(1, authors):  # every other author now shows at once
                    begin = time.monotonic()
                    await pilot.press("j")
                    await until(lambda i=i: shown(i, categories=True))
                    walked.append(time.monotonic() - begin)
            app.session.close_local()
    finally:
        server.stop()
    print(f"sidebar ({authors} authors x {papers} papers): first author's metrics + papers {first:.2f} s;"
          f" its categories {first_full:.2f} s; all {authors} authors complete {complete:.2f} s;"
          f" then j to each next author shows it in [{', '.join(f'{t:.2f}' for t in walked)}] s")


async def fullscreen_figures(authors: int, papers: int) -> None:
    """``a`` at 80x24 (the authors full-screen): when each part of the list is on screen."""
    server, _, _names = prolific_server(authors, papers)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for key, value in _env(server, Path(tmp)).items():
                os.environ[key] = value
            os.environ.pop("PAPERS_TUI_ARXIV_INTERVAL", None)
            from tests.app.harness import make_app, settle
            from tui.models import FeedKey
            from tui.screens.author_screen import AuthorScreen

            app = make_app(server.url, FeedKey("day", DAY))
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)

                async def until(check: object, timeout: float = 120.0) -> float:
                    begin = time.monotonic()
                    while not check():  # type: ignore[operator]
                        if time.monotonic() - begin > timeout:
                            raise TimeoutError
                        await asyncio.sleep(0.01)
                    return time.monotonic()

                def view() -> object:
                    return app.screen.sidebar if isinstance(app.screen, AuthorScreen) else None

                def lines(categories: bool) -> bool:
                    side = view()
                    got = [side.line_of(i) for i in range(authors)] if side is not None else []  # type: ignore[attr-defined]
                    return bool(got) and all(p is not None and p.h_index is not None
                                             and (not categories or p.main_category) for p in got)

                start = time.monotonic()
                pressing = asyncio.create_task(pilot.press("a"))  # not awaited: press waits for idle
                metrics = await until(lambda: lines(categories=False)) - start
                first = await until(lambda: view() is not None and view().papers.option_count > 0) - start  # type: ignore[attr-defined]
                complete = await until(lambda: lines(categories=True)) - start
                await pressing
            app.session.close_local()
    finally:
        server.stop()
    print(f"full-screen 80x24 ({authors} authors x {papers} papers): every author's metrics {metrics:.2f} s;"
          f" first author's papers {first:.2f} s; every author's main category {complete:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authors", type=int, default=5)
    parser.add_argument("--papers", type=int, default=250)
    parser.add_argument("--only", choices=["cli", "sidebar", "fullscreen"])
    args = parser.parse_args()
    if args.only in (None, "sidebar"):
        asyncio.run(sidebar_figures(args.authors, args.papers))
    if args.only in (None, "fullscreen"):
        asyncio.run(fullscreen_figures(args.authors, args.papers))
    if args.only in (None, "cli"):
        cli_figures(args.authors, args.papers)


if __name__ == "__main__":
    main()
