"""arXiv's ``/pdf/ID`` for the loopback fake: real PDF bytes, HTTP Range, a cut, an HTML answer.

Point ``PAPERS_TUI_PDF_ENDPOINT`` at the server. In process mode,
``FAKE_PDF_CUT=1`` cuts every paper's first download halfway (the client must
resume with ``Range``), and ``FAKE_PDF_HTML=ID,ID`` answers those ids with an
HTML page, as arXiv does for some papers.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass, field

from tests.fakes.base import FakeRequest, FakeResponse

_PATH = re.compile(r"^/pdf/(.+?)(?:v\d+)?(?:\.pdf)?$")
_RANGE = re.compile(r"^bytes=(\d+)-$")
FAULT_HEADER = "X-Fake-Fault"


@functools.lru_cache(maxsize=16)
def make_pdf(paper_id: str, size: int = 400_000) -> bytes:
    """A small well-formed PDF (one empty page), padded with comment lines to *size* bytes."""
    body = (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
        b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>> endobj\n"
    )
    filler = f"% paper {paper_id} ".encode() + b"x" * 60 + b"\n"
    count = max(0, (size - 64 - len(body)) // len(filler) + 1)
    return body + filler * count + b"trailer <</Root 1 0 R>>\n%%EOF\n"


@dataclass
class PdfState:
    size: int = 400_000
    cut_first: set[str] = field(default_factory=set)
    """Ids whose next full download is cut halfway."""
    cut_all: bool = False
    """Cut the first download of every id (process mode)."""
    html: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    served: dict[str, int] = field(default_factory=dict)
    ranges: list[str] = field(default_factory=list)
    """Range headers received, in order ("" for none)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, request: FakeRequest) -> FakeResponse | None:
        match = _PATH.match(request.path)
        if match is None:
            return None
        paper_id = match.group(1)
        with self.lock:
            count = self.served.get(paper_id, 0)
            self.served[paper_id] = count + 1
            header = request.headers.get("range", "")
            self.ranges.append(header)
            if paper_id in self.missing:
                return FakeResponse.text("<html><body>Not found</body></html>", status=404)
            if paper_id in self.html:
                return FakeResponse.text("<!DOCTYPE html><html><body>Please verify you are human</body></html>")
            pdf = make_pdf(paper_id, self.size)
            ranged = _RANGE.match(header)
            if ranged:
                start = int(ranged.group(1))
                if start >= len(pdf):
                    return FakeResponse(416, b"", {"Content-Range": f"bytes */{len(pdf)}"})
                return FakeResponse(206, pdf[start:], {
                    "Content-Type": "application/pdf",
                    "Content-Range": f"bytes {start}-{len(pdf) - 1}/{len(pdf)}",
                    "Accept-Ranges": "bytes",
                })
            if paper_id in self.cut_first or (self.cut_all and count == 0):
                self.cut_first.discard(paper_id)
                half = len(pdf) // 2
                return FakeResponse(200, pdf[:half], {
                    "Content-Type": "application/pdf", "Accept-Ranges": "bytes",
                    FAULT_HEADER: f"cut:{len(pdf) - half}",
                })
            return FakeResponse(200, pdf, {"Content-Type": "application/pdf", "Accept-Ranges": "bytes"})


def install(server: object, state: PdfState | None = None) -> PdfState:
    """Add the ``/pdf/`` route to *server* (a :class:`~tests.fakes.server.FakeServer`)."""
    if state is None:
        state = PdfState(
            cut_all=os.environ.get("FAKE_PDF_CUT", "") == "1",
            html={i for i in os.environ.get("FAKE_PDF_HTML", "").split(",") if i},
        )
    server.handlers.append(state.handle)  # type: ignore[attr-defined]
    return state
