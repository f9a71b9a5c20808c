"""A paper's figure images: fetched from arXiv once, kept on disk, shown offline after that.

The paper view's figure overlay asks :meth:`FigureImages.get` for the image of
a figure block. Only ``http(s)`` URLs on the arXiv HTML origin the text came
from are fetched (a page is untrusted: an ``<img src>`` must not make the
reader fetch from anywhere else), through the shared :class:`HttpService`
(deadline, retries, redirect rules) with a body cap of
:data:`MAX_IMAGE_BYTES`. What comes back must look like a PNG, JPEG, GIF or
WebP file by its first bytes; anything else (an HTML error page, an SVG) is
refused. Images are stored in ``figures/`` in the cache dir, named by the
SHA-256 of their URL, written whole or not at all.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tui.services.errors import OfflineError, ServiceError
from tui.services.net.deadlines import origin
from tui.services.net.http import HttpService
from tui.services.sanitize import clean_line

MAX_IMAGE_BYTES = 10 * 2**20
"""The largest figure image fetched (arXiv's are a few hundred kB)."""
DIR_NAME = "figures"
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


class FigureError(Exception):
    """Why a figure image cannot be had, as one line for the overlay."""


def image_kind(data: bytes) -> str | None:
    """``png`` / ``jpeg`` / ``gif`` / ``webp`` from the first bytes of *data*; None for anything else."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


@dataclass(frozen=True, slots=True)
class FigureImage:
    """One image's bytes, what they are, and where they are kept (None: memory only)."""

    url: str
    data: bytes
    kind: str
    path: Path | None
    from_cache: bool


def url_problem(url: str, allowed: str) -> str | None:
    """Why *url* is not fetched (not http(s), not on *allowed*'s origin), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"the image address is not http(s) ({clean_line(parts.scheme)[:10] or 'none'}): not fetched"
    if origin(url) != origin(allowed):
        host = clean_line(parts.hostname or "?")[:60]
        return f"the image is on {host}, not on arXiv: open the link instead"
    return None


class FigureImages:
    """Figure images through a disk cache.

    Args:
        cache_dir: the app's cache dir (images go in ``figures/`` there); None keeps them in memory.
        http: the HTTP service for the arXiv HTML origin (see :func:`tui.services.net.clients.figure_http`).
        allowed: the arXiv HTML endpoint; only URLs on its origin are fetched.
        max_bytes: the body cap.
    """

    def __init__(self, cache_dir: Path | None, http: HttpService, allowed: str, *, offline: bool = False,
                 max_bytes: int = MAX_IMAGE_BYTES) -> None:
        self.folder = cache_dir / DIR_NAME if cache_dir is not None else None
        self.http = http
        self.allowed = allowed
        self.offline = offline
        self.max_bytes = max_bytes
        self._memory: dict[str, FigureImage] = {}

    async def aclose(self) -> None:
        await self.http.aclose()

    def _path(self, url: str, kind: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / f"{hashlib.sha256(url.encode('utf-8', 'replace')).hexdigest()}.{kind}"

    def cached(self, url: str) -> FigureImage | None:
        """The image from the disk (or memory) cache; never touches the network."""
        hit = self._memory.get(url)
        if hit is not None:
            return hit
        for kind in ("png", "jpeg", "gif", "webp"):
            path = self._path(url, kind)
            if path is None:
                return None
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if image_kind(data) == kind:
                return FigureImage(url, data, kind, path, True)
        return None

    async def get(self, url: str) -> FigureImage:
        """The image at *url*: from the cache, else fetched and stored.

        Raises:
            FigureError: not fetchable, offline and not cached, the server failed, too big, not an image.
        """
        hit = await asyncio.to_thread(self.cached, url)
        if hit is not None:
            return hit
        problem = url_problem(url, self.allowed)
        if problem:
            raise FigureError(problem)
        if self.offline:
            raise FigureError("offline, and this image was never shown here before")
        try:
            response = await self.http.get(url, what="the figure image", max_bytes=self.max_bytes)
        except OfflineError as error:
            raise FigureError(f"{error}: the image is not cached") from error
        except ServiceError as error:
            raise FigureError(str(error)) from error
        data = response.content
        kind = image_kind(data)
        if kind is None:
            raise FigureError("arXiv sent something that is not a PNG, JPEG, GIF or WebP image; not shown")
        image = FigureImage(url, data, kind, self._path(url, kind), False)
        try:
            await asyncio.to_thread(self._store, image)
        except OSError:
            image = FigureImage(url, data, kind, None, False)  # a full disk still shows it, unsaved
        if image.path is None:
            self._memory[url] = image
        return image

    def _store(self, image: FigureImage) -> None:
        if image.path is None:
            return
        image.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=image.path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(image.data)
            os.replace(temporary, image.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def space(self) -> tuple[int, int]:
        """(images, bytes) kept on disk."""
        return figures_space(self.folder.parent) if self.folder is not None else (0, 0)

    def clear(self) -> int:
        """Remove every kept image; how many were removed."""
        self._memory.clear()
        return clear_figures(self.folder.parent) if self.folder is not None else 0


def figures_space(cache_dir: Path) -> tuple[int, int]:
    """(images, bytes) in ``figures/`` of *cache_dir* (for ``cache stats``)."""
    folder = cache_dir / DIR_NAME
    if not folder.is_dir():
        return 0, 0
    sizes = [p.stat().st_size for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    return len(sizes), sum(sizes)


def clear_figures(cache_dir: Path) -> int:
    """Remove the kept figure images (``cache clear``); how many were removed."""
    folder = cache_dir / DIR_NAME
    removed = 0
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
    return removed
