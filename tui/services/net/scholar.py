"""Semantic Scholar's Graph API: author metrics, author papers, a paper's authors, author search.

The client sits on :class:`~tui.services.net.http.HttpService`, so retries, 429
handling and error types are shared with the rest of the core. The parsers are
public pure functions that tolerate nulls, missing keys and wrong types: a bad
record is skipped or its field left ``None``, never an exception.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import code_link_in_text, is_arxiv_id
from tui.services.errors import BadResponseError
from tui.services.net.http import HttpService, Limits, RetryNotice, RetryPolicy, ServiceClient, phase
from tui.services.sanitize import clean_block, clean_line
from tui.services.system.links import safe_url

S2_SERVICE = "Semantic Scholar"
if TYPE_CHECKING:
    import httpx

DEFAULT_S2_ENDPOINT = "https://api.semanticscholar.org/graph/v1"

AUTHOR_FIELDS = "name,hIndex,paperCount,citationCount,affiliations,url"
PAPER_FIELDS = "title,year,publicationDate,externalIds,abstract,authors,citationCount"
PAGE_SIZE = 100
MAX_AUTHOR_PAPERS = 500
"""Cap on papers fetched for one author (5 pages): enough for any sidebar."""
MAX_PAGES = 50
"""Guard against a server whose ``next`` never ends."""
MAX_AUTHOR_PAGES = 10
"""Pages of one author's papers asked for (with ``MAX_AUTHOR_PAPERS`` as the real stop)."""
MAX_PAPER_AUTHORS = 2_000
"""Authors kept for one paper (a real collaboration paper has up to ~3,000; the sidebar shows a page)."""
MAX_AFFILIATIONS = 10
MAX_NAMES_PER_PAPER = 200
MAX_PAGE_BYTES = 8 * 1024 * 1024
_S2_ID = re.compile(r"^[0-9A-Za-z]{1,64}$")


# --------------------------------------------------------------------------- parsers


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _str(value: Any) -> str | None:
    """A one-line field (name, title, id): cleaned on the way in, folded to one line."""
    if isinstance(value, str):
        return clean_line(value) or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _block(value: Any) -> str | None:
    """A multi-line field (an abstract): cleaned, line breaks kept."""
    return (clean_block(value).strip() or None) if isinstance(value, str) else None


def _s2_id(value: Any) -> str | None:
    text = _str(value)
    return text if text and _S2_ID.match(text) else None


def _arxiv(value: Any) -> str | None:
    text = _str(value)
    return text if text and is_arxiv_id(text) else None


def _next_offset(body: Any, current: int) -> int | None:
    """The ``next`` offset of a paged S2 answer, when it moves forward."""
    if not isinstance(body, dict):
        return None
    nxt = _int(body.get("next"))
    return nxt if nxt is not None and nxt > current else None


def _data(body: Any) -> list[Any]:
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return list(body["data"])
    return []


def parse_author(item: Any) -> AuthorProfile | None:
    """One S2 author object as an :class:`AuthorProfile`; None without a name.

    Args:
        item: ``{authorId, name, hIndex, paperCount, citationCount, affiliations, url}``.
    """
    if not isinstance(item, dict):
        return None
    name = _str(item.get("name"))
    if name is None:
        return None
    raw_affiliations = item.get("affiliations")
    affiliations = tuple(
        dict.fromkeys(
            a
            for a in (_str(r) for r in (raw_affiliations if isinstance(raw_affiliations, list) else [])[:50] if isinstance(r, str))
            if a
        )
    )[:MAX_AFFILIATIONS]
    return AuthorProfile(
        name=name,
        author_id=_s2_id(item.get("authorId")),
        affiliations=affiliations,
        h_index=_int(item.get("hIndex")),
        paper_count=_int(item.get("paperCount")),
        citation_count=_int(item.get("citationCount")),
        url=safe_url(_str(item.get("url"))),
    )


def parse_authors_page(body: Any) -> tuple[list[AuthorProfile], int | None]:
    """An S2 page of authors and its ``next`` offset (None on the last page)."""
    offset = _int(body.get("offset")) if isinstance(body, dict) else None
    profiles = [p for p in (parse_author(item) for item in _data(body)) if p is not None]
    return profiles, _next_offset(body, offset or 0)


def _date(value: Any) -> str | None:
    text = _str(value)
    if text and len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return text[:10]
    return None


def parse_author_paper(item: Any) -> AuthorPaper | None:
    """One S2 paper object as an :class:`AuthorPaper`; None without a title.

    ``has_code`` is set when the abstract links a GitHub repository.
    """
    if not isinstance(item, dict):
        return None
    title = _str(item.get("title"))
    if title is None:
        return None
    ids = item.get("externalIds")
    arxiv_id = _arxiv(ids.get("ArXiv")) if isinstance(ids, dict) else None
    abstract = _block(item.get("abstract"))
    raw_authors = item.get("authors")
    names = (
        tuple(
            name
            for name in (
                _str(a.get("name")) if isinstance(a, dict) else None
                for a in raw_authors[:MAX_NAMES_PER_PAPER]
            )
            if name
        )
        if isinstance(raw_authors, list)
        else ()
    )
    date = _date(item.get("publicationDate"))
    year = _int(item.get("year"))
    if year is None and date is not None:
        year = int(date[:4])
    return AuthorPaper(
        title=" ".join(title.split()),
        year=year,
        date=date,
        arxiv_id=arxiv_id,
        has_code=code_link_in_text(abstract or "") is not None,
        authors=names,
        abstract=abstract,
        citation_count=_int(item.get("citationCount")),
        s2_paper_id=_s2_id(item.get("paperId")),
    )


def parse_papers_page(body: Any) -> tuple[list[AuthorPaper], int | None]:
    """An S2 page of an author's papers and its ``next`` offset."""
    offset = _int(body.get("offset")) if isinstance(body, dict) else None
    papers = [p for p in (parse_author_paper(item) for item in _data(body)) if p is not None]
    return papers, _next_offset(body, offset or 0)


# --------------------------------------------------------------------------- clients


class ScholarClient(ServiceClient):
    """Semantic Scholar Graph API: author metrics and author papers."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        api_key: str | None = None,
        retry: RetryPolicy | None = None,
        offline: bool = False,
        on_retry: RetryNotice | None = None,
        timeout: float = 15.0,
        limits: Limits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """Create the client.

        Args:
            base_url: ``Settings.s2_endpoint``; defaults to the public API.
            api_key: sent as ``x-api-key``, only to *base_url*'s origin (``Settings.s2_api_key``).
        """
        self.http = HttpService(
            base_url or DEFAULT_S2_ENDPOINT,
            service=S2_SERVICE,
            credentials={"x-api-key": api_key} if api_key else None,
            timeout=timeout,
            limits=limits,
            retry=retry,
            offline=offline,
            on_retry=on_retry,
            transport=transport,
        )

    async def paper_authors(self, arxiv_id: str) -> list[AuthorProfile]:
        """Metrics for every author of one arXiv paper, following ``next``.

        Raises:
            NotFoundError: Semantic Scholar does not know the paper.
        """
        if not is_arxiv_id(arxiv_id):
            raise ValueError(f"not an arXiv id: {clean_line(arxiv_id)[:40]!r}")
        path = f"/paper/arXiv:{arxiv_id}/authors"
        profiles: list[AuthorProfile] = []
        offset = 0
        what = f"paper arXiv:{arxiv_id}"
        with phase(f"the authors of {arxiv_id}", seconds=self.http.limits.phase_deadline):
            for _ in range(MAX_PAGES):
                body = await self.http.get_json(
                    path,
                    {"fields": AUTHOR_FIELDS, "limit": PAGE_SIZE, "offset": offset},
                    what=what,
                    max_bytes=MAX_PAGE_BYTES,
                )
                page, nxt = parse_authors_page(body)
                profiles.extend(page)
                if nxt is None or len(profiles) >= MAX_PAPER_AUTHORS:
                    break
                offset = nxt
        return profiles[:MAX_PAPER_AUTHORS]

    async def author(self, author_id: str) -> AuthorProfile:
        """One author's metrics.

        Raises:
            NotFoundError: unknown author id.
            BadResponseError: the answer has no author in it.
        """
        if not _S2_ID.match(author_id):
            raise ValueError(f"not a Semantic Scholar author id: {clean_line(author_id)[:40]!r}")
        body = await self.http.get_json(
            f"/author/{quote(author_id, safe='')}", {"fields": AUTHOR_FIELDS}, what=f"author {author_id}"
        )
        profile = parse_author(body)
        if profile is None:
            raise BadResponseError(f"{S2_SERVICE} sent no author for id {author_id}", service=S2_SERVICE)
        if profile.author_id is None:
            profile.author_id = author_id
        elif profile.author_id != author_id:
            raise BadResponseError(
                f"{S2_SERVICE} answered author {author_id} with another author; refused", service=S2_SERVICE
            )
        return profile

    async def author_papers(
        self, author_id: str, limit: int = PAGE_SIZE, *, max_papers: int = MAX_AUTHOR_PAPERS
    ) -> list[AuthorPaper]:
        """An author's papers in the order S2 gives them, at most *max_papers*.

        Args:
            limit: page size per request (S2 allows up to 1000).
        """
        if not _S2_ID.match(author_id):
            raise ValueError(f"not a Semantic Scholar author id: {clean_line(author_id)[:40]!r}")
        papers: list[AuthorPaper] = []
        offset = 0
        max_papers = min(max_papers, MAX_AUTHOR_PAPERS * 2)
        with phase(f"the papers of author {author_id}", seconds=self.http.limits.phase_deadline):
            for _ in range(MAX_AUTHOR_PAGES):
                body = await self.http.get_json(
                    f"/author/{quote(author_id, safe='')}/papers",
                    {"fields": PAPER_FIELDS, "limit": limit, "offset": offset},
                    what=f"papers of author {author_id}",
                    max_bytes=MAX_PAGE_BYTES,
                )
                page, nxt = parse_papers_page(body)
                papers.extend(page[: max_papers - len(papers)])
                if nxt is None or len(papers) >= max_papers:
                    break
                offset = nxt
        return papers[:max_papers]

    async def search_author(self, name: str, limit: int = 10) -> list[AuthorProfile]:
        """Authors matching *name*, best match first (one page only)."""
        body = await self.http.get_json(
            "/author/search",
            {"query": name, "fields": AUTHOR_FIELDS, "limit": limit},
            what=f"author search {name!r}",
        )
        return parse_authors_page(body)[0]
