"""An author's paper list: its order, papers per year, and converting its lines to and from feed papers."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import LOCAL_ID_PREFIX, Author, Paper, is_arxiv_id


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


def _sort_key(paper: AuthorPaper) -> str:
    if paper.date:
        return paper.date
    return f"{paper.year:04d}-00-00" if paper.year else ""


def newest_first(papers: list[AuthorPaper]) -> list[AuthorPaper]:
    """Papers by publication date (or year alone), newest first; undated last."""
    return sorted(papers, key=_sort_key, reverse=True)


def _paper_year(paper: AuthorPaper) -> int | None:
    if paper.year:
        return paper.year
    if paper.date and paper.date[:4].isdigit():
        return int(paper.date[:4])
    return None


def papers_per_year(profile: AuthorProfile) -> list[tuple[int, int]]:
    """``[(year, count), ...]`` oldest year first, gap years filled with 0.

    Papers without any year are left out.
    """
    years = [y for y in (_paper_year(p) for p in profile.papers) if y is not None]
    if not years:
        return []
    counts = {year: years.count(year) for year in set(years)}
    return [(year, counts.get(year, 0)) for year in range(min(years), max(years) + 1)]
