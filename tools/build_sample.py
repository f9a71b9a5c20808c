"""Build ``tui/data/sample.json``, the bundled offline sample (a developer tool, not shipped).

    python tools/build_sample.py --out tui/data/sample.json \
        [--hub /work/shared/real-payloads/hf] [--seeds /work/shared/seeds]

The sample holds, in this order:

1. The papers of two real recorded Hugging Face ``/api/daily_papers`` responses
   (``real-payloads/hf/``: 55 papers with their real arXiv ids, authors - one
   hidden -, upvotes, comments, GitHub repos and stars, project pages, AI
   summaries and keywords, organizations), newest listing first, each in
   Hugging Face's own order, parsed by the app's own parser (so cleaned the
   same way). They can be cited, bookmarked and opened like any paper.
2. The papers of the text seed pages (``seeds/``), with ``local-`` ids, and the
   one author profile those pages hold (Kaiwen Hu).

Seed page parsing rules, and the assumptions behind them:
* Feed pages are blocks separated by blank lines: a title line, then an abstract
  paragraph. Site boilerplate ("new", "Subscribe", "Daily Papers" ...) is skipped.
* A search page additionally follows each abstract with a meta block
  ``• N authors`` / ``·`` / ``Nov 6, 2024 1`` (the arXiv date, then the upvotes).
  That date becomes ``published_at``.
* A lone date block (``Mar 12``) is the page's section header. On daily pages (no
  meta blocks) it is the day the papers were listed, so it becomes
  ``submitted_at``; on search pages it is just the page's own date and is ignored.
* A date without a year (``Apr 15``) belongs to the year the pages were saved,
  assumed to be :data:`PAGE_YEAR` (2025); the pages carry no year of their own.
* Papers never get invented arXiv ids: each gets ``local-`` + the first 10 hex
  digits of the SHA-1 of its title. GitHub links stay in the abstract, where
  :attr:`Paper.code_url` finds them.
* Feed papers have no author names, except those that also appear on the author
  profile page, which names the first three (``A, B, C et al.``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import Author, Paper
from tui.services.net.hub import parse_daily_items
from tui.services.reader.sample import local_paper_id

PAGE_YEAR = 2025
"""The year assumed for dates the seed pages print without one (``Mar 12``)."""

BUILT_FROM = "shared/real-payloads/hf + shared/seeds"
"""Recorded in the sample so a reader knows where the data came from (no absolute path,
so the file is identical whoever regenerates it)."""

MAX_FEED_PAPERS = 120
"""How many feed papers the sample keeps. The seeds hold ~220 unique ones (~470 KB of
JSON); 120 keep the bundled file near 250 KB. The author profile's papers come on top."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_RE = "|".join(_MONTHS)
# "Apr 7", "Nov 6, 2024", "Nov 6, 2024 1" (trailing number = upvotes on search pages).
_DATE_LINE = re.compile(rf"^({_MONTH_RE}) (\d{{1,2}})(?:, (\d{{4}}))?(?: (\d+))?$")
_AUTHOR_COUNT = re.compile(r"^•\s*(\d+)\s+authors?$")
# Author page paper header: category glued to the date, optionally "Code": "HEP-LATDec 14, 2022".
_PROFILE_PAPER_HEAD = re.compile(rf"^([A-Z][A-Z0-9.\-]*?)({_MONTH_RE}) (\d{{1,2}})(?:, (\d{{4}}))?(Code)?$")
_H_INDEX = re.compile(r"^h-index\s*(\d+)$", re.IGNORECASE)
_PAPER_COUNT = re.compile(r"^(\d+)\s*papers$", re.IGNORECASE)
_CITATIONS = re.compile(r"^(\d+)\s*citations$", re.IGNORECASE)
_CATEGORY = re.compile(r"^[A-Z][A-Z0-9.\-]*$")
_BOILERPLATE = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "get trending papers in your email inbox!",
}


HUB_DIR = Path("/work/shared/real-payloads/hf")
SEED_DIR = Path("/work/shared/seeds")


def hub_papers(hub_dir: Path) -> list[Paper]:
    """The papers of every recorded ``/api/daily_papers`` response in *hub_dir*, newest listing first.

    Each listing keeps Hugging Face's own order; a paper seen twice keeps its first copy.
    """
    listings: list[tuple[str, list[Paper]]] = []
    for path in sorted(hub_dir.glob("daily_*.json")):
        papers = parse_daily_items(json.loads(path.read_text(encoding="utf-8")))
        newest = max((p.submitted_at or p.published_at for p in papers if p.submitted_at or p.published_at),
                     default=None)
        listings.append((newest.isoformat() if newest else "", papers))
    seen: set[str] = set()
    result: list[Paper] = []
    for _, papers in sorted(listings, key=lambda item: item[0], reverse=True):
        for paper in papers:
            if paper.id not in seen:
                seen.add(paper.id)
                result.append(paper)
    return result


def build_sample(seed_dir: Path, hub_dir: Path | None = None) -> dict[str, Any]:
    """The JSON-able sample: *hub_dir*'s real papers, then the seed pages' papers and profile.

    Args:
        seed_dir: The folder of seed ``*.txt`` pages (feed/search pages and author
            profile pages, recognised by their content, read in name order).
        hub_dir: The folder of recorded ``daily_*.json`` responses (None: seeds only).

    Returns:
        ``{"papers": [...], "author_profiles": [...], "built_from": ..., "label": ...}``,
        deterministic for the same input.
    """
    seeds = _seed_sample(seed_dir)
    real = hub_papers(hub_dir) if hub_dir is not None else []
    titles = {_title_key(p.title) for p in real}
    papers = [p.to_dict() for p in real] + [
        p for p in seeds["papers"] if _title_key(str(p.get("title") or "")) not in titles
    ]
    return {
        "papers": papers,
        "author_profiles": seeds["author_profiles"],
        "built_from": BUILT_FROM if real else "shared/seeds",
        "label": "Sample papers: real Hugging Face listings (recorded), then the seed pages' papers",
    }


def _seed_sample(seed_dir: Path) -> dict[str, Any]:
    """Parse every seed page in *seed_dir* into papers and author profiles."""
    pages: list[list[Paper]] = []
    profiles: list[AuthorProfile] = []
    for path in sorted(seed_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if is_profile_page(text):
            profiles.append(parse_profile_page(text))
        else:
            pages.append(parse_feed_page(text))
    papers: dict[str, Paper] = {}
    # Round-robin over the pages so the cap below keeps papers from every page;
    # every sighting is merged first, so a capped paper still has all its data.
    for paper in _interleave(pages):
        _add_paper(papers, paper)
    kept = list(papers.values())[:MAX_FEED_PAPERS]
    kept_keys = {_title_key(paper.title) for paper in kept}
    for profile in profiles:
        for item in profile.papers:
            key = _title_key(item.title)
            from_profile = _paper_from_profile(item)
            if key not in kept_keys:
                kept.append(papers.get(key, from_profile).merged_with(from_profile))
                kept_keys.add(key)
    at = {_title_key(paper.title): i for i, paper in enumerate(kept)}
    for profile in profiles:
        for item in profile.papers:
            # The profile names authors the feed pages do not; lend them to the feed copy.
            i = at[_title_key(item.title)]
            paper = kept[i]
            if not paper.authors:
                paper = paper._replace(authors=tuple(Author(name) for name in item.authors))
            if paper.published_at is None and item.date:
                paper = paper._replace(published_at=_as_datetime(date.fromisoformat(item.date)))
            kept[i] = paper
    return {
        "papers": [paper.to_dict() for paper in kept],
        "author_profiles": [profile.to_dict() for profile in profiles],
        "built_from": BUILT_FROM,
    }


# --- feed / search pages -------------------------------------------------------------


@dataclass
class _Entry:
    """A paper being assembled while walking a feed page."""

    title: str
    summary: str = ""
    published: date | None = None
    submitted: date | None = None
    upvotes: int = 0


@dataclass
class _PageState:
    entries: list[_Entry] = field(default_factory=list)
    section_date: date | None = None
    has_meta: bool = False
    awaiting_abstract: bool = False


def parse_feed_page(text: str, *, year: int = PAGE_YEAR) -> list[Paper]:
    """The papers listed on one feed or search page, in page order.

    Args:
        text: The page saved as text (blocks separated by blank lines).
        year: The year for dates printed without one.
    """
    state = _PageState()
    for block in _blocks(text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines or _is_boilerplate(lines):
            continue
        if _is_meta_block(lines):
            if any(not _DATE_LINE.match(line) for line in lines):
                state.has_meta = True
                _apply_meta(state, lines, year)
            else:
                # A lone date is a section header ("Mar 12"), not a paper's date.
                state.section_date = _parse_date_line(lines[-1], year)[0]
                state.awaiting_abstract = False
            continue
        paragraph = " ".join(lines)
        if state.awaiting_abstract:
            state.entries[-1].summary = paragraph
            state.awaiting_abstract = False
        else:
            state.entries.append(_Entry(title=_clean_title(paragraph), submitted=state.section_date))
            state.awaiting_abstract = True
    papers = []
    for entry in state.entries:
        # On a search page the header date is the page's date, not a listing day.
        submitted = None if state.has_meta else entry.submitted
        papers.append(
            Paper(
                id=local_paper_id(entry.title),
                title=entry.title,
                summary=entry.summary,
                published_at=_as_datetime(entry.published),
                submitted_at=_as_datetime(submitted),
                upvotes=entry.upvotes,
            )
        )
    return papers


def _apply_meta(state: _PageState, lines: Sequence[str], year: int) -> None:
    if not state.entries:
        return
    entry = state.entries[-1]
    state.awaiting_abstract = False
    for line in lines:
        if _DATE_LINE.match(line):
            entry.published, upvotes = _parse_date_line(line, year)
            entry.upvotes = upvotes or entry.upvotes


def _is_meta_block(lines: Sequence[str]) -> bool:
    return all(line == "·" or _AUTHOR_COUNT.match(line) or _DATE_LINE.match(line) for line in lines)


def _is_boilerplate(lines: Sequence[str]) -> bool:
    return all(line.casefold() in _BOILERPLATE or line.startswith("Get trending papers") for line in lines)


# --- author profile page -------------------------------------------------------------


def is_profile_page(text: str) -> bool:
    """True when *text* is an author profile page (it shows an h-index)."""
    return any(_H_INDEX.match(line.strip()) for line in text.splitlines()[:20])


def parse_profile_page(text: str, *, year: int = PAGE_YEAR) -> AuthorProfile:
    """The :class:`AuthorProfile` an author page shows (``source="sample"``).

    The page starts with the name, the main category and the metrics
    (``h-index14``, ``6papers``, ``85citations``); each paper then is a header
    ``<CATEGORY><date>[Code]``, the title, ``A, B, C et al.`` and the abstract.
    """
    blocks = [[line.strip() for line in block.splitlines() if line.strip()] for block in _blocks(text)]
    lines = [line for block in blocks for line in block]
    profile = AuthorProfile(name=lines[0] if lines else "", source="sample")
    first_paper = next((i for i, line in enumerate(lines) if _PROFILE_PAPER_HEAD.match(line)), len(lines))
    for line in lines[1:first_paper]:
        if match := _H_INDEX.match(line):
            profile.h_index = int(match.group(1))
        elif match := _PAPER_COUNT.match(line):
            profile.paper_count = int(match.group(1))
        elif match := _CITATIONS.match(line):
            profile.citation_count = int(match.group(1))
        elif profile.main_category is None and _CATEGORY.match(line):
            profile.main_category = line
    profile.papers = list(_profile_papers(lines[first_paper:], year))
    return profile


def _profile_papers(lines: Sequence[str], year: int) -> Iterable[AuthorPaper]:
    index = 0
    while index < len(lines):
        head = _PROFILE_PAPER_HEAD.match(lines[index])
        if not head:
            index += 1
            continue
        body: list[str] = []
        index += 1
        while index < len(lines) and not _PROFILE_PAPER_HEAD.match(lines[index]):
            body.append(lines[index])
            index += 1
        category, month, day, year_text, code = head.groups()
        when = date(int(year_text) if year_text else year, _MONTHS.index(month) + 1, int(day))
        title = _clean_title(body[0]) if body else ""
        authors = _split_authors(body[1]) if len(body) > 1 else ()
        abstract = " ".join(body[2:]) or None
        yield AuthorPaper(
            title=title,
            year=when.year,
            date=when.isoformat(),
            category=category,
            has_code=bool(code),
            authors=authors,
            abstract=abstract,
        )


def _split_authors(line: str) -> tuple[str, ...]:
    names = re.sub(r"\s*et al\.?$", "", line.strip())
    return tuple(name.strip() for name in names.split(",") if name.strip())


def _paper_from_profile(item: AuthorPaper) -> Paper:
    return Paper(
        id=local_paper_id(item.title),
        title=item.title,
        summary=item.abstract or "",
        authors=tuple(Author(name) for name in item.authors),
        published_at=_as_datetime(date.fromisoformat(item.date)) if item.date else None,
    )


# --- shared helpers ------------------------------------------------------------------


def _add_paper(papers: dict[str, Paper], paper: Paper) -> None:
    """Add *paper*, merging it into an earlier copy with the same title."""
    if not paper.title:
        return
    key = _title_key(paper.title)
    older = papers.get(key)
    if older is None:
        papers[key] = paper
        return
    # The first sighting fixes the id and position; upvotes only ever grow.
    papers[key] = older.merged_with(paper)._replace(
        id=older.id, title=older.title, upvotes=max(older.upvotes, paper.upvotes)
    )


def _interleave(pages: Sequence[Sequence[Paper]]) -> Iterable[Paper]:
    longest = max((len(page) for page in pages), default=0)
    for index in range(longest):
        for page in pages:
            if index < len(page):
                yield page[index]


def _blocks(text: str) -> list[str]:
    return [block for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if block.strip()]


def _clean_title(title: str) -> str:
    return " ".join(title.split())


def _title_key(title: str) -> str:
    return _clean_title(title).casefold()


def _parse_date_line(line: str, year: int) -> tuple[date | None, int]:
    match = _DATE_LINE.match(line.strip())
    if not match:
        return None, 0
    month, day, year_text, upvotes = match.groups()
    try:
        when = date(int(year_text) if year_text else year, _MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None, 0
    return when, int(upvotes) if upvotes else 0


def _as_datetime(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None


def write_sample(seed_dir: Path, out: Path, hub_dir: Path | None = None) -> dict[str, Any]:
    """Build the sample and write it to *out* as UTF-8 JSON."""
    sample = build_sample(seed_dir, hub_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return sample


def main(argv: Sequence[str] | None = None) -> int:
    """``python tools/build_sample.py --out tui/data/sample.json``."""
    parser = argparse.ArgumentParser(prog="python tools/build_sample.py", description="Build the bundled offline sample.")
    parser.add_argument("--hub", type=Path, default=HUB_DIR, help="folder of recorded daily_*.json responses")
    parser.add_argument("--seeds", type=Path, default=SEED_DIR, help="folder of seed pages")
    parser.add_argument("--out", type=Path, required=True, help="where to write sample.json")
    args = parser.parse_args(argv)
    for folder in (args.hub, args.seeds):
        if not folder.is_dir():
            parser.error(f"not a folder: {folder}")
    sample = write_sample(args.seeds, args.out, args.hub)
    size = args.out.stat().st_size
    print(
        f"wrote {args.out}: {len(sample['papers'])} papers, "
        f"{len(sample['author_profiles'])} author profile(s), {size / 1024:.0f} KB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
