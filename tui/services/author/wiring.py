"""Building the author service for a session: endpoints, API key, spacing, cache, Code lookups.

The UI and ``papers-tui author`` wire the Semantic Scholar and arXiv clients
the same way, through :func:`build_author_service`.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from tui.models import Paper
from tui.services.author.profiles import AuthorService, HasCode
from tui.services.errors import NotFoundError
from tui.services.net.arxiv_api import ArxivClient
from tui.services.net.http import RetryNotice, RetryPolicy
from tui.services.session import Session
from tui.services.storage.author_store import StoreAuthorCache

ARXIV_INTERVAL_ENV = "PAPERS_TUI_ARXIV_INTERVAL"
"""Seconds between arXiv requests (default 3, arXiv's terms); tests set it near 0."""
HAS_CODE_TIMEOUT = 8.0
"""A Hugging Face lookup for the Code marker never holds a profile back longer."""
S2_RETRY = RetryPolicy(attempts=4, base_delay=1.0, max_delay=60.0)
"""Semantic Scholar's anonymous pool answers 429 often: be patient, but not forever."""


class MemoArxivClient(ArxivClient):
    """An :class:`ArxivClient` that remembers categories (they never change).

    Coauthors share papers, so browsing a paper's authors asks arXiv about
    most ids once. Ids arXiv does not know are remembered too.
    """

    MAX_REMEMBERED = 50_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known: dict[str, str] = {}

    async def primary_categories(self, ids: list[str]) -> dict[str, str]:
        unknown = [i for i in dict.fromkeys(ids) if i and i not in self._known]
        if unknown:
            found = await super().primary_categories(unknown)
            if len(self._known) > self.MAX_REMEMBERED:
                self._known.clear()
            self._known.update({i: found.get(i, "") for i in unknown})
        return {i: self._known[i] for i in ids if self._known.get(i)}


def hub_has_code(session: Session, seen: dict[str, Paper] | None = None) -> HasCode:
    """``has_code`` for :class:`AuthorService`: the cache, else Hugging Face ``/api/papers/{id}``.

    Args:
        seen: papers fetched from the Hub land here (to open them later with their links).
    """

    async def has_code(arxiv_id: str) -> bool | None:
        cached = session.store.paper(arxiv_id)
        if cached is not None:
            return cached.code_url is not None
        if session.offline:
            return None
        try:
            details = await asyncio.wait_for(session.hub.paper(arxiv_id), HAS_CODE_TIMEOUT)
        except NotFoundError:
            return None  # not on Hugging Face: only the abstract can tell
        except TimeoutError:
            return None
        if seen is not None:
            seen[arxiv_id] = details.paper
        return details.paper.code_url is not None

    return has_code


def build_author_service(
    session: Session,
    *,
    on_retry: RetryNotice | None = None,
    seen: dict[str, Paper] | None = None,
    max_code_lookups: int = 20,
) -> AuthorService:
    """An :class:`AuthorService` for *session*: env endpoints, API key, offline flag, SQLite cache.

    Endpoints, the API key and the arXiv spacing come from ``session.settings``.
    Close it with :func:`close_author_service`.
    """
    from tui.services.net.clients import arxiv_client, scholar_client  # clients built one way, from Settings

    scholar = scholar_client(session.settings, offline=session.offline, on_retry=on_retry, retry=replace(S2_RETRY))
    arxiv = arxiv_client(session.settings, offline=session.offline, on_retry=on_retry, kind=MemoArxivClient)
    return AuthorService(
        scholar,
        arxiv,
        cache=StoreAuthorCache(session.store),
        has_code=hub_has_code(session, seen),
        max_code_lookups=max_code_lookups,
    )


async def close_author_service(service: AuthorService) -> None:
    await service.aclose()
    await service.scholar.aclose()
    await service.arxiv.aclose()
