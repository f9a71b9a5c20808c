"""PDF download figures against the loopback fake: full downloads and downloads cut halfway then resumed.

    python -m benchmarks.pdf_download

Prints, per PDF size: wall time, throughput, bytes requested again after the
cut (0 means the Range resume fetched only the missing half), and the peak
Python memory during the download (it streams to disk; the fake server runs in
the same process, so its slice for a 206 answer is counted too).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import tracemalloc
from pathlib import Path

from tests.fakes.pdf_routes import PdfState, install, make_pdf
from tests.fakes.server import FakeServer
from tui.models import Paper
from tui.services.net.http_stream import StreamingHttpService
from tui.services.paper.pdfs import PdfDownloader


async def one(server: FakeServer, state: PdfState, size_mb: int, cut: bool, folder: Path) -> str:
    paper_id = f"2503.{size_mb:03d}{int(cut):02d}"
    state.size = size_mb * 2**20
    if cut:
        state.cut_first.add(paper_id)
    downloader = PdfDownloader(StreamingHttpService(server.url, service="arXiv", timeout=60), min_interval=0)
    make_pdf(paper_id, state.size)  # built before measuring: the fake's own copy is not the client's memory
    tracemalloc.start()
    started = time.perf_counter()
    result = await downloader.download(Paper(id=paper_id, title=f"Bench {size_mb} MB"), folder)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    await downloader.aclose()
    ranges = [r for r in state.ranges[-2:] if r] if cut else []
    resumed_from = int(ranges[-1].split("=")[1].rstrip("-")) if ranges else 0
    refetched = (result.size - resumed_from) - (result.size - result.size // 2) if cut else 0
    return (f"{size_mb:>4} MB  {'cut+resume' if cut else 'full      '}  {elapsed * 1000:8.0f} ms  "
            f"{result.size / 2**20 / elapsed:7.1f} MB/s  resumed={result.resumed!s:<5}  "
            f"re-fetched {max(refetched, 0):>7,} B  peak {peak / 2**20:5.1f} MB")


async def main() -> None:
    with FakeServer() as server, tempfile.TemporaryDirectory() as temp:
        state = install(server, PdfState())
        print("size     kind              time   throughput  resumed  re-fetched bytes  peak memory")
        for size in (1, 10, 50):
            for cut in (False, True):
                print(await one(server, state, size, cut, Path(temp)))


if __name__ == "__main__":
    asyncio.run(main())
