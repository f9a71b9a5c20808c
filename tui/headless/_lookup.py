"""Finding one paper for ``open``, ``cite`` and ``bookmarks add``: local first, network second."""

from __future__ import annotations

import re
import sqlite3

from tui.models import LOCAL_ID_PREFIX, Paper, is_arxiv_id
from tui.services.errors import NotFoundError, ServiceError
from tui.services.session import Session

_URL_ID = re.compile(r"(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/([^/?#\s]+?)(?:\.pdf)?/?(?:[?#].*)?$")
_LOCAL_ID = re.compile(rf"{LOCAL_ID_PREFIX}[0-9a-f]{{1,64}}")
_VERSION = re.compile(r"v\d+$")


class PaperNotFound(Exception):
    """The id is malformed, or the paper is neither local nor (reachable) online."""


def normalise_id(text: str) -> str:
    """``2503.01234`` from ``arXiv:2503.01234v2``, an arXiv or Hugging Face URL, or the bare id.

    Raises:
        PaperNotFound: *text* is not an arXiv id (nor a local sample id).
    """
    value = text.strip()
    match = _URL_ID.search(value)
    if match:
        value = match.group(1)
    if value.lower().startswith("arxiv:"):
        value = value[len("arxiv:") :]
    if value.startswith(LOCAL_ID_PREFIX):
        # Only the bundled sample's form (local-<hex>): an id is used in lookups and printed.
        if _LOCAL_ID.fullmatch(value):
            return value
        raise PaperNotFound(f"not a local sample id: {ascii(text.strip())[:60]} (expected e.g. local-0123456789)")
    value = _VERSION.sub("", value)
    if not is_arxiv_id(value):
        raise PaperNotFound(f"not an arXiv id: {ascii(text.strip())[:60]} (expected e.g. 2503.01234)")
    return value


async def find_paper(session: Session, text: str) -> Paper:
    """The paper *text* names, from the cache, the bookmarks, the sample, then Hugging Face.

    A paper fetched from the network is stored in the cache, so the next
    command finds it offline.

    Raises:
        PaperNotFound: With a one-line reason (bad id, offline and not cached,
            unknown to Hugging Face, or the network error).
    """
    paper_id = normalise_id(text)
    cached = session.store.paper(paper_id)
    if cached is not None:
        return cached
    for paper, _ in session.library.bookmarks():
        if paper.id == paper_id:
            return paper
    # The bundled sample's papers (real arXiv ids as well as local ones) work offline too.
    for paper in session.feeds.sample().papers:
        if paper.id == paper_id:
            return paper
    if paper_id.startswith(LOCAL_ID_PREFIX):
        raise PaperNotFound(f"no local paper {paper_id}")
    if session.offline:
        raise PaperNotFound(f"offline and paper {paper_id} is not cached")
    try:
        details = await session.hub.paper(paper_id)
    except NotFoundError as error:
        raise PaperNotFound(f"Hugging Face has no paper {paper_id}") from error
    except ServiceError as error:
        raise PaperNotFound(str(error)) from error
    try:
        session.store.upsert_papers([details.paper])
    except (sqlite3.Error, OSError):
        pass  # caching is a bonus (a read-only cache): the answer stands without it
    return details.paper


async def paper_for_command(paper_id: str, *, offline: bool) -> Paper:
    """Open a session just long enough to find *paper_id* (for ``cite`` and ``open``).

    Raises:
        PaperNotFound: with the reason, ready to print.
    """
    from tui.headless import warn_notices
    from tui.services.session import open_session

    session = open_session(offline=offline)
    warn_notices(session)
    try:
        return await find_paper(session, paper_id)
    finally:
        await session.aclose()
