"""arXiv's export API, used for papers' primary categories: the Atom parser and the paced client.

arXiv asks for one request every 3 s; :class:`ArxivClient` queues callers behind one
lock and spaces requests by ``min_interval``, batching up to 100 ids a request.
"""

from __future__ import annotations

import asyncio
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.models import is_arxiv_id
from tui.services.errors import BadResponseError, HttpStatusError, ServiceError
from tui.services.net.http import HttpService, Limits, RetryNotice, RetryPolicy, ServiceClient, phase
from tui.services.sanitize import clean_line

if TYPE_CHECKING:
    import httpx

ARXIV_SERVICE = "arXiv"
DEFAULT_ARXIV_ENDPOINT = "https://export.arxiv.org/api"
ATOM_NS = "http://www.w3.org/2005/Atom"
ARXIV_NS = "http://arxiv.org/schemas/atom"
ARXIV_BATCH = 100
ARXIV_MIN_INTERVAL = 3.0
"""arXiv terms of use: at most one request every three seconds."""


def _strip_version(arxiv_id: str) -> str:
    head, sep, tail = arxiv_id.rpartition("v")
    if sep and head and tail.isdigit() and (head[-1].isdigit()):
        return head
    return arxiv_id


def _entry_id(raw: str) -> str:
    """``http://arxiv.org/abs/2503.01234v2`` -> ``2503.01234`` (old style keeps its slash)."""
    text = raw.strip()
    marker = "/abs/"
    if marker in text:
        text = text.split(marker, 1)[1]
    return _strip_version(text)


def parse_atom_categories(xml: str) -> dict[str, str]:
    """``{arxiv_id: primary_category_term}`` from an arXiv API Atom feed.

    Raises:
        BadResponseError: the text is not XML, or the feed is arXiv's error
            feed (an entry titled ``Error``; its summary becomes the message).
    """
    try:
        root = ET.fromstring(xml)
    except (ET.ParseError, RecursionError) as error:
        raise BadResponseError("arXiv sent malformed XML", service=ARXIV_SERVICE) from error
    result: dict[str, str] = {}
    for entry in root.iter(f"{{{ATOM_NS}}}entry"):
        title = (entry.findtext(f"{{{ATOM_NS}}}title") or "").strip()
        if title == "Error":
            summary = clean_line(entry.findtext(f"{{{ATOM_NS}}}summary") or "unknown error")[:200]
            raise BadResponseError(f"arXiv: {summary}", service=ARXIV_SERVICE)
        raw_id = entry.findtext(f"{{{ATOM_NS}}}id")
        primary = entry.find(f"{{{ARXIV_NS}}}primary_category")
        term = clean_line(primary.get("term") if primary is not None else None)
        entry_id = _entry_id(clean_line(raw_id)) if raw_id else ""
        # A category is a short token (cs.LG, hep-th, cond-mat.str-el): anything else is refused.
        if is_arxiv_id(entry_id) and _CATEGORY.match(term):
            result[entry_id] = term
    return result


_CATEGORY = re.compile(r"^[a-z][a-z-]{0,20}(\.[A-Za-z][A-Za-z-]{0,20})?$")


def arxiv_error(body: str) -> ServiceError:
    """The error arXiv explains in the Atom feed it sends with HTTP 400 (its ``Error`` entry)."""
    try:
        parse_atom_categories(body)
    except BadResponseError as error:
        if str(error).startswith("arXiv: "):  # the message comes from the network: one clean, short line
            return BadResponseError(clean_line(str(error))[:200], service=ARXIV_SERVICE)
    return HttpStatusError("arXiv returned 400 (bad request)", status=400, service=ARXIV_SERVICE)


def short_category(term: str) -> str:
    """A category without its archive prefix, upper-cased.

    ``cs.LG`` -> ``LG``, ``stat.ML`` -> ``ML``, ``cond-mat.str-el`` -> ``STR-EL``,
    ``hep-lat`` (an archive with no subject classes) -> ``HEP-LAT``.
    """
    text = term.strip()
    return text.rsplit(".", 1)[-1].upper() if text else ""


def main_category(categories: list[str]) -> str | None:
    """The most common category, or None for an empty list.

    Args:
        categories: one entry per paper, **newest paper first** (empty strings
            are ignored). A tie goes to the category of the most recent paper
            among the tied ones, i.e. the one that appears first in the list.
    """
    present = [c for c in categories if c]
    if not present:
        return None
    counts = Counter(present)
    best = max(counts.values())
    return next(c for c in present if counts[c] == best)


class ArxivClient(ServiceClient):
    """arXiv export API, used only for papers' primary categories.

    Requests are serialised through one :class:`asyncio.Lock` and spaced at
    least ``min_interval`` seconds apart (measured from the end of the previous
    request), so calls from several tasks queue instead of overlapping.
    Callers should pass well-formed ids: one malformed id makes arXiv answer
    the whole batch with an error feed.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        min_interval: float = ARXIV_MIN_INTERVAL,
        batch_size: int = ARXIV_BATCH,
        retry: RetryPolicy | None = None,
        offline: bool = False,
        on_retry: RetryNotice | None = None,
        timeout: float = 30.0,
        limits: Limits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Create the client.

        Args:
            base_url: ``Settings.arxiv_endpoint``; defaults to the public API.
            min_interval: seconds between requests (arXiv asks for 3).
            batch_size: ids per request, at most 100.
            retry: defaults to backing off by ``min_interval`` so retries also
                respect the terms of use.
        """
        base = base_url or DEFAULT_ARXIV_ENDPOINT
        self.min_interval = min_interval
        self.batch_size = max(1, min(batch_size, ARXIV_BATCH))
        self._clock = clock
        self._lock = asyncio.Lock()
        self._last_request: float | None = None
        self.http = HttpService(
            base,
            service=ARXIV_SERVICE,
            timeout=timeout,
            limits=limits,
            retry=retry or RetryPolicy(base_delay=max(min_interval, 0.01)),
            offline=offline,
            on_retry=on_retry,
            transport=transport,
        )

    async def primary_categories(self, ids: list[str]) -> dict[str, str]:
        """``{arxiv_id: "cs.LG"}`` for the ids arXiv knows (versionless ids).

        Raises:
            BadResponseError: malformed XML or an arXiv error feed.
        """
        # One malformed id makes arXiv refuse the whole batch (and ids go into the query): arXiv forms only.
        unique = list(dict.fromkeys(i.strip() for i in ids if i and is_arxiv_id(i.strip())))
        result: dict[str, str] = {}
        with phase(f"the categories of {len(unique)} papers", seconds=self.http.limits.phase_deadline):
            for start in range(0, len(unique), self.batch_size):
                batch = unique[start : start + self.batch_size]
                xml = await self._query(batch)
                result.update(parse_atom_categories(xml))
        return result

    async def wait_turn(self) -> None:
        """Until arXiv's spacing allows the next request (so a batch can be filled until then)."""
        if self._last_request is not None:
            wait = self._last_request + self.min_interval - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)

    async def _query(self, batch: list[str]) -> str:
        async with self._lock:
            if self._last_request is not None:
                wait = self._last_request + self.min_interval - self._clock()
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                status, text = await self.http.get_text_or_error_body(
                    "/query",
                    {"id_list": ",".join(batch), "max_results": len(batch)},
                    what=f"{len(batch)} arXiv ids",
                    accept=frozenset({400}),
                )
            finally:
                self._last_request = self._clock()
        if status == 400:
            raise arxiv_error(text)
        return text
