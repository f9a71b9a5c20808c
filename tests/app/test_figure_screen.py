"""Pilot tests of ``I`` (the figure overlay) on the real app against the loopback fake.

Without textual-image (or without an image protocol) the overlay shows the caption, the link and
one reason, and fetches nothing. With it (``pip install -e '.[images]'``), the image is fetched
from the fake's arXiv HTML route, drawn by the chosen textual-image widget and kept on disk.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from tests.app.harness import make_app, running, settle
from tests.fakes import fulltext_routes
from tests.fakes.fulltext_routes import FullTextState
from tests.fakes.helpers import recorder
from tests.fakes.server import FakeServer
from tui import image_terminal
from tui.app import PapersApp
from tui.image_terminal import NO_PROTOCOL, NOT_INSTALLED, ImageSupport
from tui.models import FeedKey
from tui.screens.figure_screen import FigureScreen
from tui.screens.paper_view import PaperViewScreen

DAY = FeedKey("day", "2025-03-05")
IMAGE_PATH = "/arxiv-html/html/2507.00150v1/"
"""The real recorded figure's src (in every page the fake builds) resolves under this path."""


@pytest.fixture(autouse=True)
def _forget_detection() -> Iterator[None]:
    image_terminal.reset()
    yield
    image_terminal.reset()


@pytest.fixture
def routes(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FullTextState:
    monkeypatch.setenv("PAPERS_TUI_ARXIV_HTML_ENDPOINT", fake_server.url + "/arxiv-html")
    monkeypatch.setenv("PAPERS_TUI_S2_ENDPOINT", fake_server.url + "/s2")
    return fulltext_routes.install(fake_server)


@pytest.fixture
async def pilot(fake_server: FakeServer, routes: FullTextState) -> AsyncIterator[Pilot[int]]:
    app = make_app(fake_server.url, DAY)
    await app.session.feeds.fetch(DAY)
    async with running(app, size=(100, 30)) as pilot:
        for _ in range(100):
            if app.reader.highlighted_paper() is not None:
                break
            await settle(pilot)
        yield pilot


def _text(screen: FigureScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    assert isinstance(content, Text)
    return content.plain


async def _open_figure(pilot: Pilot[int]) -> FigureScreen:
    await pilot.press("R")
    await settle(pilot)
    paper_view = pilot.app.screen
    assert isinstance(paper_view, PaperViewScreen)
    await pilot.press("I")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FigureScreen), "I opens the figure below the top of the text"
    return screen


async def test_without_the_extra_the_caption_link_and_reason_show_and_nothing_is_fetched(
        pilot: Pilot[int], routes: FullTextState, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(image_terminal, "extra_installed", lambda: False)  # as on a default install
    script, record = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    screen = await _open_figure(pilot)
    assert _text(screen, "#figure-caption").startswith("Figure 1: ")
    assert "distribution from 1,000 realizations" in _text(screen, "#figure-caption")
    url = _text(screen, "#figure-link")
    assert url.endswith(IMAGE_PATH + "plot1_distributions_600.png")
    assert _text(screen, "#figure-status") == NOT_INSTALLED
    assert not screen.query("#figure-picture")
    assert routes.requests_to(IMAGE_PATH) == []
    await pilot.press("o")  # the existing link action: the browser here, shown and copied over SSH
    await settle(pilot)
    assert record.read_text().splitlines() == [url]
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PaperViewScreen)


async def test_a_terminal_without_an_image_protocol_gets_the_reason(
        pilot: Pilot[int], routes: FullTextState) -> None:
    image_terminal.reset(ImageSupport(None, NO_PROTOCOL))  # what detect() says in tmux without passthrough
    screen = await _open_figure(pilot)
    assert _text(screen, "#figure-status") == NO_PROTOCOL
    assert routes.requests_to(IMAGE_PATH) == []


async def test_no_figure_on_screen_or_below_says_so(pilot: Pilot[int]) -> None:
    await pilot.press("R")
    await settle(pilot)
    await pilot.press("G", "I")
    await settle(pilot)
    app = pilot.app
    assert isinstance(app.screen, PaperViewScreen)
    assert any("no figure on this screen or below" in str(n.message) for n in app._notifications)


@pytest.mark.images
async def test_with_textual_image_the_figure_is_fetched_drawn_and_kept(
        pilot: Pilot[int], routes: FullTextState) -> None:
    widget = pytest.importorskip("textual_image.widget", reason="needs the images extra: pip install -e '.[images]'")
    # Under pytest stdout is no terminal: textual-image's own detection picks no protocol, and we say so.
    assert image_terminal.detect("auto") == ImageSupport(None, NO_PROTOCOL)
    image_terminal.reset()
    assert image_terminal.detect("tgp") == ImageSupport("tgp")  # PAPERS_TUI_IMAGES=tgp forces Kitty graphics
    screen = await _open_figure(pilot)
    picture = screen.query_one("#figure-picture")
    assert type(picture) is widget.TGPImage
    assert _text(screen, "#figure-status").startswith("PNG · 96×72 px")
    assert "fetched · drawn with Kitty graphics" in _text(screen, "#figure-status")
    assert len(routes.requests_to(IMAGE_PATH)) == 1
    cache_dir = Path(os.environ["XDG_CACHE_HOME"]) / "papers-tui" / "figures"
    assert [p.suffix for p in cache_dir.iterdir()] == [".png"]
    await pilot.press("escape", "I")  # again: from the disk, no second request
    await settle(pilot)
    again = pilot.app.screen
    assert isinstance(again, FigureScreen)
    assert "from the cache" in _text(again, "#figure-status")
    assert len(routes.requests_to(IMAGE_PATH)) == 1


@pytest.mark.images
async def test_a_broken_image_is_one_line_not_a_traceback(pilot: Pilot[int], routes: FullTextState) -> None:
    pytest.importorskip("textual_image.widget", reason="needs the images extra: pip install -e '.[images]'")
    from tests.fakes.base import FakeResponse

    routes.images["2507.00150v1/plot1_distributions_600.png"] = FakeResponse(
        200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, {"Content-Type": "image/png"})
    image_terminal.reset(ImageSupport("halfcell"))
    screen = await _open_figure(pilot)
    assert _text(screen, "#figure-status").startswith("the image could not be read (")
    assert not screen.query("#figure-picture")
    assert isinstance(pilot.app, PapersApp) and pilot.app.return_code is None
