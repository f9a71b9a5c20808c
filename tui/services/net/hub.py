"""Hugging Face Papers client: daily/weekly/monthly listings, trending, details, search.

Every request goes through :class:`~tui.services.net.http.HttpService`, so retries,
rate-limit waits and typed errors are handled in one place. The parsing
functions are pure and public so they can be tested (and fuzzed) on their own.
They are deliberately forgiving: the API is undocumented and its payloads grow
keys, drop keys and sometimes carry nulls, so a malformed *item* is skipped and
only a malformed *listing* is an error.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.models import Author, FeedKey, Paper, is_arxiv_id, parse_datetime
from tui.services.errors import BadResponseError, HttpStatusError, RateLimitedError
from tui.services.net.http import HttpService, Limits, RetryNotice, RetryPolicy, ServiceClient, phase
from tui.services.sanitize import TooDeepError, clean_block, clean_json, clean_line
from tui.services.system.links import safe_url

if TYPE_CHECKING:
    import httpx

SERVICE = "Hugging Face"
DEFAULT_ENDPOINT = "https://huggingface.co"
MAX_PAGE_SIZE = 100
MAX_QUERY_CHARS = 250
MAX_SEARCH_LIMIT = 120
MAX_LISTING_PAPERS = 5_000
"""Papers kept from one listing across all its pages (a real day has ~50)."""
MAX_LISTING_PAGES = 50
MAX_PAGE_BYTES = 8 * 1024 * 1024
"""One listing page (a real page of 100 papers is ~0.6 MB)."""
MAX_LINKED = 200
"""Linked models / datasets / Spaces kept per kind."""
MAX_KEYWORDS = 50
MAX_PAPER_AUTHORS = 10_000
"""Authors kept per paper (the largest real collaborations list ~3,000)."""
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?$")
_HF_USER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")

_DATED_PARAM = {"day": "date", "week": "week", "month": "month"}


@dataclass(slots=True)
class PaperDetails:
    """One paper with the Hub repositories that cite it."""

    paper: Paper
    linked_models: list[str] = field(default_factory=list)
    """Model repo ids, e.g. ``org/model``."""
    linked_datasets: list[str] = field(default_factory=list)
    linked_spaces: list[str] = field(default_factory=list)


class HubClient(ServiceClient):
    """Async client for the Hugging Face Papers API and its HTML pages.

    Args:
        base_url: The Hub endpoint (``Settings.hf_endpoint``); defaults to ``https://huggingface.co``.
        token: Sent as ``Authorization: Bearer``, only to *base_url*'s origin (empty = none).
        offline: Refuse every request with :class:`~tui.services.errors.OfflineError`.
        timeout: Seconds per request.
        retry: Retry policy for 429 / 5xx / transport failures.
        on_retry: Called with ``(reason, seconds)`` before each retry wait.
        transport: An httpx transport to use instead of the network (tests).
    """

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        offline: bool = False,
        timeout: float = 10.0,
        limits: Limits | None = None,
        retry: RetryPolicy | None = None,
        on_retry: RetryNotice | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = (base_url or DEFAULT_ENDPOINT).rstrip("/")
        credentials = {"Authorization": f"Bearer {token.strip()}"} if token and token.strip() else {}
        self.http = HttpService(
            self.base_url,
            service=SERVICE,
            credentials=credentials,
            timeout=timeout,
            limits=limits,
            retry=retry,
            offline=offline,
            on_retry=on_retry,
            transport=transport,
        )

    async def daily(
        self, key: FeedKey, *, page_size: int = MAX_PAGE_SIZE, max_pages: int = MAX_LISTING_PAGES
    ) -> list[Paper]:
        """Every paper of a day / week / month listing, or the latest listing.

        Args:
            key: A ``day``, ``week``, ``month`` or ``latest`` key (``trending`` and
                ``search`` keys are delegated to :meth:`trending` / :meth:`search`).
            page_size: Items per request (clamped to 1..100).
            max_pages: Safety cap on the number of requests.

        Raises:
            ValueError: For kinds that have no Hub listing (bookmarks, library).
            ServiceError: Any network / HTTP / payload failure.
        """
        if key.kind == "trending":
            return await self.trending()
        if key.kind == "search":
            return await self.search(key.value)
        if key.kind == "latest":
            return await self._paged({}, what="the latest papers", page_size=page_size, max_pages=max_pages)
        param = _DATED_PARAM.get(key.kind)
        if param is None:
            raise ValueError(f"{key.kind!r} is not a Hugging Face listing")
        return await self._paged(
            {param: key.value}, what=f"{param} {key.value}", page_size=page_size, max_pages=max_pages
        )

    async def trending(self) -> list[Paper]:
        """The trending papers, read from the HTML page with the JSON API as fallback.

        The page is what the website shows; the API's ``sort=trending`` is the
        documented fallback when the page's markup changes or it is refused
        (HTML loads have a smaller rate-limit pool than API calls).
        """
        try:
            with phase("the trending page", seconds=self.http.limits.phase_deadline):
                html = await self.http.get_text("/papers/trending", what="the trending page")
            return _dedupe(await asyncio.to_thread(parse_trending_html, html))
        except (BadResponseError, HttpStatusError, RateLimitedError):
            return await self._paged(
                {"sort": "trending"}, what="trending papers", page_size=MAX_PAGE_SIZE, max_pages=1
            )

    async def paper(self, paper_id: str) -> PaperDetails:
        """One paper's details and linked models / datasets / Spaces.

        Raises:
            ValueError: *paper_id* is not an arXiv id (nothing is requested).
            NotFoundError: The Hub has no such paper.
            BadResponseError: The answer is not a paper object, or is another paper.
        """
        wanted = paper_id.strip(" ")
        if not is_arxiv_id(wanted):
            raise ValueError(f"not an arXiv id: {clean_line(wanted)[:40]!r}")
        payload = await self.http.get_json(f"/api/papers/{quote(wanted, safe='')}", what=f"paper {wanted}")
        if not isinstance(payload, dict):
            raise BadResponseError(f"{SERVICE} sent an unexpected answer for paper {wanted}", service=SERVICE)
        paper = parse_paper(payload)
        if paper.id != wanted:
            raise BadResponseError(
                f"{SERVICE} answered paper {wanted} with another paper ({paper.id}); refused", service=SERVICE
            )
        return PaperDetails(
            paper=paper,
            linked_models=_linked_ids(payload.get("linkedModels")),
            linked_datasets=_linked_ids(payload.get("linkedDatasets")),
            linked_spaces=_linked_ids(payload.get("linkedSpaces")),
        )

    async def search(self, query: str, limit: int = 50) -> list[Paper]:
        """Full-text paper search; an empty query returns ``[]`` without a request."""
        text = query.strip()[:MAX_QUERY_CHARS]
        if not text:
            return []
        limit = max(1, min(MAX_SEARCH_LIMIT, limit))
        payload = await self.http.get_json(
            "/api/papers/search", {"q": text, "limit": limit}, what=f"search {text!r}"
        )
        return _dedupe(await asyncio.to_thread(parse_daily_items, payload))

    async def _paged(
        self, params: dict[str, str], *, what: str, page_size: int, max_pages: int
    ) -> list[Paper]:
        limit = max(1, min(MAX_PAGE_SIZE, page_size))
        papers: list[Paper] = []
        seen: set[str] = set()
        limits = self.http.limits
        with phase(what, seconds=limits.phase_deadline, max_bytes=limits.max_phase_bytes):
            for page in range(max(1, min(max_pages, MAX_LISTING_PAGES))):
                payload = await self.http.get_json(
                    "/api/daily_papers", {**params, "p": page, "limit": limit}, what=what, max_bytes=MAX_PAGE_BYTES
                )
                fresh = 0
                # Off the event loop: building and sanitising a page of papers takes ~8 ms (#10).
                for paper in await asyncio.to_thread(parse_daily_items, payload):
                    if paper.id not in seen:
                        seen.add(paper.id)
                        papers.append(paper)
                        fresh += 1
                if len(papers) >= MAX_LISTING_PAPERS:
                    # No real listing comes near this: keep what fits and stop asking.
                    return papers[:MAX_LISTING_PAPERS]
                # The API has no total: a short page is the last one. A full page of
                # nothing new means the server ignored `p`; stop rather than loop.
                if len(payload) < limit or not fresh:
                    break
        return papers


# --------------------------------------------------------------------------- parsing


def parse_daily_items(payload: object) -> list[Paper]:
    """Papers from a daily-papers (or search) array; malformed items are skipped.

    Raises:
        BadResponseError: *payload* is not a JSON array.
    """
    if not isinstance(payload, list):
        raise BadResponseError(f"{SERVICE} sent an unexpected listing (not a JSON array)", service=SERVICE)
    papers: list[Paper] = []
    for item in payload:
        if not isinstance(item, dict):
            continue
        inner = item.get("paper")
        try:
            papers.append(_paper_from(inner if isinstance(inner, dict) else item, item))
        except BadResponseError:
            continue
    if payload and not papers:
        # Items were there but none was usable: a changed or broken shape, not an
        # empty day. Raising keeps a good cached copy from being replaced by nothing.
        raise BadResponseError(f"{SERVICE} sent {len(payload)} items in an unknown shape", service=SERVICE)
    return papers


def parse_paper(obj: dict[str, Any]) -> Paper:
    """A bare Hub paper object (as ``/api/papers/{id}`` returns it) as a :class:`Paper`.

    Raises:
        BadResponseError: *obj* has no usable ``id`` or ``title``.
    """
    return _paper_from(obj, None)


def parse_trending_html(html: str) -> list[Paper]:
    """Papers from a server-rendered papers page's ``DailyPapers`` props.

    Raises:
        BadResponseError: The element, its ``data-props`` or the ``dailyPapers``
            list is missing, or the props are not JSON.
    """
    from selectolax.lexbor import LexborHTMLParser  # only the trending view parses HTML

    node = LexborHTMLParser(html).css_first('[data-target="DailyPapers"]')
    raw = node.attributes.get("data-props") if node is not None else None
    if not raw:
        raise BadResponseError(f"{SERVICE} page has no paper list (layout changed?)", service=SERVICE)
    try:
        props = clean_json(json.loads(raw))
    except (ValueError, RecursionError, TooDeepError) as error:
        raise BadResponseError(f"{SERVICE} page has unreadable paper data", service=SERVICE) from error
    items = props.get("dailyPapers") if isinstance(props, dict) else None
    if not isinstance(items, list):
        raise BadResponseError(f"{SERVICE} page has no paper list (layout changed?)", service=SERVICE)
    return parse_daily_items(items)


def _paper_from(paper: dict[str, Any], item: dict[str, Any] | None) -> Paper:
    """Build a Paper from the paper object, falling back to the daily item's copy of fields."""
    outer = item if item is not None and item is not paper else {}
    paper_id = _text(paper.get("id")) or _text(outer.get("id"))
    title = clean_line(_text(paper.get("title")) or _text(outer.get("title")))
    if not paper_id or not title:
        raise BadResponseError(f"{SERVICE} sent a paper without id or title", service=SERVICE)
    if not is_arxiv_id(paper_id):
        # Ids end up in URL paths, file names and the terminal: only arXiv forms pass.
        raise BadResponseError(f"{SERVICE} sent a paper with an invalid id", service=SERVICE)
    keywords = paper.get("ai_keywords")
    return Paper(
        id=paper_id,
        title=title,
        summary=clean_block(_text(paper.get("summary")) or _text(outer.get("summary")) or ""),
        authors=_authors(paper.get("authors")),
        published_at=parse_datetime(paper.get("publishedAt")),
        submitted_at=parse_datetime(paper.get("submittedOnDailyAt"))
        or parse_datetime(outer.get("publishedAt")),
        upvotes=_int(paper.get("upvotes")) or 0,
        num_comments=_int(outer.get("numComments")) or _int(paper.get("numComments")) or 0,
        github_repo=_url(paper.get("githubRepo")),
        github_stars=_int(paper.get("githubStars")),
        project_page=_url(paper.get("projectPage")),
        ai_summary=_text(paper.get("ai_summary")),
        ai_keywords=tuple(
            dict.fromkeys(k for k in (_line(k) for k in keywords[:MAX_KEYWORDS] if isinstance(k, str)) if k)
        )
        if isinstance(keywords, list)
        else (),
        organization=_org(outer.get("organization")) or _org(paper.get("organization")),
        submitted_by=_person(outer.get("submittedBy")) or _person(paper.get("submittedOnDailyBy")),
        thumbnail=_url(outer.get("thumbnail")) or _url(paper.get("thumbnail")),
        withdrawn=bool(paper.get("withdrawnAt")),
    )


def _authors(value: object) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    authors: list[Author] = []
    for entry in value[: MAX_PAPER_AUTHORS * 2]:  # hidden ones are skipped: look a little further
        if len(authors) >= MAX_PAPER_AUTHORS:
            break
        if not isinstance(entry, dict) or _truthy(entry.get("hidden")):
            continue
        name = clean_line(_text(entry.get("name")))
        if not name:
            continue
        user = entry.get("user")
        hf_user = (_text(user.get("user")) or _text(user.get("name"))) if isinstance(user, dict) else None
        authors.append(Author(name, hf_user=hf_user if hf_user and _HF_USER.match(hf_user) else None))
    return tuple(authors)


def _linked_ids(value: object) -> list[str]:
    """Repo ids from ``linkedModels``-style lists (objects with ``id``, or bare strings)."""
    if not isinstance(value, list):
        return []
    ids = [_text(entry.get("id")) if isinstance(entry, dict) else _text(entry) for entry in value]
    # Repo ids become URL paths and menu labels: only well-formed ``org/name`` pass.
    return list(dict.fromkeys(i for i in ids if i and _REPO_ID.match(i)))[:MAX_LINKED]


def _text(value: object) -> str | None:
    """A non-empty stripped string, or None (numbers are only accepted as ints).

    Escape sequences and control characters are removed here, on the way in, so
    nothing downstream (cache, citations, JSON, the screen) ever carries them.
    """
    if isinstance(value, str):
        return clean_block(value).strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _line(value: object) -> str | None:
    """A one-line field (name, keyword, organisation): :func:`_text` folded to one line."""
    return clean_line(_text(value)) or None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
        return int(number) if math.isfinite(number) else None
    return None


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _url(value: object) -> str | None:
    """An http(s) URL or None; the UI opens these in a browser, so no other schemes."""
    text = _text(value)
    if not text:
        return None
    lowered = text.lower()
    if lowered.startswith(("github.com/", "www.")):
        text = "https://" + text
    return safe_url(text)


def _org(value: object) -> str | None:
    if isinstance(value, dict):
        return _line(value.get("fullname")) or _line(value.get("name"))
    return _line(value)


def _person(value: object) -> str | None:
    if isinstance(value, dict):
        return _line(value.get("fullname")) or _line(value.get("name"))
    return None


def _dedupe(papers: list[Paper]) -> list[Paper]:
    seen: set[str] = set()
    unique: list[Paper] = []
    for paper in papers:
        if paper.id not in seen:
            seen.add(paper.id)
            unique.append(paper)
    return unique
