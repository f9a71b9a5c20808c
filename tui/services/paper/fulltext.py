"""Getting a paper's full text: cache, then arXiv HTML, then Hugging Face Markdown, then the abstract.

:meth:`FullTextService.load` never raises for a paper that exists: whatever
fails, it answers a :class:`LoadedText` whose document says in one line
(``notice``) why it is not the arXiv HTML. Parsing runs in a thread, so a
2 MB page never stalls the event loop. Requests to arXiv are spaced
(``min_interval``) for prefetching whole listings politely.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from tui.models import Paper, is_arxiv_id
from tui.services.errors import NotFoundError, OfflineError, ServiceError, TimeoutServiceError
from tui.services.formats import texmath
from tui.services.net.http import HttpService, RetryPolicy
from tui.services.paper.arxiv_html import MAX_PAGE_BYTES, UnusableHtml, looks_like_no_html, parse_arxiv_html
from tui.services.paper.hf_markdown import is_html, parse_markdown
from tui.services.paper.model import Block, Document, Span
from tui.services.storage.fulltext_cache import FullTextCache

if TYPE_CHECKING:
    import httpx

DEFAULT_ARXIV_HTML = "https://arxiv.org"
MIN_MARKDOWN_CHARS = 200


@dataclass(frozen=True, slots=True)
class LoadedText:
    document: Document
    fetched_at: datetime | None
    """When it was fetched (None: made up just now, not cached)."""
    from_cache: bool
    stale: bool = False
    """From the cache although a refresh was wanted (offline, or every source failed)."""


def abstract_document(paper: Paper | None, paper_id: str, reason: str) -> Document:
    """The fallback: title, authors, abstract and the links, with *reason* as the notice."""
    blocks: list[Block] = []
    summary = paper.summary if paper is not None else ""
    for part in (summary or "").split("\n\n"):
        text = texmath.plain_text(part)
        if text:
            blocks.append(Block("paragraph", [Span(text)]))
    if not blocks:
        blocks.append(Block("paragraph", [Span("No abstract is cached for this paper.", "i")]))
    links = [("arXiv abstract", f"https://arxiv.org/abs/{paper_id}"), ("PDF", f"https://arxiv.org/pdf/{paper_id}"),
             ("Hugging Face", f"https://huggingface.co/papers/{paper_id}")]
    blocks.append(Block("heading", [Span("Links")], level=1))
    for name, url in links if is_arxiv_id(paper_id) else []:
        blocks.append(Block("item", [Span(f"{name}: "), Span(url, "link", url)], label="•"))
    return Document(
        paper_id=paper_id,
        title=paper.title if paper is not None else paper_id,
        source="abstract",
        authors=paper.author_names if paper is not None else [],
        blocks=blocks,
        notice=f"{reason}: showing the abstract",
    )


class FullTextService:
    """Loads documents through :class:`FullTextCache`.

    Args:
        cache: where documents live.
        hub: the Hugging Face HTTP service (for ``/papers/{id}.md``).
        arxiv_base: arXiv's site (``Settings.arxiv_html_endpoint``, default https://arxiv.org).
        min_interval: seconds between two arXiv requests (0 for a single paper, 3 for prefetching).
    """

    def __init__(
        self,
        cache: FullTextCache,
        hub: HttpService,
        *,
        arxiv_base: str | None = None,
        offline: bool = False,
        min_interval: float = 0.0,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.cache = cache
        self.hub = hub
        self.offline = offline
        base = (arxiv_base or DEFAULT_ARXIV_HTML).rstrip("/")
        self.image_base = base + "/html/"
        self.arxiv = HttpService(base, service="arXiv", timeout=timeout, offline=offline,
                                 retry=RetryPolicy(attempts=2, base_delay=3.0), transport=transport)
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._last: float | None = None

    async def aclose(self) -> None:
        await self.arxiv.aclose()

    def cached(self, paper_id: str) -> LoadedText | None:
        """The cached document, without touching the network (fast; safe on the UI thread)."""
        hit = self.cache.document(paper_id)
        if hit is None:
            return None
        return LoadedText(hit.value, hit.fetched_at, True, stale=not hit.fresh)

    async def load(self, paper_id: str, paper: Paper | None = None, *, refresh: bool = False) -> LoadedText:
        """The best text there is for *paper_id* (cache first unless *refresh* or stale)."""
        hit = self.cache.document(paper_id)
        if hit is not None and (self.offline or (hit.fresh and not refresh)):
            return LoadedText(hit.value, hit.fetched_at, True, stale=not hit.fresh)
        if self.offline:
            return LoadedText(abstract_document(paper, paper_id, "offline and the full text is not cached"),
                              None, False)
        document, raw_bytes, reachable = await self._fetch(paper_id, paper)
        if document.source == "abstract" and hit is not None and (hit.value.source != "abstract" or not reachable):
            # Keep a real text we had; never replace it with the fallback.
            return LoadedText(hit.value, hit.fetched_at, True, stale=True)
        if reachable or document.source != "abstract":
            try:
                await asyncio.to_thread(self.cache.put_document, document, raw_bytes)
            except Exception:  # noqa: BLE001 - a full disk shows the text unsaved
                document.notice = (document.notice + "; " if document.notice else "") + "not saved (cache error)"
        return LoadedText(document, None if document.source == "abstract" else self.cache.now(), False)

    async def _fetch(self, paper_id: str, paper: Paper | None) -> tuple[Document, int, bool]:
        """(document, raw page bytes, whether a server answered at all)."""
        reachable = False
        try:
            html = await self._arxiv_page(paper_id)
            reachable = True
            document = await asyncio.to_thread(parse_arxiv_html, html, paper_id, image_base=self.image_base)
            document.source_url = f"{self.image_base}{paper_id}"
            if paper is not None and paper.author_names:
                document.authors = paper.author_names  # metadata beats the page's author block
            return document, len(html.encode("utf-8", "replace")), True
        except NotFoundError:
            reachable = True
            arxiv_reason = "arXiv has no HTML for this paper"
        except UnusableHtml as error:
            arxiv_reason = str(error)
        except (OfflineError, TimeoutServiceError) as error:
            arxiv_reason = str(error)
        except ServiceError as error:
            reachable = True
            arxiv_reason = str(error)
        try:
            body = await self.hub.get_text(f"/papers/{quote(paper_id, safe='')}.md", what=f"the Markdown of {paper_id}")
            reachable = True
            if is_html(body):
                raise UnusableHtml("Hugging Face sent an HTML page, not Markdown")
            document = await asyncio.to_thread(
                parse_markdown, body[:MAX_PAGE_BYTES], paper_id, title=paper.title if paper else ""
            )
            if sum(len(b.text) for b in document.blocks) < MIN_MARKDOWN_CHARS:
                raise UnusableHtml("Hugging Face's Markdown is almost empty")
            if paper is not None:
                document.authors = paper.author_names
            document.notice = f"{arxiv_reason}; showing Hugging Face's Markdown"
            document.source_url = f"{self.hub.base_url}/papers/{paper_id}.md"
            return document, len(body), True
        except NotFoundError:
            reachable = True
            hf_reason = "Hugging Face has no Markdown"
        except UnusableHtml as error:
            hf_reason = str(error)
        except ServiceError as error:
            hf_reason = str(error)
        return abstract_document(paper, paper_id, f"{arxiv_reason}; {hf_reason}"), 0, reachable

    async def _arxiv_page(self, paper_id: str) -> str:
        async with self._lock:
            if self._last is not None and self.min_interval > 0:
                wait = self._last + self.min_interval - self._clock()
                if wait > 0:
                    await self._sleep(wait)
            try:
                text = await self.arxiv.get_text(f"/html/{quote(paper_id, safe='/')}", what=f"the HTML of {paper_id}")
            finally:
                self._last = self._clock()
        if looks_like_no_html(text):
            raise UnusableHtml("arXiv has no HTML for this paper")
        return text
