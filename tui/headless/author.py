"""``papers-tui author --paper ID [--json] [--offline]``: a paper's authors' profiles.

Prints, for each author of the paper: name, affiliation, main arXiv category,
h-index, paper count, citations and their top papers. Profiles come from the
cache when fresh (a week), else from Semantic Scholar and arXiv, and are cached
for the UI. The first :data:`MAX_FULL_PROFILES` authors get full profiles
(arXiv asks for 3 s between requests, so a 2,000-author paper would take
hours); the rest get their metrics only. No Textual import here.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import Any

from tui.author_models import AuthorPaper, AuthorProfile
from tui.headless import fail, warn_notices
from tui.models import Paper, is_arxiv_id
from tui.services.author.cache import build_author_service, close_author_service, is_local
from tui.services.author.papers import newest_first
from tui.services.author.profiles import AuthorService
from tui.services.errors import OfflineError, ServiceError
from tui.services.sanitize import clean_block, clean_json, clean_line
from tui.services.session import Session, open_session

MAX_FULL_PROFILES = 12
TOP_PAPERS = 5


def _notice(reason: str, seconds: float) -> None:
    print(f"papers-tui: {reason}", file=sys.stderr)


async def run(args: argparse.Namespace) -> int:
    paper_id = str(args.paper).strip()
    if not (is_arxiv_id(paper_id) or paper_id.startswith("local-")):
        return fail(f"not an arXiv id: {paper_id!r} (expected e.g. 2503.01234)", 2)
    session = open_session(offline=args.offline)
    warn_notices(session)
    service = build_author_service(session, on_retry=_notice)
    try:
        paper = await _find_paper(session, paper_id)
        if paper is None:
            return fail(f"{paper_id} is not a paper of the bundled sample")
        try:
            entries, streamed = await _profiles(service, session, paper, stream=not args.json)
        except OfflineError as error:
            return fail(f"{error} (paper {paper_id}); run once online to cache it")
        except ServiceError as error:
            return fail(str(error))
        if not entries:
            return fail(f"no authors found for {paper_id}")
        if args.json:
            document = {
                "paper": paper_id,
                "title": paper.title or None,
                "authors": [_as_json(p, n) for p, n in entries],
            }
            # Cleaned on the way out too: a cache written by an older papers-tui may hold raw text.
            print(json.dumps(clean_json(document), ensure_ascii=False, indent=2))
        elif not streamed:
            if paper.title:
                print(f"{paper_id}  {clean_line(paper.title)}\n")
            print(clean_block("\n\n".join(_as_text(profile, note) for profile, note in entries)))
        return 0
    finally:
        await close_author_service(service)
        await session.aclose()


async def _find_paper(session: Session, paper_id: str) -> Paper | None:
    """The paper from the cache, the sample, or Hugging Face (for its author names)."""
    cached = session.store.paper(paper_id)
    if cached is not None:
        return cached
    if paper_id.startswith("local-"):
        from tui.services.reader.sample import load_sample

        return next((p for p in load_sample()[0] if p.id == paper_id), None)
    if not session.offline:
        try:
            return (await session.hub.paper(paper_id)).paper
        except ServiceError:
            pass  # Semantic Scholar resolves the id by itself; names only matter for its fallback
    return Paper(id=paper_id, title="")


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


async def _profiles(
    service: AuthorService, session: Session, paper: Paper, *, stream: bool = False
) -> tuple[list[tuple[AuthorProfile, str]], bool]:
    """(profile, note) per author (the note says what is missing or uncertain, "" when nothing),
    and whether they were already printed as they came (*stream*)."""
    sample: dict[str, AuthorProfile] = {}
    if is_local(paper):
        from tui.services.reader.sample import load_sample

        sample = {
            _norm(p.name): replace(p, source="sample", papers=newest_first(p.papers))
            for p in load_sample()[1]
        }
        if session.offline:
            return [
                (sample[_norm(n)], "")
                if _norm(n) in sample
                else (AuthorProfile(name=n), "offline: not cached")
                for n in paper.author_names
            ], False
    heading = f"{paper.id}  {clean_line(paper.title)}\n" if paper.title else ""
    printer = _Printer(sample, heading) if stream else None

    def ready(index: int, profile: AuthorProfile | None, error: ServiceError | None) -> None:
        if printer is not None:
            printer.ready(index, profile, error)

    found = await service.paper_profiles(
        paper, offline=session.offline, limit=MAX_FULL_PROFILES, on_ready=ready,
    )
    result: list[tuple[AuthorProfile, str]] = []
    for index, (profile, error) in enumerate(found):
        if _norm(profile.name) in sample:
            result.append((sample[_norm(profile.name)], ""))
        elif index >= MAX_FULL_PROFILES:
            result.append((profile, f"metrics only (full profiles for the first {MAX_FULL_PROFILES} authors)"))
        else:
            result.append((profile, _note(profile, error)))
    if printer is not None:
        printer.finish(result)
    return result, printer is not None


def _note(profile: AuthorProfile, error: ServiceError | None) -> str:
    if isinstance(error, OfflineError):
        return "offline: papers not cached"
    if error is not None:
        return f"papers unavailable: {error}"
    return "" if profile.author_id else "not found on Semantic Scholar"


class _Printer:
    """Prints each author's block as soon as it and every author before it are ready.

    On a terminal a progress line (``profiles 2/5 ready…``) on stderr says what is still coming.
    """

    def __init__(self, sample: dict[str, AuthorProfile], heading: str) -> None:
        self.sample = sample
        self.heading = heading
        self.done: dict[int, tuple[AuthorProfile, str]] = {}
        self.printed = 0
        self.total: int | None = None
        self.tty = sys.stderr.isatty()

    def ready(self, index: int, profile: AuthorProfile | None, error: ServiceError | None) -> None:
        if profile is None:
            return  # printed by finish() with its note
        name = _norm(profile.name)
        self.done[index] = (self.sample[name], "") if name in self.sample else (profile, _note(profile, error))
        self._flush()
        if self.tty:
            print(f"\rpapers-tui: {len(self.done)} author profile(s) ready…", end="", file=sys.stderr, flush=True)

    def _flush(self) -> None:
        while self.printed in self.done:
            if self.printed == 0 and self.heading:
                print(self.heading, flush=True)
            profile, note = self.done[self.printed]
            print(("\n" if self.printed else "") + clean_block(_as_text(profile, note)), flush=True)
            self.printed += 1

    def finish(self, entries: list[tuple[AuthorProfile, str]]) -> None:
        for index, entry in enumerate(entries):
            self.done.setdefault(index, entry)
        self._flush()
        if self.tty:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def top_papers(profile: AuthorProfile, count: int = TOP_PAPERS) -> list[AuthorPaper]:
    """Most cited first (newest first among equals and when counts are unknown)."""
    ordered = newest_first(profile.papers)
    return sorted(ordered, key=lambda p: -(p.citation_count or 0))[:count]


def _as_text(profile: AuthorProfile, note: str) -> str:
    head = profile.name + (f" — {'; '.join(profile.affiliations)}" if profile.affiliations else "")
    facts = [
        f"main category {profile.main_category or '?'}",
        f"h-index {_n(profile.h_index)}",
        f"{_n(profile.paper_count)} papers",
        f"{_n(profile.citation_count)} citations",
    ]
    lines = [head, "  " + " · ".join(facts)]
    if profile.uncertain:
        lines.append("  match uncertain (found by name)")
    if profile.source == "sample":
        lines.append("  bundled sample profile")
    if note:
        lines.append(f"  {note}")
    papers = top_papers(profile)
    if papers:
        lines.append("  top papers:")
        for item in papers:
            cites = f"{item.citation_count:>5}" if item.citation_count is not None else "    ?"
            day = item.date or (str(item.year) if item.year else "undated")
            code = "Code" if item.has_code else "    "
            lines.append(f"  {cites}  {(item.category or '—'):<7} {day:<10}  {code}  {item.title}")
    return "\n".join(lines)


def _n(value: int | None) -> str:
    return f"{value:,}" if value is not None else "?"


def _as_json(profile: AuthorProfile, note: str) -> dict[str, Any]:
    data = profile.to_dict()
    data["note"] = note or None
    data["top_papers"] = [p.title for p in top_papers(profile)]
    return data
