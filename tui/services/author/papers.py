"""Converting between feed papers and the lines of an author's paper list."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.models import LOCAL_ID_PREFIX, Author, AuthorPaper, Paper, is_arxiv_id


def author_paper_from(paper: Paper) -> AuthorPaper:
    """A cached feed paper as a line of an author's paper list (category unknown)."""
    published = paper.published_at or paper.submitted_at
    return AuthorPaper(
        title=paper.title,
        year=published.year if published else None,
        date=published.date().isoformat() if published else None,
        arxiv_id=paper.id if paper.has_arxiv_id else None,
        has_code=paper.code_url is not None,
        authors=tuple(paper.author_names),
        abstract=paper.summary or None,
    )


def paper_from_author_paper(item: AuthorPaper) -> Paper:
    """A profile line as a :class:`Paper` the feed and the paper actions can use.

    Papers without an arXiv id get the same ``local-`` id the bundled sample uses.
    """
    from tui.services.reader.sample import local_paper_id

    arxiv = item.arxiv_id if item.arxiv_id and is_arxiv_id(item.arxiv_id) else None
    published = None
    if item.date:
        try:
            published = datetime.fromisoformat(item.date).replace(tzinfo=UTC)
        except ValueError:
            published = None
    elif item.year:
        published = datetime(item.year, 1, 1, tzinfo=UTC)
    return Paper(
        id=arxiv or local_paper_id(item.title),
        title=item.title,
        summary=item.abstract or "",
        authors=tuple(Author(n) for n in item.authors),
        published_at=published,
    )


def is_local(paper: Paper) -> bool:
    return paper.id.startswith(LOCAL_ID_PREFIX)
