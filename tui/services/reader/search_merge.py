"""Cached search hits and Hugging Face's, merged: cached first, no duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.models import Paper
from tui.services.storage.store import CacheStore

Origin = Literal["cached", "remote"]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result and where it was found."""

    paper_id: str
    origin: Origin
    """``cached``: found in the local cache; ``remote``: only Hugging Face had it."""
    paper: Paper | None = None
    """The remote copy (None for cached hits: the cache has the paper)."""


def merge_results(local_ids: Iterable[str], remote_papers: Iterable[Paper]) -> list[SearchHit]:
    """Cached hits first (in rank order), then remote papers the cache did not find; no duplicates."""
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for paper_id in local_ids:
        if paper_id not in seen:
            seen.add(paper_id)
            hits.append(SearchHit(paper_id, "cached"))
    for paper in remote_papers:
        if paper.id not in seen:
            seen.add(paper.id)
            hits.append(SearchHit(paper.id, "remote", paper))
    return hits


def merged_papers(store: CacheStore, local_ids: Sequence[str], remote_papers: Sequence[Paper]) -> list[Paper]:
    """The papers of :func:`merge_results`, in its order (cached copies from *store*)."""
    hits = merge_results(local_ids, remote_papers)
    cached = {p.id: p for p in store.papers([h.paper_id for h in hits if h.origin == "cached"])}
    papers: list[Paper] = []
    for hit in hits:
        paper = hit.paper if hit.origin == "remote" else cached.get(hit.paper_id)
        if paper is not None:
            papers.append(paper)
    return papers
