"""What the sidebar can say about an author without the network: cached papers by name."""

from __future__ import annotations

import sqlite3

from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import Paper
from tui.services.author.names import same_name
from tui.services.author.papers import author_paper_from, newest_first
from tui.services.storage.store import CacheStore


def cached_papers_by_name(
    store: CacheStore, name: str, *, extra: list[Paper] | None = None, limit: int = 200
) -> list[AuthorPaper]:
    """Every cached paper listing *name* as an author, newest first.

    Args:
        extra: papers not in the store to search too (the bundled sample).
        limit: at most this many from the store.
    """
    try:
        found = store.papers_by_author(name, limit=limit)
    except sqlite3.Error:
        found = []
    # The SQL match is a LIKE (case-insensitive, % and _ are wildcards): confirm exactly.
    papers = [p for p in found if any(same_name(a, name) for a in p.author_names)]
    seen = {p.id for p in papers}
    papers += [
        p for p in extra or [] if p.id not in seen and any(same_name(a, name) for a in p.author_names)
    ]
    return newest_first([author_paper_from(p) for p in papers])


def offline_profile(name: str, papers: list[AuthorPaper]) -> AuthorProfile:
    """A name-only profile listing *papers* (no metrics): what we know without the network."""
    return AuthorProfile(name=name, papers=papers, source="cache")
