"""Helpers shared by the library commands (export, import, pdf, lists, note, tag)."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.headless._lookup import PaperNotFound, find_paper, normalise_id
from tui.models import Paper
from tui.services.net.arxiv_api import ArxivClient
from tui.services.session import Session
from tui.services.storage.sqlite_util import atomic_write


async def resolve(session: Session, text: str) -> Paper:
    """The paper *text* names: the library's own snapshot first, then the cache, then Hugging Face.

    Raises:
        PaperNotFound: with the reason, ready to print.
    """
    paper_id = normalise_id(text)
    kept = session.library.reading_lists.paper(paper_id)
    if kept is not None:
        return kept
    return await find_paper(session, paper_id)


def cannot_write(session: Session) -> str | None:
    """Why the library cannot be changed now (None when it can)."""
    if session.library.persistent:
        return None
    return f"cannot change the library: {session.library.notice or 'the library file is unavailable'}"


def category_client(session: Session) -> ArxivClient | None:
    """arXiv's export API for primary categories (None offline): batches of 100, 3 s apart."""
    if session.offline:
        return None
    from tui.services.net.clients import arxiv_client

    return arxiv_client(session.settings, offline=session.offline)


def write_text(text: str, output: str | None) -> Path | None:
    """*text* to *output* atomically, or to stdout (None returned) when absent or ``-``."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return None
    return atomic_write(Path(output).expanduser(), text)


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


__all__ = ["PaperNotFound", "cannot_write", "category_client", "plural", "resolve", "write_text"]
