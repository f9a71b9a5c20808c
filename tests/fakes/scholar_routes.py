"""Semantic Scholar (``/s2/...``) and arXiv (``/arxiv/query``) routes for the loopback fake.

Shapes follow /work/shared/API-NOTES.md sections 2 and 3. Install on a
``FakeServer`` with :func:`install`; then the S2 base URL is
``server.url + "/s2"`` and the arXiv base URL ``server.url + "/arxiv"``.

The arXiv ids in the default state are illustrative, not the real ids of the
seed papers; titles, dates, categories and author names come from seed 000.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from tests.fakes.base import FakeRequest, FakeResponse

AUTHOR_FIELDS = {"name", "hIndex", "paperCount", "citationCount", "affiliations", "url"}
PAPER_FIELDS = {"title", "year", "publicationDate", "externalIds", "abstract", "authors", "citationCount"}
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")

KAIWEN_HU_ID = "2261391"
WEI_ZHANG_NLP_ID = "1001"
WEI_ZHANG_BIO_ID = "2002"
UNKNOWN_TO_S2 = "2505.99999"
"""An arXiv id the fake S2 answers 404 for (name-search fallback)."""


@dataclass
class ScholarState:
    """Everything the fake S2 and arXiv know, plus scripted faults and a request log."""

    authors: dict[str, dict[str, Any]] = field(default_factory=dict)
    """authorId -> S2 author object (authorId, name, hIndex, paperCount, citationCount, affiliations, url)."""
    papers: dict[str, list[str]] = field(default_factory=dict)
    """Paper key (``arXiv:2503.01234`` or an S2 paperId) -> author ids, in byline order."""
    author_papers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """authorId -> S2 paper objects (paperId, title, year, publicationDate, externalIds, ...)."""
    categories: dict[str, str] = field(default_factory=dict)
    """arXiv id (no version) -> primary category term (``cs.LG``)."""
    versions: dict[str, int] = field(default_factory=dict)
    """arXiv id -> latest version number written in the Atom ``<id>`` (default 1)."""
    faults: dict[str, list[FakeResponse]] = field(default_factory=dict)
    """Path prefix (``/s2/paper``, ``/arxiv/query``) -> responses served, one per request, before real
    answers; the longest matching prefix wins."""
    page_cap: int | None = None
    """Serve at most this many items per S2 page, whatever ``limit`` asks (paging tests)."""
    log: list[tuple[float, FakeRequest]] = field(default_factory=list)
    """(time.monotonic() on arrival, request) for every request these routes saw."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ----------------------------------------------------------- building

    def add_author(
        self,
        author_id: str,
        name: str,
        *,
        h_index: int = 0,
        paper_count: int = 0,
        citation_count: int = 0,
        affiliations: list[str] | None = None,
    ) -> None:
        self.authors[author_id] = {
            "authorId": author_id,
            "name": name,
            "hIndex": h_index,
            "paperCount": paper_count,
            "citationCount": citation_count,
            "affiliations": affiliations or [],
            "url": f"https://www.semanticscholar.org/author/{author_id}",
        }

    def add_paper(self, arxiv_id: str, author_ids: list[str], *, category: str | None = None) -> None:
        """Register a paper's byline (for ``/paper/arXiv:{id}/authors``) and its category."""
        self.papers[f"arXiv:{arxiv_id}"] = list(author_ids)
        if category:
            self.categories[arxiv_id] = category

    def add_author_paper(
        self,
        author_id: str,
        *,
        title: str,
        date: str | None,
        arxiv_id: str | None,
        authors: list[tuple[str | None, str]],
        abstract: str | None = None,
        citations: int = 0,
        year: int | None = None,
        category: str | None = None,
    ) -> None:
        """Append one paper to an author's S2 paper list (and arXiv's category table)."""
        paper_id = f"s2-{arxiv_id or len(self.author_papers.get(author_id, []))}-{author_id}"
        self.author_papers.setdefault(author_id, []).append(
            {
                "paperId": paper_id,
                "title": title,
                "year": year if year is not None else (int(date[:4]) if date else None),
                "publicationDate": date,
                "externalIds": {"ArXiv": arxiv_id} if arxiv_id else {"DOI": f"10.0000/{paper_id}"},
                "abstract": abstract,
                "authors": [{"authorId": aid, "name": name} for aid, name in authors],
                "citationCount": citations,
            }
        )
        if arxiv_id and category:
            self.categories[arxiv_id] = category

    def fail(self, prefix: str, *responses: FakeResponse) -> None:
        """Queue *responses* for the next requests whose path starts with *prefix* (as ``HubState.fail``)."""
        with self._lock:
            self.faults.setdefault(prefix, []).extend(responses)

    def rate_limit(self, prefix: str, *, retry_after: str | None = None, times: int = 1) -> None:
        """Queue *times* 429 answers, with a ``Retry-After`` header when given."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        body = FakeResponse.json({"message": "Too Many Requests", "code": "429"}, 429, headers)
        self.fail(prefix, *([body] * times))

    def requests_to(self, prefix: str) -> list[FakeRequest]:
        """Logged requests whose path starts with *prefix*."""
        with self._lock:
            return [req for _, req in self.log if req.path.startswith(prefix)]

    def times_of(self, prefix: str) -> list[float]:
        with self._lock:
            return [t for t, req in self.log if req.path.startswith(prefix)]

    def take_fault(self, path: str) -> FakeResponse | None:
        with self._lock:
            prefixes = sorted(
                (p for p, q in self.faults.items() if q and path.startswith(p)), key=len, reverse=True
            )
            return self.faults[prefixes[0]].pop(0) if prefixes else None


# --------------------------------------------------------------------------- routing


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _fields(request: FakeRequest, allowed: set[str]) -> list[str] | FakeResponse:
    requested = [f for f in (request.query.get("fields") or "").split(",") if f]
    unknown = [f for f in requested if f not in allowed]
    if unknown:
        return FakeResponse.json({"error": f"Unrecognized or unsupported fields: {unknown}"}, 400)
    return requested


def _project(item: dict[str, Any], key: str, fields: list[str]) -> dict[str, Any]:
    return {key: item.get(key), **{f: item.get(f) for f in fields}}


def _page(state: ScholarState, request: FakeRequest, items: list[dict[str, Any]]) -> dict[str, Any]:
    offset = max(0, _int(request.query.get("offset"), 0))
    limit = max(1, _int(request.query.get("limit"), 100))
    if state.page_cap is not None:
        limit = min(limit, state.page_cap)
    chunk = items[offset : offset + limit]
    body: dict[str, Any] = {"offset": offset, "data": chunk}
    if offset + limit < len(items):
        body["next"] = offset + limit
    return body


def _not_found(kind: str, key: str) -> FakeResponse:
    return FakeResponse.json({"error": f"{kind} with id {key} not found"}, 404)


def _s2(request: FakeRequest, state: ScholarState, path: str) -> FakeResponse:
    parts = path.split("/")  # ["paper", "arXiv:2503.01234", "authors"]
    if len(parts) >= 3 and parts[0] == "paper" and parts[-1] == "authors":
        key = "/".join(parts[1:-1])  # old-style ids keep their slash
        if key.lower().startswith("arxiv:"):
            key = "arXiv:" + key[6:]
        fields = _fields(request, AUTHOR_FIELDS)
        if isinstance(fields, FakeResponse):
            return fields
        if key not in state.papers:
            return _not_found("Paper", key)
        byline = [state.authors.get(aid, {"authorId": aid, "name": None}) for aid in state.papers[key]]
        return FakeResponse.json(_page(state, request, [_project(a, "authorId", fields) for a in byline]))
    if parts == ["author", "search"]:
        fields = _fields(request, AUTHOR_FIELDS)
        if isinstance(fields, FakeResponse):
            return fields
        query = " ".join((request.query.get("query") or "").casefold().split())
        if not query:
            return FakeResponse.json({"error": "Missing required parameter: 'query'"}, 400)
        exact = [a for a in state.authors.values() if str(a.get("name", "")).casefold() == query]
        partial = [
            a for a in state.authors.values() if query in str(a.get("name", "")).casefold() and a not in exact
        ]
        body = _page(state, request, [_project(a, "authorId", fields) for a in exact + partial])
        body["total"] = len(exact) + len(partial)
        return FakeResponse.json(body)
    if len(parts) in (2, 3) and parts[0] == "author":
        author_id = parts[1]
        if author_id not in state.authors:
            return _not_found("Author", author_id)
        if len(parts) == 2:
            fields = _fields(request, AUTHOR_FIELDS)
            if isinstance(fields, FakeResponse):
                return fields
            return FakeResponse.json(_project(state.authors[author_id], "authorId", fields))
        if parts[2] == "papers":
            fields = _fields(request, PAPER_FIELDS)
            if isinstance(fields, FakeResponse):
                return fields
            papers = [_project(p, "paperId", fields) for p in state.author_papers.get(author_id, [])]
            return FakeResponse.json(_page(state, request, papers))
    return FakeResponse.json({"error": "Not found"}, 404)


_FEED_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom">\n'
    '  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>\n'
    '  <title type="html">ArXiv Query: search_query=&amp;id_list={ids}&amp;start=0&amp;max_results={n}</title>\n'
    "  <id>http://arxiv.org/api/fake</id>\n"
    "  <updated>2025-03-04T00:00:00-05:00</updated>\n"
    '  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}'
    "</opensearch:totalResults>\n"
    '  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>\n'
    '  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{n}'
    "</opensearch:itemsPerPage>\n"
)


def _title_of(state: ScholarState, arxiv_id: str) -> tuple[str, str, list[str], str]:
    for papers in state.author_papers.values():
        for paper in papers:
            if (paper.get("externalIds") or {}).get("ArXiv") == arxiv_id:
                names = [a["name"] for a in paper.get("authors") or [] if a.get("name")]
                return (
                    paper["title"],
                    paper.get("abstract") or "",
                    names,
                    paper.get("publicationDate") or "2024-01-01",
                )
    return f"Paper {arxiv_id}", "An abstract.", ["A. Author"], "2024-01-01"


def atom_feed(state: ScholarState, ids: list[str], max_results: int) -> str:
    """The Atom feed arXiv would send for ``id_list=ids`` (error feed on a malformed id)."""
    bad = next((i for i in ids if not _ARXIV_ID.match(i)), None)
    head = _FEED_HEAD.format(
        ids=escape(",".join(ids)), n=max_results, total=1 if bad is not None else min(len(ids), max_results)
    )
    if bad is not None:
        anchor = f"http://arxiv.org/api/errors#incorrect_id_format_for_{bad}"
        return head + (
            "  <entry>\n"
            f"    <id>{escape(anchor)}</id>\n"
            "    <title>Error</title>\n"
            f"    <summary>incorrect id format for {escape(bad)}</summary>\n"
            "    <updated>2025-03-04T00:00:00-05:00</updated>\n"
            f'    <link href={quoteattr(anchor)} rel="alternate" type="text/html"/>\n'
            "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
            "  </entry>\n</feed>\n"
        )
    entries = []
    for arxiv_id in [i for i in ids if re.sub(r"v\d+$", "", i) in state.categories][:max_results]:
        bare = re.sub(r"v\d+$", "", arxiv_id)
        version = state.versions.get(bare, 1)
        term = state.categories[bare]
        title, summary, names, day = _title_of(state, bare)
        authors = "".join(f"    <author>\n      <name>{escape(n)}</name>\n    </author>\n" for n in names)
        entries.append(
            "  <entry>\n"
            f"    <id>http://arxiv.org/abs/{bare}v{version}</id>\n"
            f"    <updated>{day}T18:00:00Z</updated>\n"
            f"    <published>{day}T18:00:00Z</published>\n"
            f"    <title>{escape(title)}</title>\n"
            f"    <summary>{escape(summary)}</summary>\n"
            f"{authors}"
            f'    <link href="http://arxiv.org/abs/{bare}v{version}" rel="alternate" type="text/html"/>\n'
            f'    <link title="pdf" href="http://arxiv.org/pdf/{bare}v{version}" rel="related"'
            ' type="application/pdf"/>\n'
            '    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom"'
            f' term={quoteattr(term)} scheme="http://arxiv.org/schemas/atom"/>\n'
            f'    <category term={quoteattr(term)} scheme="http://arxiv.org/schemas/atom"/>\n'
            '    <category term="stat.ML" scheme="http://arxiv.org/schemas/atom"/>\n'
            "  </entry>\n"
        )
    return head + "".join(entries) + "</feed>\n"


def handle(request: FakeRequest, state: ScholarState) -> FakeResponse | None:
    """Answer ``/s2/...`` and ``/arxiv/query``; None for any other path."""
    path = request.path
    if not path.startswith(("/s2/", "/arxiv/")):
        return None
    with state._lock:
        state.log.append((time.monotonic(), request))
    fault = state.take_fault(path)
    if fault is not None:
        return fault
    if path.startswith("/s2/"):
        return _s2(request, state, path[len("/s2/") :].strip("/"))
    if path.rstrip("/") == "/arxiv/query":
        ids = [i.strip() for i in (request.query.get("id_list") or "").split(",") if i.strip()]
        max_results = max(0, _int(request.query.get("max_results"), 10))
        feed = atom_feed(state, ids, max_results)
        # arXiv sends its error feed with HTTP 400 (real-payloads/arxiv/arxivpy_id_abc_*.json).
        status = 400 if "<title>Error</title>" in feed else 200
        return FakeResponse.text(feed, status, content_type="application/atom+xml; charset=utf-8")
    return FakeResponse.text("Not found", 404, "text/plain")


# --------------------------------------------------------------------------- default data

_KAIWEN_PAPERS: list[dict[str, Any]] = [
    {
        "arxiv": "2302.08980",
        "date": "2023-02-17",
        "cat": "cs.CV",
        "cites": 10,
        "title": "Model Doctor for Diagnosing and Treating Segmentation Error",
        "byline": ["Zhijie Jia", "Lin Chen", "Kaiwen Hu"],
        "abstract": "Despite the remarkable progress in semantic segmentation tasks with the advancement of "
        "deep neural networks, existing U-shaped hierarchical typical segmentation networks still "
        "suffer from local misclassification of categories and inaccurate target boundaries. "
        "Code is available at \\url{https://github.com/zhijiejia/SegDoctor}.",
    },
    {
        "arxiv": "2212.06835",
        "date": "2022-12-14",
        "cat": "hep-lat",
        "cites": 12,
        "title": "Simulating 2+1D Lattice Quantum Electrodynamics at Finite Density with Neural Flow "
        "Wavefunctions",
        "byline": ["Zhuo Chen", "Di Luo", "Kaiwen Hu"],
        "abstract": "We present a neural flow wavefunction, Gauge-Fermion FlowNet, and use it to simulate "
        "2+1D lattice compact quantum electrodynamics with finite density dynamical fermions.",
    },
    {
        "arxiv": "2411.06508",
        "date": "2024-11-10",
        "cat": "cs.LG",
        "cites": 20,
        "title": "Understanding the Role of Equivariance in Self-supervised Learning",
        "byline": ["Yifei Wang", "Kaiwen Hu", "Sharut Gupta"],
        "abstract": "Contrastive learning has been a leading paradigm for self-supervised learning. "
        "Code is available at https://github.com/kaotty/Understanding-ESSL.",
    },
    {
        "arxiv": "2503.00507",
        "date": "2025-03-01",
        "cat": "cs.LG",
        "cites": 15,
        "title": "Projection Head is Secretly an Information Bottleneck",
        "byline": ["Zhuo Ouyang", "Kaiwen Hu", "Qi Zhang"],
        "abstract": "Recently, contrastive learning has risen to be a promising paradigm for extracting "
        "meaningful data representations. Code is available at https://github.com/PKU-ML/Projector_Theory.",
    },
    {
        "arxiv": "2604.14265",
        "date": "2026-04-15",
        "cat": "cs.LG",
        "cites": 0,
        "title": "Reinforcement Learning via Value Gradient Flow",
        "byline": ["Haoran Xu", "Kaiwen Hu", "Somayeh Sojoudi"],
        "abstract": "We study behavior-regularized reinforcement learning (RL). "
        "Code and runs can be found at https://ryanxhr.github.io/vgf.",
    },
    {
        "arxiv": "2101.07243",
        "date": "2021-01-18",
        "cat": "cond-mat.str-el",
        "cites": 28,
        "title": "Gauge Invariant and Anyonic Symmetric Transformer and RNN Quantum States for Quantum "
        "Lattice Models",
        "byline": ["Di Luo", "Zhuo Chen", "Kaiwen Hu"],
        "abstract": "Symmetries such as gauge invariance and anyonic symmetry play a crucial role in quantum "
        "many-body physics.",
    },
]

_COAUTHORS: dict[str, tuple[str, int, int, int]] = {
    # name: (authorId, hIndex, paperCount, citationCount)
    "Zhijie Jia": ("3001", 4, 9, 61),
    "Lin Chen": ("3002", 21, 140, 2480),
    "Zhuo Chen": ("3003", 11, 30, 650),
    "Di Luo": ("3004", 19, 58, 1630),
    "Yifei Wang": ("3005", 25, 90, 3900),
    "Sharut Gupta": ("3006", 6, 14, 300),
    "Zhuo Ouyang": ("3007", 2, 3, 16),
    "Qi Zhang": ("3008", 30, 210, 5200),
    "Haoran Xu": ("3009", 17, 45, 1900),
    "Somayeh Sojoudi": ("3010", 28, 170, 3300),
}


def make_state(
    *, page_cap: int | None = None, extra: Callable[[ScholarState], None] | None = None
) -> ScholarState:
    """The realistic default world.

    - Kaiwen Hu (h-index 14, 6 papers, 85 citations) with the six seed-000
      papers, served in the seed's (unsorted) order; categories CV, HEP-LAT,
      LG x3, STR-EL (main: LG); three abstracts link GitHub.
    - Each seed paper's byline resolvable via ``/paper/arXiv:{id}/authors``.
    - Two different "Wei Zhang"s on two different papers (``2401.01111``,
      ``2402.02222``), with different metrics and papers: never to be merged.
    - :data:`UNKNOWN_TO_S2` is not known to S2 (404).
    """
    state = ScholarState(page_cap=page_cap)
    state.add_author(
        KAIWEN_HU_ID,
        "Kaiwen Hu",
        h_index=14,
        paper_count=6,
        citation_count=85,
        affiliations=["Peking University"],
    )
    ids = {"Kaiwen Hu": KAIWEN_HU_ID}
    for name, (author_id, h, n, c) in _COAUTHORS.items():
        state.add_author(author_id, name, h_index=h, paper_count=n, citation_count=c)
        ids[name] = author_id
    for paper in _KAIWEN_PAPERS:
        byline = [(ids[n], n) for n in paper["byline"]]
        state.add_author_paper(
            KAIWEN_HU_ID,
            title=paper["title"],
            date=paper["date"],
            arxiv_id=paper["arxiv"],
            authors=byline,
            abstract=paper["abstract"],
            citations=paper["cites"],
            category=paper["cat"],
        )
        state.add_paper(paper["arxiv"], [aid for aid, _ in byline])
    state.versions["2503.00507"] = 2

    state.add_author(
        WEI_ZHANG_NLP_ID,
        "Wei Zhang",
        h_index=40,
        paper_count=3,
        citation_count=9100,
        affiliations=["Example NLP Lab"],
    )
    state.add_author(
        WEI_ZHANG_BIO_ID,
        "Wei Zhang",
        h_index=3,
        paper_count=2,
        citation_count=41,
        affiliations=["Example Biology Institute"],
    )
    state.add_paper("2401.01111", [WEI_ZHANG_NLP_ID, "3002"], category="cs.CL")
    state.add_paper("2402.02222", ["3004", WEI_ZHANG_BIO_ID], category="q-bio.QM")
    nlp = [
        ("2401.01111", "2024-01-05", "cs.CL", "Long-Context Retrieval for Language Models"),
        ("2310.04444", "2023-10-06", "cs.CL", "Instruction Tuning Without Instructions"),
        ("2207.05555", "2022-07-12", "cs.LG", "Sparse Mixture Routing Revisited"),
    ]
    for arxiv_id, day, cat, title in nlp:
        state.add_author_paper(
            WEI_ZHANG_NLP_ID,
            title=title,
            date=day,
            arxiv_id=arxiv_id,
            authors=[(WEI_ZHANG_NLP_ID, "Wei Zhang"), ("3002", "Lin Chen")],
            abstract="An abstract without links.",
            citations=100,
            category=cat,
        )
    bio = [
        ("2402.02222", "2024-02-08", "q-bio.QM", "Neural Surrogates for Cell Growth Models"),
        ("2109.06666", "2021-09-14", "q-bio.QM", "Counting Colonies with Weak Labels"),
    ]
    for arxiv_id, day, cat, title in bio:
        state.add_author_paper(
            WEI_ZHANG_BIO_ID,
            title=title,
            date=day,
            arxiv_id=arxiv_id,
            authors=[("3004", "Di Luo"), (WEI_ZHANG_BIO_ID, "Wei Zhang")],
            abstract=None,
            citations=20,
            category=cat,
        )
    if extra is not None:
        extra(state)
    return state


_HUB_CATEGORIES = ("cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.RO")


def _digest(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)


def hub_author_id(name: str) -> str:
    """The stable S2 author id :func:`derive_from_hub` gives a Hub author name."""
    return f"h{_digest('author:' + name) % 10**8:08d}"


def hub_category(arxiv_id: str) -> str:
    """The primary category :func:`derive_from_hub` gives a Hub paper."""
    return _HUB_CATEGORIES[_digest("category:" + arxiv_id) % len(_HUB_CATEGORIES)]


def derive_from_hub(state: ScholarState, hub: Any) -> ScholarState:
    """Make S2 and arXiv know the Hub dataset's papers, so both fakes tell one story.

    For every paper in ``hub.days``: its visible authors become S2 authors
    (id from :func:`hub_author_id`; a name the curated state already has keeps
    that author, so no namesake appears), the paper's byline is served by
    ``/paper/arXiv:{id}/authors`` (hidden authors included, as S2 would), it
    joins each new author's paper list, and arXiv gets a category from
    :func:`hub_category`. Metrics are derived from the name: deterministic,
    and ``paperCount`` is at least the number of Hub papers listed.

    Args:
        hub: a ``HubState`` (anything with ``all_items()`` giving daily items).
    """
    curated = set(state.author_papers)
    by_name = {str(a.get("name")): aid for aid, a in state.authors.items()}
    derived: dict[str, int] = {}
    for item in hub.all_items():
        paper = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper, dict) or not isinstance(paper.get("id"), str):
            continue
        arxiv_id = paper["id"]
        names = [
            str(a.get("name")) for a in paper.get("authors") or [] if isinstance(a, dict) and a.get("name")
        ]
        byline = []
        for name in names:
            author_id = by_name.get(name) or hub_author_id(name)
            by_name[name] = author_id
            byline.append((author_id, name))
        state.add_paper(arxiv_id, [aid for aid, _ in byline], category=hub_category(arxiv_id))
        day = str(paper.get("publishedAt") or "")[:10] or None
        for author_id, _ in byline:
            if author_id in curated:
                continue
            derived[author_id] = derived.get(author_id, 0) + 1
            state.add_author_paper(
                author_id,
                title=str(paper.get("title") or ""),
                date=day,
                arxiv_id=arxiv_id,
                authors=list(byline),
                abstract=paper.get("summary") if isinstance(paper.get("summary"), str) else None,
                citations=_digest("cites:" + arxiv_id) % 90,
                category=hub_category(arxiv_id),
            )
    for name, author_id in by_name.items():
        if author_id in derived and author_id not in state.authors:
            seed = _digest("metrics:" + name)
            count = derived[author_id] + seed % 40
            state.add_author(
                author_id,
                name,
                h_index=1 + seed % 30,
                paper_count=count,
                citation_count=count * (3 + seed % 50),
                affiliations=[_HUB_AFFILIATIONS[seed % len(_HUB_AFFILIATIONS)]] if seed % 3 else [],
            )
    return state


_HUB_AFFILIATIONS = ("Example University", "Example AI Lab", "Institute of Examples")


def primary_categories(state: ScholarState, author_id: str) -> list[str]:
    """The arXiv terms of an author's papers, newest paper first (what "main category" is made of)."""
    papers = sorted(
        state.author_papers.get(author_id, []), key=lambda p: p.get("publicationDate") or "", reverse=True
    )
    ids = [(p.get("externalIds") or {}).get("ArXiv") for p in papers]
    return [state.categories.get(i or "", "") for i in ids]


def install(server: Any, state: ScholarState | None = None) -> ScholarState:
    """Serve *state* from *server*; also stored as ``server.scholar``.

    Without *state*: :func:`make_state` plus :func:`derive_from_hub` of the
    server's Hub dataset as it is now, so a Hub paper's authors have profiles.
    """
    if state is None:
        state = derive_from_hub(make_state(), server.hub)
    server.handlers.append(lambda req: handle(req, state))
    server.scholar = state
    return state
