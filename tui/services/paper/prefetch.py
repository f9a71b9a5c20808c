"""Prefetching the full text of many papers ("reading on a plane"): resumable, paced, on a budget.

Papers whose text is already cached are skipped, so a second run resumes
where the first stopped. The arXiv requests are spaced by the
:class:`~tui.services.paper.fulltext.FullTextService` (``min_interval``), and the run
stops before the compressed texts would pass ``max_bytes``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tui.models import Paper
from tui.services.paper.fulltext import FullTextService


@dataclass(frozen=True, slots=True)
class PrefetchProgress:
    done: int
    total: int
    fetched: int
    without_text: int
    stored_bytes: int
    elapsed: float
    paper_id: str = ""

    @property
    def eta(self) -> float | None:
        if self.done == 0:
            return None
        return self.elapsed / self.done * (self.total - self.done)


@dataclass(slots=True)
class PrefetchSummary:
    fetched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Already cached (a previous run, or the paper view)."""
    without_text: list[tuple[str, str]] = field(default_factory=list)
    """(id, reason) of papers that have no full text anywhere: only the abstract."""
    stopped: str = ""
    not_attempted: int = 0
    stored_bytes: int = 0
    elapsed: float = 0.0


ProgressCallback = Callable[[PrefetchProgress], None]


class PrefetchRunner:
    def __init__(
        self,
        texts: FullTextService,
        *,
        max_bytes: int | None = None,
        on_progress: ProgressCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.texts = texts
        self.max_bytes = max_bytes
        self.on_progress = on_progress
        self._clock = clock
        self.summary = PrefetchSummary()

    def plan(self, papers: Sequence[Paper]) -> tuple[list[Paper], list[str]]:
        """(papers to fetch, ids already cached), each id once, arXiv ids only."""
        seen: set[str] = set()
        wanted: list[Paper] = []
        cached: list[str] = []
        for paper in papers:
            if paper.id in seen or not paper.has_arxiv_id:
                continue
            seen.add(paper.id)
            hit = self.texts.cache.document(paper.id)
            if self.texts.cache.has_text(paper.id) or (hit is not None and hit.fresh):
                cached.append(paper.id)
            else:
                wanted.append(paper)
        return wanted, cached

    async def run(self, papers: Sequence[Paper]) -> PrefetchSummary:
        summary = self.summary = PrefetchSummary()
        started = self._clock()
        wanted, summary.skipped = self.plan(papers)
        summary.stored_bytes = self.texts.cache.space().stored_bytes
        try:
            for index, paper in enumerate(wanted):
                if self.max_bytes is not None and summary.stored_bytes >= self.max_bytes:
                    summary.stopped = f"disk budget of {self.max_bytes / 2**20:.3g} MB reached"
                    summary.not_attempted = len(wanted) - index
                    break
                self._report(index, len(wanted), started, paper.id)
                loaded = await self.texts.load(paper.id, paper)
                document = loaded.document
                if document.source == "abstract":
                    summary.without_text.append((paper.id, document.notice.removesuffix(": showing the abstract")))
                    if "offline" in document.notice and "cannot reach" in document.notice:
                        summary.stopped = "the network is gone; run again to resume"
                        summary.not_attempted = len(wanted) - index - 1
                        break
                else:
                    summary.fetched.append(paper.id)
                summary.stored_bytes = await asyncio.to_thread(lambda: self.texts.cache.space().stored_bytes)
                self._report(index + 1, len(wanted), started)
        finally:
            summary.elapsed = self._clock() - started
        return summary

    def _report(self, done: int, total: int, started: float, paper_id: str = "") -> None:
        if self.on_progress is None:
            return
        summary = self.summary
        self.on_progress(
            PrefetchProgress(done, total, len(summary.fetched), len(summary.without_text), summary.stored_bytes,
                             self._clock() - started, paper_id)
        )
