"""References, citations and similar papers through the cache (days of freshness, offline reading).

Semantic Scholar's unauthenticated pool is small, so a list is fetched at most
once a week and a failure (429, timeout, offline) falls back to the cached
copy with a one-line reason instead of an error.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from tui.services.errors import OfflineError, ServiceError
from tui.services.net.graph import GraphClient, GraphKind, GraphListing
from tui.services.storage.fulltext_cache import FullTextCache


@dataclass(frozen=True, slots=True)
class LoadedGraph:
    listing: GraphListing
    from_cache: bool
    problem: str = ""
    """Why this is the cached copy although a fresh one was wanted ("" when it is fresh)."""


class GraphService:
    def __init__(self, cache: FullTextCache, client: GraphClient, *, offline: bool = False) -> None:
        self.cache = cache
        self.client = client
        self.offline = offline

    def cached(self, kind: GraphKind, paper_id: str) -> GraphListing | None:
        hit = self.cache.graph(paper_id, kind)
        return hit.value if hit is not None else None

    async def load(self, kind: GraphKind, paper_id: str, *, refresh: bool = False) -> LoadedGraph:
        """The list, from the cache when fresh (or offline), else from S2.

        Raises:
            ServiceError: nothing cached and S2 failed (NotIndexedError when it does not know the paper).
        """
        hit = self.cache.graph(paper_id, kind)
        if hit is not None and (self.offline or (hit.fresh and not refresh)):
            return LoadedGraph(hit.value, True)
        if self.offline:
            raise OfflineError(f"offline: the {kind} of {paper_id} are not cached", service="Semantic Scholar")
        try:
            listing = await self.client.listing(kind, paper_id)
        except ServiceError as error:
            if hit is not None:
                return LoadedGraph(hit.value, True, problem=str(error))
            raise
        if kind == "citations" and listing.total is None:
            counts = self.cache.counts(paper_id)
            if counts is not None and isinstance(counts.value.get("citationCount"), int):
                listing.total = counts.value["citationCount"]
        listing.fetched_at = self.cache.now()
        await asyncio.to_thread(self.cache.put_graph, listing)
        return LoadedGraph(listing, False)

    def cached_counts(self, paper_id: str) -> dict[str, int] | None:
        hit = self.cache.counts(paper_id)
        return hit.value if hit is not None else None

    async def counts(self, paper_id: str) -> dict[str, int] | None:
        """The paper's own citation counts (cached for days; None when unknown)."""
        hit = self.cache.counts(paper_id)
        if hit is not None and (hit.fresh or self.offline):
            return dict(hit.value)
        if self.offline:
            return None
        try:
            counts = await self.client.counts(paper_id)
        except ServiceError:
            return dict(hit.value) if hit is not None else None
        await asyncio.to_thread(self.cache.put_counts, paper_id, counts)
        return counts
