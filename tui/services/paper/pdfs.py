"""Downloading a paper's arXiv PDF into the user's PDF folder: resumable, verified, polite.

* Folder: ``--dir``, else ``pdf_dir`` in the config (or ``$PAPERS_TUI_PDF_DIR``), else ``papers-tui`` in the
  user's documents dir (the data dir when there is none).
* Name: ``<first author> <year> - <title> [<id>].pdf`` (:func:`pdf_filename`).
* Resumable: bytes arrive in ``NAME.pdf.part``; after a cut the download goes
  on from there with ``Range: bytes=N-`` (automatically, and on the next try).
* Verified: the body must start with ``%PDF-`` (arXiv sometimes answers with
  an HTML page: nothing is kept and the message says so) and end with ``%%EOF``.
* Polite: one request at a time, ``min_interval`` (arXiv's 3 s) between starts.
* A full disk keeps what arrived (to resume once there is room) and says so.
"""

from __future__ import annotations

import asyncio
import errno
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tui.models import Paper
from tui.services.errors import BadResponseError, ServiceError
from tui.services.formats.person_names import parse_name
from tui.services.formats.texmath import plain_text
from tui.services.net.http_stream import StreamingHttpService

PDF_ENDPOINT_ENV = "PAPERS_TUI_PDF_ENDPOINT"
DEFAULT_PDF_ENDPOINT = "https://arxiv.org"
MAX_PDF_BYTES = 300 * 2**20
_NAME_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+')

Progress = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None) as data arrives."""


class PdfError(Exception):
    """A download that did not give a PDF; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Downloaded:
    path: Path
    size: int
    resumed: bool
    """Some bytes came from an earlier, cut attempt (HTTP Range)."""
    already: bool = False
    """The file was already there: nothing was fetched."""


def default_folder(configured: str | None = None) -> Path:
    """*configured* (``Settings.pdf_dir``: the config's ``pdf_dir`` or ``$PAPERS_TUI_PDF_DIR``), else the
    documents folder's ``papers-tui``, else the data dir's ``pdfs``."""
    override = (configured or "").strip()
    if override:
        return Path(override).expanduser()
    documents = platformdirs.user_documents_path()
    if documents.is_dir() and documents != Path.home():
        return documents / "papers-tui"
    return platformdirs.user_data_path("papers-tui") / "pdfs"


def pdf_filename(paper: Paper) -> str:
    """``Vaswani 2017 - Attention Is All You Need [1706.03762].pdf``, safe on every file system."""
    first = next((name for name in paper.author_names if name.strip()), "")
    family = parse_name(plain_text(first)).family if first else ""
    stamp = paper.published_at or paper.submitted_at
    year = str(stamp.year) if stamp else "n.d."
    title = plain_text(paper.title) or "Untitled"
    ident = paper.id.replace("/", "_")

    def clean(text: str) -> str:
        return " ".join(_NAME_BAD.sub(" ", text).split()).strip(". ")

    head = " ".join(part for part in (clean(family), year) if part)
    title = clean(title)
    budget = 200 - len(f"{head} -  [{ident}].pdf".encode())
    while len(title.encode()) > budget:
        title = title[:-1].rstrip()
    return f"{head} - {title} [{ident}].pdf"


def _is_pdf_start(data: bytes) -> bool:
    return data.lstrip(b"\r\n\t ")[:5] == b"%PDF-"


def _disk_full(error: OSError) -> bool:
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


class PdfDownloader:
    """Fetches ``/pdf/ID`` from arXiv (or ``$PAPERS_TUI_PDF_ENDPOINT``)."""

    def __init__(
        self,
        http: StreamingHttpService | None = None,
        *,
        offline: bool = False,
        min_interval: float = 3.0,
        resume_attempts: int = 2,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        base = os.environ.get(PDF_ENDPOINT_ENV) or DEFAULT_PDF_ENDPOINT
        self.http = http or StreamingHttpService(base, service="arXiv", timeout=60.0, offline=offline)
        self.min_interval = min_interval
        self.resume_attempts = resume_attempts
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._last_start: float | None = None
        self.requests = 0

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _polite(self) -> None:
        if self._last_start is not None:
            wait = self._last_start + self.min_interval - self._clock()
            if wait > 0:
                await self._sleep(wait)
        self._last_start = self._clock()

    async def download(self, paper: Paper, folder: Path, on_progress: Progress | None = None) -> Downloaded:
        """The PDF of *paper* in *folder* (fetched, resumed, or already there).

        Raises:
            PdfError: no arXiv id, HTML instead of a PDF, 404, disk full, offline ... (one line).
        """
        if not paper.has_arxiv_id:
            raise PdfError(f"{paper.id} has no arXiv id: there is no arXiv PDF to download")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PdfError(f"cannot create the PDF folder {folder}: {error.strerror or error}") from error
        target = folder / pdf_filename(paper)
        if target.is_file() and _is_pdf_start(target.read_bytes()[:16]):
            return Downloaded(target, target.stat().st_size, resumed=False, already=True)
        partial = target.with_name(target.name + ".part")
        resumed = False
        async with self._lock:
            for attempt in range(self.resume_attempts + 1):
                await self._polite()
                try:
                    resumed |= await self._fetch(paper, partial, on_progress)
                    break
                except _Cut as cut:
                    if attempt == self.resume_attempts:
                        raise PdfError(f"{cut}; run it again to resume from {partial.stat().st_size:,} bytes") from cut
                    resumed = True
        self._verify(partial)
        try:
            os.replace(partial, target)
        except OSError as error:
            raise PdfError(f"cannot save {target}: {error.strerror or error}") from error
        return Downloaded(target, target.stat().st_size, resumed=resumed)

    async def _fetch(self, paper: Paper, partial: Path, on_progress: Progress | None) -> bool:
        """Append the rest of the PDF to *partial*; True when it resumed from earlier bytes."""
        offset = partial.stat().st_size if partial.is_file() else 0
        if offset and not _is_pdf_start(partial.read_bytes()[:16]):
            partial.unlink()
            offset = 0
        headers = {"Range": f"bytes={offset}-", "Accept": "application/pdf"} if offset else {"Accept": "application/pdf"}
        self.requests += 1
        try:
            async with self.http.stream(f"/pdf/{paper.id}", headers=headers, what=f"the PDF of {paper.id}") as response:
                status = response.status_code
                if status == 416 and offset:
                    return True  # the part file already holds everything
                if status == 404:
                    raise PdfError(f"arXiv has no PDF for {paper.id} (404)")
                if status >= 400:
                    raise PdfError(f"arXiv answered {status} for the PDF of {paper.id}; try again later")
                resuming = status == 206 and offset > 0
                total = _total(response.headers, offset if resuming else 0)
                if total is not None and total > MAX_PDF_BYTES:
                    raise PdfError(f"the PDF of {paper.id} is over {MAX_PDF_BYTES // 2**20} MB; not downloaded")
                mode = "ab" if resuming else "wb"
                received = offset if resuming else 0
                first = not resuming
                with partial.open(mode) as stream:
                    # Unsized: every byte that arrived is on disk when a cut interrupts the loop.
                    async for chunk in response.aiter_bytes():
                        if first:
                            first = False
                            if not _is_pdf_start(chunk):
                                stream.close()
                                partial.unlink(missing_ok=True)
                                kind = response.headers.get("content-type", "").split(";")[0] or "unknown"
                                raise PdfError(
                                    f"arXiv answered with a web page ({kind}) instead of the PDF of {paper.id};"
                                    " nothing was kept (open the abstract page in a browser)"
                                )
                        stream.write(chunk)
                        received += len(chunk)
                        if received > MAX_PDF_BYTES:
                            raise PdfError(f"the PDF of {paper.id} is over {MAX_PDF_BYTES // 2**20} MB; stopped")
                        if on_progress is not None:
                            on_progress(received, total)
                return resuming
        except OSError as error:
            if _disk_full(error):
                kept = partial.stat().st_size if partial.is_file() else 0
                raise PdfError(
                    f"disk full while saving the PDF of {paper.id}: {kept:,} bytes kept; free space and retry to resume"
                ) from error
            raise PdfError(f"cannot write {partial}: {error.strerror or error}") from error
        except BadResponseError as error:
            raise _Cut(f"the connection was cut during the PDF of {paper.id}") from error
        except ServiceError as error:
            raise PdfError(str(error)) from error

    @staticmethod
    def _verify(partial: Path) -> None:
        size = partial.stat().st_size
        with partial.open("rb") as stream:
            head = stream.read(16)
            stream.seek(max(0, size - 2048))
            tail = stream.read()
        if not _is_pdf_start(head) or b"%%EOF" not in tail:
            partial.unlink(missing_ok=True)
            raise PdfError("the download is not a complete PDF; nothing was kept")


class _Cut(Exception):
    """The body stopped early: what arrived is kept for a Range request."""


def _total(headers: Mapping[str, str], offset: int) -> int | None:
    match = re.match(r"bytes \d+-\d+/(\d+)", headers.get("content-range") or "")
    if match:
        return int(match.group(1))
    length = headers.get("content-length") or ""
    return offset + int(length) if length.isdigit() else None
