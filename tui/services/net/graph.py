"""Semantic Scholar's citation graph: a paper's references, citations and similar papers.

Endpoints and shapes: ``/work/shared/API-NOTES-2.md`` §2. References and
citations are paged (``offset`` / ``next``, ``next`` absent on the last page;
an empty ``data`` also ends it, because S2 sometimes sends ``next`` past the
end). Recommendations are one unpaged list. Parsers are pure and forgiving:
``paperId: null`` entries are kept as text, a malformed entry is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Self
from urllib.parse import quote

from tui.services.errors import HttpStatusError, NotFoundError
from tui.services.net.http import HttpService, Limits, RetryNotice, RetryPolicy
from tui.services.net.scholar import DEFAULT_S2_ENDPOINT, S2_SERVICE
from tui.services.sanitize import clean_block, clean_line

if TYPE_CHECKING:
    import httpx

GraphKind = Literal["references", "citations", "similar"]
PAPER_FIELDS = "paperId,title,authors,year,venue,externalIds,publicationDate,citationCount,abstract,url"
EDGE_FIELDS = "contexts,isInfluential,intents," + PAPER_FIELDS
MAX_ENTRIES = 3000
PAGE_LIMIT = 500
MAX_PAGES = 40
MAX_CONTEXTS = 5
KIND_LABEL: dict[GraphKind, str] = {"references": "References", "citations": "Cited by", "similar": "Similar to"}


class NotIndexedError(NotFoundError):
    """Semantic Scholar does not know the paper (yet)."""


@dataclass(slots=True)
class GraphEntry:
    """One paper in a references / citations / similar list (often not on arXiv)."""

    title: str
    s2_id: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    venue: str | None = None
    year: int | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    citation_count: int | None = None
    influential: bool = False
    contexts: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()

    @property
    def link(self) -> str | None:
        """Where to read it when it is not on arXiv: the DOI, else its URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "s2_id": self.s2_id, "arxiv_id": self.arxiv_id, "doi": self.doi,
            "url": self.url, "venue": self.venue, "year": self.year, "date": self.date,
            "authors": list(self.authors), "abstract": self.abstract, "citation_count": self.citation_count,
            "influential": self.influential, "contexts": list(self.contexts), "intents": list(self.intents),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GraphEntry:
        return cls(
            title=str(data.get("title") or ""), s2_id=data.get("s2_id"), arxiv_id=data.get("arxiv_id"),
            doi=data.get("doi"), url=data.get("url"), venue=data.get("venue"), year=data.get("year"),
            date=data.get("date"), authors=tuple(data.get("authors") or ()), abstract=data.get("abstract"),
            citation_count=data.get("citation_count"), influential=bool(data.get("influential")),
            contexts=tuple(data.get("contexts") or ()), intents=tuple(data.get("intents") or ()),
        )


@dataclass(slots=True)
class GraphListing:
    """A whole list as fetched (and cached) for one paper."""

    kind: GraphKind
    paper_id: str
    entries: list[GraphEntry] = field(default_factory=list)
    total: int | None = None
    """How many S2 says there are (citations: the paper's citation count)."""
    more: bool = False
    """True when S2 has more than were fetched (the caps, or its paging limit)."""
    fetched_at: datetime | None = None

    @property
    def label(self) -> str:
        return f"{KIND_LABEL[self.kind]} {self.paper_id}"

    @property
    def count_text(self) -> str:
        shown = len(self.entries)
        if self.total is not None and self.total > shown:
            return f"{shown:,} of {self.total:,}"
        return f"{shown:,}" + ("+" if self.more else "")


# --------------------------------------------------------------------------- parsers


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return None


def _text(value: Any, limit: int = 2000) -> str | None:
    if isinstance(value, str):
        cleaned = clean_line(value)[:limit]
        return cleaned or None
    return None


def parse_graph_paper(obj: Any) -> GraphEntry | None:
    """One S2 paper object; None when it has no title."""
    if not isinstance(obj, dict):
        return None
    title = _text(obj.get("title"), 600)
    if title is None:
        return None
    ids = obj.get("externalIds") if isinstance(obj.get("externalIds"), dict) else {}
    raw_authors = obj.get("authors")
    authors: list[Any] = raw_authors if isinstance(raw_authors, list) else []
    names = tuple(n for n in (_text(a.get("name"), 200) for a in authors[:500] if isinstance(a, dict)) if n)
    date = _text(obj.get("publicationDate"), 10)
    year = _int(obj.get("year"))
    if year is None and date and date[:4].isdigit():
        year = int(date[:4])
    abstract = obj.get("abstract")
    arxiv = _text(ids.get("ArXiv"), 40) if isinstance(ids, dict) else None
    return GraphEntry(
        title=title,
        s2_id=_text(obj.get("paperId"), 64),
        arxiv_id=arxiv,
        doi=_text(ids.get("DOI"), 200) if isinstance(ids, dict) else None,
        url=_text(obj.get("url"), 500),
        venue=_text(obj.get("venue"), 200),
        year=year,
        date=date,
        authors=names,
        abstract=clean_block(abstract).strip()[:20_000] or None if isinstance(abstract, str) else None,
        citation_count=_int(obj.get("citationCount")),
    )


def parse_edge(item: Any, paper_key: str) -> GraphEntry | None:
    """One ``{citedPaper|citingPaper: …, contexts, isInfluential, intents}`` edge."""
    if not isinstance(item, dict):
        return None
    entry = parse_graph_paper(item.get(paper_key))
    if entry is None:
        return None
    raw_contexts, raw_intents = item.get("contexts"), item.get("intents")
    contexts: list[Any] = raw_contexts if isinstance(raw_contexts, list) else []
    intents: list[Any] = raw_intents if isinstance(raw_intents, list) else []
    return replace(
        entry,
        influential=item.get("isInfluential") is True,
        contexts=tuple(c for c in (_text(x, 1000) for x in contexts[:MAX_CONTEXTS]) if c),
        intents=tuple(i for i in (_text(x, 40) for x in intents[:10]) if i),
    )


def parse_edge_page(body: Any, paper_key: str) -> tuple[list[GraphEntry], int | None]:
    """A ``/references`` or ``/citations`` page and its ``next`` offset (None when done)."""
    if not isinstance(body, dict):
        return [], None
    raw = body.get("data")
    data: list[Any] = raw if isinstance(raw, list) else []
    entries = [e for e in (parse_edge(item, paper_key) for item in data) if e is not None]
    offset = _int(body.get("offset")) or 0
    nxt = _int(body.get("next"))
    if not data or nxt is None or nxt <= offset:
        return entries, None
    return entries, nxt


def parse_recommendations(body: Any) -> list[GraphEntry]:
    if not isinstance(body, dict) or not isinstance(body.get("recommendedPapers"), list):
        return []
    return [e for e in (parse_graph_paper(p) for p in body["recommendedPapers"]) if e is not None]


def newest_first(entries: list[GraphEntry]) -> list[GraphEntry]:
    """Citations by date (year when that is all there is), newest first; undated last."""
    def key(entry: GraphEntry) -> str:
        return entry.date or (f"{entry.year:04d}" if entry.year else "")

    return sorted(entries, key=key, reverse=True)


# --------------------------------------------------------------------------- client


def recommendations_base(graph_base: str) -> str:
    """``…/graph/v1`` -> ``…/recommendations/v1`` (the fake's ``/s2`` -> ``/s2/recommendations/v1``)."""
    root = graph_base.rstrip("/")
    return root.removesuffix("/graph/v1") + "/recommendations/v1"


class GraphClient:
    """References, citations and recommendations of arXiv papers."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        recommendations_url: str | None = None,
        api_key: str | None = None,
        offline: bool = False,
        retry: RetryPolicy | None = None,
        on_retry: RetryNotice | None = None,
        timeout: float = 20.0,
        limits: Limits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """Create the client.

        Args:
            base_url: ``Settings.s2_endpoint`` (the Graph API root).
            api_key: ``Settings.s2_api_key``, sent as ``x-api-key`` to that origin only.
        """
        base = base_url or DEFAULT_S2_ENDPOINT
        common: dict[str, Any] = {
            "service": S2_SERVICE, "credentials": {"x-api-key": api_key} if api_key else None,
            "timeout": timeout, "retry": retry, "offline": offline, "on_retry": on_retry,
            "transport": transport,
        }
        if limits is not None:
            common["limits"] = limits
        self.http = HttpService(base, **common)
        self.recs = HttpService(recommendations_url or recommendations_base(base), **common)

    async def aclose(self) -> None:
        await self.http.aclose()
        await self.recs.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def listing(self, kind: GraphKind, arxiv_id: str, *, max_entries: int = MAX_ENTRIES) -> GraphListing:
        """The whole list of one kind (at most *max_entries*).

        Raises:
            NotIndexedError: S2 does not know the paper.
            ServiceError: network, 429 outlasting the retries, bad answers.
        """
        if kind == "similar":
            return await self.similar(arxiv_id, limit=min(max_entries, 500))
        return await self.edges(kind, arxiv_id, max_entries=max_entries)

    async def edges(self, kind: GraphKind, arxiv_id: str, *, max_entries: int = MAX_ENTRIES) -> GraphListing:
        paper_key = "citedPaper" if kind == "references" else "citingPaper"
        path = f"/paper/ARXIV:{quote(arxiv_id, safe='')}/{kind}"
        entries: list[GraphEntry] = []
        offset: int | None = 0
        limit = min(PAGE_LIMIT, max_entries)
        for _ in range(MAX_PAGES):
            if offset is None or len(entries) >= max_entries:
                break
            body = await self._page(path, offset, limit, arxiv_id)
            page, offset = parse_edge_page(body, paper_key)
            entries.extend(page)
        listing = GraphListing(kind, arxiv_id, entries[:max_entries], more=offset is not None)
        if kind == "citations":
            listing.entries = newest_first(listing.entries)
        return listing

    async def _page(self, path: str, offset: int, limit: int, arxiv_id: str) -> Any:
        for _ in range(3):
            try:
                return await self.http.get_json(
                    path, {"fields": EDGE_FIELDS, "offset": offset, "limit": limit}, what=f"arXiv:{arxiv_id}"
                )
            except NotFoundError as error:
                raise NotIndexedError(
                    f"{S2_SERVICE} has not indexed arXiv:{arxiv_id} (yet)", status=404, service=S2_SERVICE
                ) from error
            except HttpStatusError as error:
                # "Response would exceed maximum size": ask for a smaller page.
                if error.status != 400 or limit <= 25 or "exceed" not in str(error).lower():
                    raise
                limit //= 4
        raise HttpStatusError(f"{S2_SERVICE} answers are too big for arXiv:{arxiv_id}", status=400,
                              service=S2_SERVICE)

    async def similar(self, arxiv_id: str, *, limit: int = 100) -> GraphListing:
        try:
            body = await self.recs.get_json(
                f"/papers/forpaper/ArXiv:{quote(arxiv_id, safe='')}",
                {"fields": PAPER_FIELDS, "limit": limit},
                what=f"papers similar to arXiv:{arxiv_id}",
            )
        except NotFoundError as error:
            raise NotIndexedError(
                f"{S2_SERVICE} has no recommendations for arXiv:{arxiv_id}", status=404, service=S2_SERVICE
            ) from error
        return GraphListing("similar", arxiv_id, parse_recommendations(body))

    async def counts(self, arxiv_id: str) -> dict[str, int]:
        """``citationCount``, ``referenceCount``, ``influentialCitationCount`` of one paper."""
        try:
            body = await self.http.get_json(
                f"/paper/ARXIV:{quote(arxiv_id, safe='')}",
                {"fields": "citationCount,referenceCount,influentialCitationCount"},
                what=f"arXiv:{arxiv_id}",
            )
        except NotFoundError as error:
            raise NotIndexedError(
                f"{S2_SERVICE} has not indexed arXiv:{arxiv_id} (yet)", status=404, service=S2_SERVICE
            ) from error
        if not isinstance(body, dict):
            return {}
        return {k: v for k in ("citationCount", "referenceCount", "influentialCitationCount")
                if (v := _int(body.get(k))) is not None}
