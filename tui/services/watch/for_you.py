"""The For you listing: papers matching any watch, newest first, each saying why.

:func:`evaluate` matches every watch against the cache (and followed
authors' cached Semantic Scholar papers), records matches it has not seen
before in the watch file, and returns the listing. A match counts as *new*
when it was first seen after a given instant (the last For you visit, the
last ``digest --mark-seen``); matches that already existed when their watch
was added are stored as known, so following a topic does not flood the
view with "new" papers from last year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tui.models import Paper
from tui.services.author.cache import paper_from_author_paper
from tui.services.reader.rows import row_of
from tui.services.storage.store import CacheStore, FeedRow
from tui.services.storage.watch_store import MatchRow, Watch, WatchKind, WatchStore
from tui.services.watch.authors import cached_author
from tui.services.watch.match import PER_WATCH_LIMIT, followed_name, watch_ids

MAX_ITEMS = 1000
"""The For you view lists at most this many papers (newest first)."""


@dataclass(frozen=True, slots=True)
class ForYouItem:
    """One paper and the watches it matches."""

    paper: Paper
    watches: tuple[Watch, ...]
    first_seen: float
    """Epoch seconds the earliest of its matches was recorded (0: known when followed)."""

    @property
    def why(self) -> str:
        """``author: Kaiwen Hu · topic: "diffusion" title:video``."""
        return " · ".join(w.why for w in self.watches)

    def is_new_since(self, when: datetime | None) -> bool:
        return self.first_seen > (when.timestamp() if when else 0.0)


def _settle_key(watch: Watch) -> str:
    return f"settled:{watch.id}"


def _named(store: CacheStore, watch: Watch) -> Watch:
    if watch.kind != "author" or watch.label:
        return watch
    name = followed_name(store, watch)
    return Watch(watch.id, watch.kind, watch.value, name if name != watch.value else "", watch.added_at)


def evaluate(store: CacheStore, watch_store: WatchStore, *, limit: int = PER_WATCH_LIMIT) -> list[ForYouItem]:
    """Match every watch now, record what is new, and return the For you items, newest first."""
    watches = [_named(store, w) for w in watch_store.watches()]
    by_watch: dict[int, list[str]] = {}
    remote: dict[str, Paper] = {}
    settled_now: list[Watch] = []
    for watch in watches:
        ids = watch_ids(store, watch, limit)
        if watch.kind == "author":
            author = cached_author(store, watch.value)
            for item in author.papers if author else []:
                paper = paper_from_author_paper(item)
                remote.setdefault(paper.id, paper)
                ids.append(paper.id)
            if author is None:
                by_watch[watch.id] = list(dict.fromkeys(ids))
                continue  # not checked on Semantic Scholar yet: do not settle on a partial picture
        by_watch[watch.id] = list(dict.fromkeys(ids))
        settled_now.append(watch)
    all_ids = list(dict.fromkeys(i for ids in by_watch.values() for i in ids))
    papers = {p.id: p for p in store.papers(all_ids)}
    for paper_id, paper in remote.items():
        if paper_id not in papers:
            papers[paper_id] = paper
    records: list[tuple[str, int, bool]] = []
    for watch in watches:
        settled = watch_store.mark(_settle_key(watch)) is not None
        for paper_id in by_watch.get(watch.id, []):
            found = papers.get(paper_id)
            if found is None:
                continue
            known = not settled and not _dated_since(found, watch)
            records.append((paper_id, watch.id, known))
    watch_store.record_matches(records)
    for watch in settled_now:
        if watch_store.mark(_settle_key(watch)) is None:
            watch_store.set_mark(_settle_key(watch))
    return _items(watch_store.matches(), watches, by_watch, papers)


def _dated_since(paper: Paper, watch: Watch) -> bool:
    """Whether *paper* appeared on or after the day *watch* was added (then it is news)."""
    return paper.day is not None and watch.added_at is not None and paper.day >= watch.added_at.date()


def _items(
    rows: Sequence[MatchRow], watches: Sequence[Watch], by_watch: dict[int, list[str]], papers: dict[str, Paper]
) -> list[ForYouItem]:
    current = {(paper_id, wid) for wid, ids in by_watch.items() for paper_id in ids}
    first_seen: dict[str, float] = {}
    matched: dict[str, list[Watch]] = {}
    order = {w.id: i for i, w in enumerate(watches)}
    by_id = {w.id: w for w in watches}
    for row in rows:
        if (row.paper_id, row.watch_id) not in current or row.paper_id not in papers:
            continue
        matched.setdefault(row.paper_id, []).append(by_id[row.watch_id])
        seen = first_seen.get(row.paper_id)
        first_seen[row.paper_id] = row.first_seen if seen is None else min(seen, row.first_seen)
    items = [
        ForYouItem(papers[pid], tuple(sorted(ws, key=lambda w: order[w.id])), first_seen[pid])
        for pid, ws in matched.items()
    ]
    items.sort(key=lambda i: (i.paper.day.isoformat() if i.paper.day else "", i.first_seen, i.paper.id), reverse=True)
    return items[:MAX_ITEMS]


def new_since(items: Sequence[ForYouItem], when: datetime | None) -> list[ForYouItem]:
    return [item for item in items if item.is_new_since(when)]


_KIND_PHRASES: dict[WatchKind, str] = {
    "author": "from authors you follow",
    "topic": "on your topics",
    "org": "from organizations you follow",
    "keyword": "with your keywords",
}


def announcement(watch_store: WatchStore, items: Sequence[ForYouItem]) -> str | None:
    """``3 new papers from authors you follow · 1 on your topics``, once per match; None when nothing is new.

    Matches are flagged as announced in the watch file, so a second reader
    (or the next start) does not announce them again.
    """
    shown = {item.paper.id: item for item in items}
    pending = [row for row in watch_store.unannounced() if row.paper_id in shown]
    mine = watch_store.mark_announced(pending)
    if not mine:
        return None
    kinds = {w.id: w.kind for item in items for w in item.watches}
    papers_by_kind: dict[WatchKind, set[str]] = {}
    for row in mine:
        kind = kinds.get(row.watch_id)
        if kind is not None:
            papers_by_kind.setdefault(kind, set()).add(row.paper_id)
    parts: list[str] = []
    for kind, phrase in _KIND_PHRASES.items():
        count = len(papers_by_kind.get(kind, ()))
        if count:
            noun = ("new paper" if count == 1 else "new papers") if not parts else ""
            parts.append(" ".join(x for x in (str(count), noun, phrase) if x))
    return " · ".join(parts) or None


NEW_MARK = "✦ "
WHY_SEPARATOR = " ▸ "


class ForYouRows:
    """Feed rows for the For you view: each title led by why the paper is there (``✦`` when new).

    A :class:`~tui.services.reader.rows.RowSource`, so the feed draws it like any other listing.
    """

    def __init__(self, items: Sequence[ForYouItem], new_ids: set[str]) -> None:
        self._items = list(items)
        self._new = new_ids
        self._rows: dict[int, FeedRow] = {}

    def __len__(self) -> int:
        return len(self._items)

    def row(self, index: int) -> FeedRow:
        row = self._rows.get(index)
        if row is None:
            item = self._items[index]
            mark = NEW_MARK if item.paper.id in self._new else ""
            base = row_of(item.paper)
            row = self._rows[index] = base._replace(title=f"{mark}{item.why}{WHY_SEPARATOR}{base.title}")
        return row

    def paper(self, index: int) -> Paper | None:
        return self._items[index].paper if 0 <= index < len(self._items) else None

    def item(self, index: int) -> ForYouItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def ids(self) -> Sequence[str]:
        return [item.paper.id for item in self._items]
