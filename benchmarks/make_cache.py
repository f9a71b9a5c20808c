"""Generate a realistic synthetic cache: N papers with abstract-length text.

Titles and abstracts are recombined from the real public pages in the seeds
directory (sentences shuffled across ~230 abstracts, titles given a twist), so
the full-text index sees a realistic vocabulary and word frequencies. Papers
are spread over weekdays going back from a fixed day (30..70 a day, like Hugging
Face Daily Papers), each day stored as a cached daily listing.

Usage::

    python benchmarks/make_cache.py --papers 100000 --xdg /tmp/bench-100k

writes ``/tmp/bench-100k/cache/papers-tui/cache.sqlite3`` (point
``XDG_CACHE_HOME`` at ``/tmp/bench-100k/cache``). An existing cache with the
same number of papers is kept unless ``--force``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.fakes.hub_routes import load_seed_pairs
from tui.models import Author, FeedKey, Paper
from tui.services.storage.store import CacheStore
from tui.services.storage.store_schema import paper_row_values

LAST_DAY = date(2025, 6, 27)
"""The newest day of every generated cache (a Friday), so runs are comparable."""

_FIRST = ("Kaiwen", "Zhuo", "Di", "Yifei", "Sharut", "Haoran", "Somayeh", "Qi", "Lin", "Zhijie", "Maria",
          "Ananya", "Lukas", "Sofia", "Tomasz", "Aisha", "Mateo", "Hiroshi", "Chloé", "Oluwaseun", "Ingrid",
          "Rahul", "Elena", "Jun", "Priya", "Björn", "Wei", "Yuki", "Fatima", "Diego", "Nadia", "Omar")
_LAST = ("Hu", "Chen", "Luo", "Wang", "Gupta", "Xu", "Sojoudi", "Zhang", "Jia", "Ouyang", "García", "Rossi",
         "Müller", "Novak", "Kowalski", "Okafor", "Tanaka", "Silva", "Andersson", "Iyer", "Kim", "Nguyen",
         "Dubois", "Petrov", "Haddad", "Schmidt", "Li", "Liu", "Yang", "Huang", "Zhao", "Wu")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{3,}")


class Corpus:
    """Sentences, titles and words from the seed pages, recombined at random."""

    def __init__(self, rng: random.Random) -> None:
        pairs = load_seed_pairs()
        self.rng = rng
        self.titles = [title for title, _ in pairs]
        self.sentences = [s for _, abstract in pairs for s in _SENTENCE.split(abstract) if len(s) > 40]
        self.words = sorted({w for title, abstract in pairs for w in _WORD.findall(title + " " + abstract)})

    def title(self) -> str:
        base = self.rng.choice(self.titles)
        twist = " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(1, 3)))
        return f"{base.split(':')[0]}: {twist}" if self.rng.random() < 0.6 else f"{twist.title()} for {base}"

    def abstract(self) -> str:
        return " ".join(self.rng.sample(self.sentences, self.rng.randint(5, 9)))

    def authors(self) -> tuple[Author, ...]:
        count = self.rng.choice((1, 2, 3, 3, 4, 5, 6, 8, 11))
        return tuple(Author(f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}") for _ in range(count))


def weekdays_back(last: date) -> Iterator[date]:
    day = last
    while True:
        if day.weekday() < 5:
            yield day
        day -= timedelta(days=1)


def generate(count: int, seed: int = 7) -> Iterator[tuple[date, list[Paper]]]:
    """(day, papers) newest day first until *count* papers have been made."""
    rng = random.Random(seed)
    corpus = Corpus(rng)
    made = 0
    serial: dict[str, int] = {}
    for day in weekdays_back(LAST_DAY):
        if made >= count:
            return
        size = min(rng.randint(30, 70), count - made)
        papers: list[Paper] = []
        for _ in range(size):
            published = datetime(day.year, day.month, day.day, 17, 59, tzinfo=UTC) - timedelta(days=rng.randint(1, 3))
            month = published.strftime("%y%m")
            serial[month] = serial.get(month, 0) + rng.randint(1, 9)
            title = corpus.title()
            has_code = rng.random() < 0.35
            papers.append(
                Paper(
                    id=f"{month}.{serial[month]:05d}",
                    title=title,
                    summary=corpus.abstract(),
                    authors=corpus.authors(),
                    published_at=published,
                    submitted_at=datetime(day.year, day.month, day.day, 4, 12, tzinfo=UTC),
                    upvotes=max(0, int(rng.paretovariate(1.1) * 4) - 3),
                    num_comments=rng.randint(0, 6),
                    github_repo=f"https://github.com/lab/{serial[month]}" if has_code else None,
                    ai_summary=corpus.rng.choice(corpus.sentences),
                    ai_keywords=tuple(w.lower() for w in _WORD.findall(title)[:4]),
                )
            )
        made += size
        yield day, papers


def write_cache(path: Path, count: int, seed: int = 7) -> tuple[int, int]:
    """Create *path* with *count* papers in one transaction; (papers, days)."""
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    store = CacheStore(path)
    now = datetime.now(UTC).timestamp()
    days = papers = 0
    with store.db.transaction() as tx:
        for day, batch in generate(count, seed):
            key = FeedKey("day", day.isoformat()).cache_key
            tx.executemany(
                "INSERT INTO papers(id, title, summary, authors, keywords, day, has_code, data, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [paper_row_values(p, now) for p in batch],
            )
            tx.executemany(
                "INSERT INTO listing_items(key, position, paper_id) VALUES (?, ?, ?)",
                [(key, i, p.id) for i, p in enumerate(batch)],
            )
            tx.execute("INSERT INTO listings(key, fetched_at, size) VALUES (?, ?, ?)", (key, now, len(batch)))
            days += 1
            papers += len(batch)
    store.db.connection.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
    store.db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return papers, days


def ensure_cache(xdg: Path, count: int, *, force: bool = False) -> Path:
    """The cache file under ``xdg/cache/papers-tui``, generated unless already there."""
    for kind in ("cache", "data", "config"):
        (xdg / kind).mkdir(parents=True, exist_ok=True)
    path = xdg / "cache" / "papers-tui" / "cache.sqlite3"
    if path.exists() and not force:
        store = CacheStore(path)
        try:
            if store.count_papers() == count:
                return path
        finally:
            store.close()
    started = time.perf_counter()
    papers, days = write_cache(path, count)
    size = path.stat().st_size / 2**20
    print(f"generated {papers} papers over {days} days in {time.perf_counter() - started:.1f} s"
          f" ({size:.0f} MB): {path}", file=sys.stderr)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--xdg", type=Path, required=True, help="root for cache/, data/ and config/")
    parser.add_argument("--force", action="store_true", help="regenerate even if a cache of that size exists")
    args = parser.parse_args(argv)
    ensure_cache(args.xdg, args.papers, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
