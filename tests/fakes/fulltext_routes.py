"""Full text and citation-graph routes for the loopback fake.

- arXiv HTML: ``/arxiv-html/html/{id}`` (base URL ``server.url + "/arxiv-html"``): a LaTeXML page
  built from the real recorded ones for every paper of the Hub state; the real failed conversion
  for :data:`FAILED_ID`; the 404 "No HTML for" page for :data:`NO_HTML_ID` and :data:`HTML_AS_MD_ID`.
- Hugging Face: ``/papers/{id}.md`` (Markdown; an HTML body for :data:`HTML_AS_MD_ID`, 404 for
  :data:`NO_HTML_ID`) and ``/api/papers/{id}?field=comments``.
- Semantic Scholar (base ``server.url + "/s2"``): ``/paper/ARXIV:{id}/references`` and ``/citations``
  paged with ``offset``/``limit``/``next`` as the real API (real recorded items, ``paperId: null``
  included), ``/paper/ARXIV:{id}`` counts, and ``/recommendations/v1/papers/forpaper/ArXiv:{id}``.

:func:`install` puts the handler first, so it answers these paths before the Hub and S2 routes
(it returns None for everything else).
"""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fakes import figure_png, latexml_pages
from tests.fakes.base import FakeRequest, FakeResponse
from tests.fakes.latexml_pages import real

if TYPE_CHECKING:
    from tests.fakes.server import FakeServer

FAILED_ID = "2608.30667"
NO_HTML_ID = "2604.07737"
HTML_AS_MD_ID = "2605.10772"
NOT_IN_S2 = "2505.99999"
MANY_CITATIONS_ID = "2401.00001"
"""Serves the 281 real recorded citation items (3 real pages) plus the full edge."""
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")


def _json(name: str) -> Any:
    return json.loads(real(name))


@dataclass
class FullTextState:
    """What the routes serve beyond the defaults, plus a request log."""

    pages: dict[str, FakeResponse] = field(default_factory=dict)
    """arXiv id -> the answer for its HTML (overrides the generated page)."""
    markdown: dict[str, FakeResponse] = field(default_factory=dict)
    references: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    citations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    comments: dict[str, Any] = field(default_factory=dict)
    images: dict[str, FakeResponse] = field(default_factory=dict)
    """Path under ``/arxiv-html/html/`` (``2507.00150v1/plot.png``) -> the answer (default: the fake PNG)."""
    faults: dict[str, list[FakeResponse]] = field(default_factory=dict)
    log: list[FakeRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fail(self, prefix: str, *responses: FakeResponse) -> None:
        with self._lock:
            self.faults.setdefault(prefix, []).extend(responses)

    def requests_to(self, prefix: str) -> list[FakeRequest]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(prefix)]

    def _take_fault(self, path: str) -> FakeResponse | None:
        with self._lock:
            prefixes = sorted((p for p, q in self.faults.items() if q and path.startswith(p)), key=len, reverse=True)
            return self.faults[prefixes[0]].pop(0) if prefixes else None


def _hub_papers(server: FakeServer) -> list[dict[str, Any]]:
    return [item["paper"] for item in server.hub.all_items() if isinstance(item.get("paper"), dict)]


def _cited_ids(server: FakeServer, arxiv_id: str) -> list[str]:
    ids = [p["id"] for p in _hub_papers(server)]
    if arxiv_id in ids:
        start = ids.index(arxiv_id) + 1
        return (ids[start:] + ids[:start])[:3]
    return ids[:3]


def _paper_meta(server: FakeServer, arxiv_id: str) -> tuple[str, list[str], str]:
    for paper in _hub_papers(server):
        if paper.get("id") == arxiv_id:
            names = [a.get("name", "") for a in paper.get("authors") or [] if not a.get("hidden")]
            return paper.get("title") or arxiv_id, names, paper.get("summary") or ""
    return f"Paper {arxiv_id}", ["A. Author"], "An abstract about reading papers in a terminal. " * 5


def markdown_for(title: str, abstract: str) -> str:
    return (
        f"# {title}\n\n## Abstract\n\n{abstract}\n\n## 1 Introduction\n\n"
        "This Markdown comes from Hugging Face because arXiv's conversion failed. It has **bold**, "
        "*italic*, `code`, math $\\alpha+\\beta$ and a [link](https://example.org/md).\n\n"
        "- one item\n- another item\n\n$$\\sum_{i} x_{i}$$\n\n## 2 Method\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode line\n```\n\n"
        + "More words for the reader. " * 20
        + "\n"
    )


def _edge_paper(server: FakeServer, arxiv_id: str, index: int) -> dict[str, Any]:
    """A full S2 paper object in the shape of the real ``citedPaper`` of s2py_Reference.json."""
    base = copy.deepcopy(_json("s2py_Reference.json")["citedPaper"])
    title, names, abstract = _paper_meta(server, arxiv_id)
    base.update(
        paperId=f"s2{index:04d}{arxiv_id.replace('.', '')}",
        externalIds={"ArXiv": arxiv_id, "CorpusId": 9000 + index},
        title=title,
        abstract=abstract,
        authors=[{"authorId": str(100 + i), "name": n} for i, n in enumerate(names)],
        year=2025,
        publicationDate=f"2025-03-{10 - index:02d}",
        venue="arXiv.org",
        citationCount=10 * index,
    )
    return base


def default_references(server: FakeServer, arxiv_id: str) -> list[dict[str, Any]]:
    edge = _json("s2py_Reference.json")
    out = []
    for index, cited in enumerate(_cited_ids(server, arxiv_id), start=1):
        item = copy.deepcopy(edge)
        item["citedPaper"] = _edge_paper(server, cited, index)
        item["isInfluential"] = index == 1
        out.append(item)
    out.append(edge)  # the real edge, as recorded (a paper not on the Hub; DOI-less, ArXiv id 1402.0030)
    for name in ("s2py_test_get_paper_references_0.json", "s2py_test_get_paper_references_1.json"):
        out.extend(_json(name)["data"])  # real title-only items, paperId null among them
    return out


def default_citations(server: FakeServer, arxiv_id: str) -> list[dict[str, Any]]:
    edge = _json("s2py_Citation.json")
    out = [edge]
    for index, citing in enumerate(reversed(_cited_ids(server, arxiv_id)), start=1):
        item = copy.deepcopy(edge)
        item["citingPaper"] = _edge_paper(server, citing, index)
        item["isInfluential"] = False
        out.append(item)
    if arxiv_id == MANY_CITATIONS_ID:
        for name in ("s2py_test_get_paper_citations_0.json", "s2py_test_get_paper_citations_1.json",
                     "s2py_test_get_paper_citations_18.json"):
            out.extend(_json(name)["data"])
    return out


def _page(request: FakeRequest, items: list[dict[str, Any]]) -> FakeResponse:
    try:
        offset = max(0, int(request.query.get("offset", "0")))
        limit = int(request.query.get("limit", "100"))
    except ValueError:
        return FakeResponse.json({"error": "Unacceptable query params: [offset, limit]"}, 400)
    if not 1 <= limit <= 1000:
        return FakeResponse.json({"error": "Unacceptable query params: [limit]"}, 400)
    body: dict[str, Any] = {"offset": offset, "data": items[offset : offset + limit]}
    if offset + limit < len(items):
        body["next"] = offset + limit
    return FakeResponse.json(body)


def handle(request: FakeRequest, server: FakeServer, state: FullTextState) -> FakeResponse | None:
    path = request.path
    ours = (
        path.startswith(("/arxiv-html/", "/s2/recommendations/"))
        or (path.startswith("/papers/") and path.endswith(".md"))
        or (path.startswith("/api/papers/") and request.query.get("field") == "comments")
        or (path.startswith("/s2/paper/ARXIV:") and not path.endswith("/authors"))
    )
    if not ours:
        return None
    with state._lock:
        state.log.append(request)
    fault = state._take_fault(path)
    if fault is not None:
        return fault
    image = path.removeprefix("/arxiv-html/html/")
    if path.startswith("/arxiv-html/html/") and (image in state.images or image.lower().endswith(IMAGE_SUFFIXES)):
        # /arxiv-html/html/{id}v1/{file}.png: a figure image of the page
        return state.images.get(image) or FakeResponse(200, figure_png.PNG, {"Content-Type": "image/png"})
    if path.startswith("/arxiv-html/html/"):
        arxiv_id = path.removeprefix("/arxiv-html/html/").strip("/")
        bare = arxiv_id.split("v")[0] if "v" in arxiv_id and arxiv_id[0].isdigit() else arxiv_id
        if bare in state.pages:
            return state.pages[bare]
        if bare == FAILED_ID:
            return FakeResponse.text(real("html_2608.30667v1_conversion_failure.html"))
        if bare in (NO_HTML_ID, HTML_AS_MD_ID):
            return FakeResponse.text(latexml_pages.no_html_page(f"{bare}v1"), 404)
        title, names, abstract = _paper_meta(server, bare)
        return FakeResponse.text(latexml_pages.paper_page(bare, title, names, abstract, _cited_ids(server, bare)))
    if path.startswith("/papers/"):
        arxiv_id = path.removeprefix("/papers/").removesuffix(".md")
        if arxiv_id in state.markdown:
            return state.markdown[arxiv_id]
        if arxiv_id == NO_HTML_ID:
            return FakeResponse.json({"error": "Paper not found"}, 404)
        if arxiv_id == HTML_AS_MD_ID:
            return FakeResponse.text("<!DOCTYPE html><html><body>Paper page</body></html>")
        title, _, abstract = _paper_meta(server, arxiv_id)
        return FakeResponse.text(markdown_for(title, abstract), content_type="text/markdown; charset=utf-8")
    if path.startswith("/api/papers/"):
        arxiv_id = path.removeprefix("/api/papers/")
        comments = state.comments.get(arxiv_id, [])
        title, _, _ = _paper_meta(server, arxiv_id)
        return FakeResponse.json({"id": arxiv_id, "title": title, "comments": comments})
    if path.startswith("/s2/recommendations/v1/papers/forpaper/"):
        arxiv_id = path.rsplit(":", 1)[-1]
        if arxiv_id == NOT_IN_S2:
            return FakeResponse.json({"error": "Requested object not found"}, 404)
        papers = [_edge_paper(server, cited, i) for i, cited in enumerate(_cited_ids(server, arxiv_id), start=1)]
        papers += _json("s2py_test_get_recommended_papers_0.json")["recommendedPapers"]
        limit = int(request.query.get("limit", "100"))
        return FakeResponse.json({"recommendedPapers": papers[:limit]})
    rest = path.removeprefix("/s2/paper/ARXIV:")
    arxiv_id, _, kind = rest.partition("/")
    if arxiv_id == NOT_IN_S2:
        return FakeResponse.json({"error": f"Paper with id ARXIV:{arxiv_id} not found"}, 404)
    if kind == "references":
        return _page(request, state.references.get(arxiv_id) or default_references(server, arxiv_id))
    if kind == "citations":
        return _page(request, state.citations.get(arxiv_id) or default_citations(server, arxiv_id))
    if kind == "":
        cites = len(state.citations.get(arxiv_id) or default_citations(server, arxiv_id))
        refs = len(state.references.get(arxiv_id) or default_references(server, arxiv_id))
        return FakeResponse.json({"paperId": "s2" + arxiv_id, "citationCount": cites, "referenceCount": refs,
                                  "influentialCitationCount": 1})
    return FakeResponse.json({"error": "Not found"}, 404)


def install(server: FakeServer, state: FullTextState | None = None) -> FullTextState:
    """Answer the full-text and graph routes on *server* (ahead of the other handlers)."""
    state = state or FullTextState()
    server.handlers.insert(0, lambda request: handle(request, server, state))
    return state
