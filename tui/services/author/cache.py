"""The author-profile glue the app and the CLI share, in one import.

The parts live in modules that do one job each: :mod:`~tui.services.storage.author_store`
(the SQLite cache adapter), :mod:`~tui.services.author.offline` (cached papers by
name, without the network), :mod:`~tui.services.author.names` (byline matching),
:mod:`~tui.services.author.papers` (feed paper <-> profile line) and
:mod:`~tui.services.author.wiring` (clients for a session).
"""

from __future__ import annotations

from tui.services.author.names import match_author, same_name
from tui.services.author.offline import cached_papers_by_name, offline_profile
from tui.services.author.papers import author_paper_from, is_local, paper_from_author_paper
from tui.services.author.wiring import (
    ARXIV_INTERVAL_ENV,
    HAS_CODE_TIMEOUT,
    S2_RETRY,
    MemoArxivClient,
    build_author_service,
    close_author_service,
    hub_has_code,
)
from tui.services.storage.author_store import StoreAuthorCache

__all__ = [
    "ARXIV_INTERVAL_ENV", "HAS_CODE_TIMEOUT", "S2_RETRY", "MemoArxivClient", "StoreAuthorCache",
    "author_paper_from", "build_author_service", "cached_papers_by_name", "close_author_service", "hub_has_code",
    "is_local", "match_author", "offline_profile", "paper_from_author_paper", "same_name",
]
