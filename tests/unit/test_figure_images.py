"""Figure images against the loopback fake: the real page's figure URL, the disk cache, the limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import figure_png, fulltext_routes
from tests.fakes.base import FakeResponse
from tests.fakes.fulltext_routes import FullTextState
from tests.fakes.latexml_pages import paper_page
from tests.fakes.server import FakeServer, hang
from tui.config import Settings
from tui.services.net.clients import figure_http
from tui.services.net.http import HttpService, Limits
from tui.services.paper.arxiv_html import parse_arxiv_html
from tui.services.paper.figure_images import FigureError, FigureImages, image_kind, url_problem


def _images(server: FakeServer, cache_dir: Path | None, *, offline: bool = False, max_bytes: int = 10 * 2**20,
            deadline: float = 30.0) -> FigureImages:
    base = server.url + "/arxiv-html"
    http = HttpService(base, service="arXiv", offline=offline, limits=Limits(request_deadline=deadline))
    return FigureImages(cache_dir, http, base, offline=offline, max_bytes=max_bytes)


@pytest.fixture
def routes(fake_server: FakeServer) -> FullTextState:
    return fulltext_routes.install(fake_server)


@pytest.fixture
async def images(fake_server: FakeServer, routes: FullTextState, tmp_path: Path) -> AsyncIterator[FigureImages]:
    service = _images(fake_server, tmp_path)
    yield service
    await service.aclose()


def _figure_url(server: FakeServer) -> str:
    """The image URL of the real recorded Figure 1 (2507.00150v1's excerpt, in the fake's page), as the reader
    resolves it."""
    page = paper_page("2507.00150", "A page", ["An Author"], "An abstract.", [])
    document = parse_arxiv_html(page, "2507.00150", image_base=server.url + "/arxiv-html/html/")
    figure = next(b for b in document.blocks if b.kind == "figure")
    return figure.url


async def test_the_real_pages_figure_is_fetched_once_then_read_from_disk(
        images: FigureImages, fake_server: FakeServer, routes: FullTextState, tmp_path: Path) -> None:
    url = _figure_url(fake_server)
    assert url.endswith("/arxiv-html/html/2507.00150v1/plot1_distributions_600.png")
    first = await images.get(url)
    assert (first.kind, first.data, first.from_cache) == ("png", figure_png.PNG, False)
    assert first.path is not None and first.path.parent == tmp_path / "figures" and first.path.read_bytes() == first.data
    second = await images.get(url)
    assert second.from_cache and second.data == first.data
    assert len(routes.requests_to("/arxiv-html/html/2507.00150v1/")) == 1
    assert images.space() == (1, len(figure_png.PNG))


async def test_offline_after_one_view_shows_it_and_never_asks(fake_server: FakeServer, routes: FullTextState,
                                                              tmp_path: Path) -> None:
    url = _figure_url(fake_server)
    online = _images(fake_server, tmp_path)
    await online.get(url)
    await online.aclose()
    offline = _images(fake_server, tmp_path, offline=True)
    before = len(routes.log)
    assert (await offline.get(url)).from_cache
    with pytest.raises(FigureError, match="offline"):
        await offline.get(url.replace("plot1", "plot2"))
    assert len(routes.log) == before


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "not http"),
    ("data:image/png;base64,AAAA", "not http"),
    ("https://evil.example/x.png", "evil.example, not on arXiv"),
])
async def test_only_http_on_the_arxiv_origin_is_fetched(images: FigureImages, routes: FullTextState,
                                                        url: str, reason: str) -> None:
    with pytest.raises(FigureError, match=reason):
        await images.get(url)
    assert routes.log == []


def test_another_port_is_another_origin() -> None:
    assert url_problem("http://127.0.0.1:9/html/x.png", "http://127.0.0.1:8000/arxiv-html") is not None
    assert url_problem("http://127.0.0.1:8000/arxiv-html/html/x.png", "http://127.0.0.1:8000/arxiv-html") is None


async def test_a_body_over_the_cap_is_refused_and_not_kept(fake_server: FakeServer, routes: FullTextState,
                                                           tmp_path: Path) -> None:
    url = _figure_url(fake_server)
    capped = _images(fake_server, tmp_path, max_bytes=100)
    with pytest.raises(FigureError, match="more than"):
        await capped.get(url)
    await capped.aclose()
    assert capped.space() == (0, 0)


@pytest.mark.parametrize("answer", [
    FakeResponse.text("<!DOCTYPE html><html><body>Not an image</body></html>"),
    FakeResponse(200, b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                 {"Content-Type": "image/svg+xml"}),
])
async def test_what_is_not_a_raster_image_is_refused(images: FigureImages, fake_server: FakeServer,
                                                     routes: FullTextState, answer: FakeResponse) -> None:
    routes.images["2507.00150v1/plot1_distributions_600.png"] = answer
    with pytest.raises(FigureError, match="not a PNG, JPEG, GIF or WebP"):
        await images.get(_figure_url(fake_server))
    assert images.space() == (0, 0)


async def test_404_and_a_hanging_server_give_one_line(fake_server: FakeServer, routes: FullTextState,
                                                      tmp_path: Path) -> None:
    url = _figure_url(fake_server)
    routes.images["2507.00150v1/plot1_distributions_600.png"] = FakeResponse.text("Not Found", 404)
    service = _images(fake_server, tmp_path)
    with pytest.raises(FigureError, match="404"):
        await service.get(url)
    routes.images["2507.00150v1/plot1_distributions_600.png"] = hang()
    slow = _images(fake_server, tmp_path, deadline=0.3)
    with pytest.raises(FigureError, match="did not finish answering"):
        await slow.get(url)
    await service.aclose()
    await slow.aclose()


async def test_memory_only_without_a_cache_dir(fake_server: FakeServer, routes: FullTextState) -> None:
    service = _images(fake_server, None)
    url = _figure_url(fake_server)
    assert (await service.get(url)).path is None
    assert (await service.get(url)).data == figure_png.PNG
    assert len(routes.requests_to("/arxiv-html/html/2507.00150v1/")) == 1
    await service.aclose()


def test_clear_removes_the_kept_images(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "a.png").write_bytes(figure_png.PNG)
    service = FigureImages(tmp_path, HttpService("http://127.0.0.1:1", service="arXiv"), "http://127.0.0.1:1")
    assert service.clear() == 1 and service.space() == (0, 0)


def test_image_kinds_by_their_first_bytes() -> None:
    assert image_kind(figure_png.PNG) == "png"
    assert image_kind(b"\xff\xd8\xff\xe0rest") == "jpeg"
    assert image_kind(b"GIF89a...") == "gif"
    assert image_kind(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert image_kind(b"<html>") is None


def test_the_client_comes_from_the_session_settings() -> None:
    settings = Settings(arxiv_html_endpoint="http://127.0.0.1:5/x", request_deadline_seconds=7.0)
    http = figure_http(settings, offline=True)
    assert (http.base_url, http.offline, http.limits.request_deadline) == ("http://127.0.0.1:5/x", True, 7.0)


def test_cache_stats_counts_the_kept_images_and_cache_clear_removes_them(
        fake_server: FakeServer, routes: FullTextState, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    from tui.cli import main
    from tui.config import Paths

    cache_dir = Paths.from_env().cache_dir
    service = _images(fake_server, cache_dir)

    async def fetch() -> None:
        await service.get(_figure_url(fake_server))
        await service.aclose()

    asyncio.run(fetch())
    assert main(["cache", "stats"]) == 0
    assert f"figures     1 image, 0 KB in {cache_dir / 'figures'}" in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert "removed 1 figure image" in capsys.readouterr().out
    assert service.space() == (0, 0)
