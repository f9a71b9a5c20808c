"""PDF downloads against the loopback fake: names, progress, a cut resumed with Range, HTML, 404, disk full."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

import pytest

from tests.fakes.pdf_routes import PdfState, install, make_pdf
from tests.fakes.server import FakeServer
from tui.models import Author, Paper
from tui.services.net.http_stream import StreamingHttpService
from tui.services.paper.pdfs import PdfDownloader, PdfError, pdf_filename

PAPER = Paper(
    id="1706.03762",
    title="Attention Is All You Need",
    authors=(Author("Ashish Vaswani"), Author("Noam Shazeer")),
    published_at=datetime(2017, 6, 12, tzinfo=UTC),
)


SIZE = len(make_pdf(PAPER.id, 300_000))
HALF = SIZE // 2


@pytest.fixture
def pdf_server() -> Iterator[tuple[FakeServer, PdfState]]:
    with FakeServer() as server:
        yield server, install(server, PdfState(size=300_000))


def downloader(server: FakeServer, **kw: object) -> PdfDownloader:
    http = StreamingHttpService(server.url, service="arXiv", timeout=10.0)
    return PdfDownloader(http, min_interval=0.0, **kw)  # type: ignore[arg-type]


def test_file_names() -> None:
    assert pdf_filename(PAPER) == "Vaswani 2017 - Attention Is All You Need [1706.03762].pdf"
    odd = Paper(id="hep-th/9901001", title='a/b: "c" \x1b[31m?*' + "long " * 80, authors=(Author("Jan van der Berg"),))
    name = pdf_filename(odd)
    assert name.startswith("van der Berg n.d. - a b c [31m") and name.endswith("[hep-th_9901001].pdf")
    assert len(name.encode()) <= 200 and "/" not in name and "\x1b" not in name


async def test_download_with_progress(pdf_server: tuple[FakeServer, PdfState], tmp_path: Path) -> None:
    server, state = pdf_server
    seen: list[tuple[int, int | None]] = []
    pdfs = downloader(server)
    result = await pdfs.download(PAPER, tmp_path, lambda got, total: seen.append((got, total)))
    await pdfs.aclose()
    assert result.path.read_bytes() == make_pdf(PAPER.id, 300_000) and not result.resumed
    assert seen[-1] == (SIZE, SIZE) and len(seen) > 1
    assert not list(tmp_path.glob("*.part"))
    again = await downloader(server).download(PAPER, tmp_path)
    assert again.already and state.served[PAPER.id] == 1


async def test_a_cut_download_resumes_with_range(pdf_server: tuple[FakeServer, PdfState], tmp_path: Path) -> None:
    server, state = pdf_server
    state.cut_first.add(PAPER.id)
    result = await downloader(server).download(PAPER, tmp_path)
    assert result.resumed and result.path.read_bytes() == make_pdf(PAPER.id, 300_000)
    assert state.ranges == ["", f"bytes={HALF}-"]


async def test_a_cut_without_retries_keeps_the_part_for_next_time(
    pdf_server: tuple[FakeServer, PdfState], tmp_path: Path
) -> None:
    server, state = pdf_server
    state.cut_first.add(PAPER.id)
    with pytest.raises(PdfError, match=f"run it again to resume from {HALF:,} bytes"):
        await downloader(server, resume_attempts=0).download(PAPER, tmp_path)
    assert [p.stat().st_size for p in tmp_path.glob("*.part")] == [HALF]
    result = await downloader(server).download(PAPER, tmp_path)
    assert result.resumed and result.size == SIZE and state.ranges[-1] == f"bytes={HALF}-"


async def test_html_instead_of_pdf_keeps_nothing(pdf_server: tuple[FakeServer, PdfState], tmp_path: Path) -> None:
    server, state = pdf_server
    state.html.add(PAPER.id)
    with pytest.raises(PdfError, match="web page \\(text/html\\) instead of the PDF of 1706.03762; nothing was kept"):
        await downloader(server).download(PAPER, tmp_path)
    assert list(tmp_path.glob("*.pdf*")) == []
    state.missing.add("2401.00001")
    with pytest.raises(PdfError, match="no PDF for 2401.00001 \\(404\\)"):
        await downloader(server).download(Paper(id="2401.00001", title="x"), tmp_path)


async def test_no_arxiv_id_and_offline(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="no arXiv id"):
        await PdfDownloader(offline=True).download(Paper(id="local-1", title="x"), tmp_path)
    with pytest.raises(PdfError, match="offline"):
        await PdfDownloader(offline=True).download(PAPER, tmp_path)


async def test_disk_full_keeps_what_arrived(
    pdf_server: tuple[FakeServer, PdfState], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = pdf_server
    real_open = Path.open

    class FullDisk:
        def __init__(self, stream: object) -> None:
            self.stream, self.written = stream, 0

        def write(self, data: bytes) -> int:
            if self.written > 100_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.stream.write(data)  # type: ignore[attr-defined,no-any-return]

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()  # type: ignore[attr-defined]

    def fake_open(self: Path, mode: str = "r", *args: object, **kw: object) -> object:
        stream = real_open(self, mode, *args, **kw)  # type: ignore[call-overload]
        return FullDisk(stream) if self.suffix == ".part" and ("w" in mode or "a" in mode) else stream

    monkeypatch.setattr(Path, "open", fake_open)
    with pytest.raises(PdfError, match="disk full .* bytes kept; free space and retry to resume"):
        await downloader(server).download(PAPER, tmp_path)
    monkeypatch.undo()
    assert list(tmp_path.glob("*.part"))
    result = await downloader(server).download(PAPER, tmp_path)
    assert result.resumed and result.size == SIZE


async def test_requests_are_spaced_politely(pdf_server: tuple[FakeServer, PdfState], tmp_path: Path) -> None:
    server, _ = pdf_server
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    pdfs = PdfDownloader(StreamingHttpService(server.url, service="arXiv"), min_interval=3.0,
                         clock=lambda: 100.0, sleep=sleep)
    for number in range(3):
        await pdfs.download(Paper(id=f"2401.0000{number}", title=f"P{number}"), tmp_path)
    assert waits == [3.0, 3.0]
