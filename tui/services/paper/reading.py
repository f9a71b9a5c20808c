"""Everything the paper view, ``read``, ``refs`` and ``sync --full-text`` share, opened in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.config import Settings
from tui.services.net.clients import figure_http, limits
from tui.services.net.graph import GraphClient
from tui.services.net.http import HttpService
from tui.services.paper.figure_images import FigureImages
from tui.services.paper.fulltext import FullTextService
from tui.services.paper.graph_service import GraphService
from tui.services.storage.fulltext_cache import FullTextCache


@dataclass
class Reading:
    """The full-text cache, the text loader and the citation graph for one run."""

    cache: FullTextCache
    texts: FullTextService
    graph: GraphService
    figures: FigureImages | None = None
    """Figure images (issue 12b), kept in ``figures/`` beside the text cache."""

    @property
    def notices(self) -> list[str]:
        return [self.cache.notice] if self.cache.notice else []

    async def aclose(self) -> None:
        """Close the HTTP clients (they belong to the running event loop)."""
        await self.texts.aclose()
        await self.graph.client.aclose()
        if self.figures is not None:
            await self.figures.aclose()

    def close_local(self) -> None:
        self.cache.close()


def open_reading(cache_dir: Path | None, hub: HttpService, *, offline: bool, min_interval: float = 0.0,
                 settings: Settings | None = None) -> Reading:
    """Open ``fulltext.sqlite3`` in *cache_dir* (memory when None) and the clients around it.

    Args:
        hub: the Hugging Face HTTP service already open for this run (for ``.md`` and comments).
        min_interval: seconds between arXiv requests (3 when prefetching many papers).
        settings: endpoints, the S2 key and deadlines (read once, at start).
    """
    settings = settings or Settings()
    cache = FullTextCache.in_cache_dir(cache_dir) if cache_dir is not None else FullTextCache(None)
    texts = FullTextService(cache, hub, offline=offline, min_interval=min_interval,
                            arxiv_base=settings.arxiv_html_endpoint)
    client = GraphClient(settings.s2_endpoint, api_key=settings.s2_api_key, offline=offline,
                         recommendations_url=settings.s2_recommendations_endpoint or None, limits=limits(settings))
    graph = GraphService(cache, client, offline=offline)
    figures = FigureImages(cache_dir, figure_http(settings, offline=offline), settings.arxiv_html_endpoint,
                           offline=offline)
    return Reading(cache, texts, graph, figures)
