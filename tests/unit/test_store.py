"""The SQLite cache and user library: listings, merges, damage, versions, read-only dirs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.models import Author, FeedKey, Paper
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore


def _paper(i: int, **kw: object) -> Paper:
    base = {
        "id": f"2503.{i:05d}", "title": f"Paper {i}", "summary": f"Abstract {i} about transformers",
        "authors": (Author(f"Author {i}"), Author("Shared Person")),
        "submitted_at": datetime(2025, 3, 3 + i % 5, tzinfo=UTC), "upvotes": i,
    }
    base.update(kw)
    return Paper(**base)  # type: ignore[arg-type]


def test_listing_round_trip_keeps_order_and_fetch_time(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    papers = [_paper(i) for i in (3, 1, 2)]
    when = datetime(2025, 3, 4, 12, tzinfo=UTC)
    assert store.save_listing(FeedKey("day", "2025-03-04"), papers, when) == (3, 0)
    listing = store.listing(FeedKey("day", "2025-03-04"))
    assert listing is not None and listing.source == "cache"
    assert [p.id for p in listing.papers] == [p.id for p in papers]
    assert listing.fetched_at == when
    assert store.listing(FeedKey("day", "2025-03-05")) is None


def test_refetch_keeps_fields_the_new_copy_lacks(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    store.save_listing(FeedKey("day", "2025-03-04"), [_paper(1, github_repo="https://github.com/a/b")])
    new, updated = store.save_listing(FeedKey("trending"), [_paper(1, upvotes=99)])
    assert (new, updated) == (0, 1)
    paper = store.paper("2503.00001")
    assert paper is not None and paper.upvotes == 99 and paper.github_repo == "https://github.com/a/b"


def test_week_is_assembled_from_cached_days_only_when_all_are_there(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    week = FeedKey("week", "2025-W10")
    days = week.days()
    for offset, day in enumerate(days[:-1]):
        store.save_listing(FeedKey("day", day.isoformat()), [_paper(offset)] if day.weekday() < 5 else [])
    assert store.listing(week) is None
    store.save_listing(FeedKey("day", days[-1].isoformat()), [])
    listing = store.listing(week)
    assert listing is not None and len(listing.papers) == 5


def test_corrupt_cache_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = CacheStore(path)
    assert store.notice is not None and "moved aside" in store.notice
    assert any(p.name.startswith("c.sqlite3.corrupt-") for p in tmp_path.iterdir())
    store.save_listing(FeedKey("day", "2025-03-04"), [_paper(1)])
    assert store.count_papers() == 1


def test_truncated_cache_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    CacheStore(path).save_listing(FeedKey("day", "2025-03-04"), [_paper(i) for i in range(50)])
    data = path.read_bytes()
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    path.write_bytes(data[: len(data) // 3])
    store = CacheStore(path)
    # Either SQLite notices at open (moved aside) or the damaged pages are never read; never a crash.
    assert store.count_papers() >= 0


def test_cache_from_a_newer_version_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    store = CacheStore(path)
    assert store.notice is not None and "version 99" in store.notice
    assert store.count_papers() == 0


def test_unwritable_cache_dir_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = CacheStore(blocker / "sub" / "c.sqlite3")
    assert store.notice is not None and "in memory" in store.notice
    store.save_listing(FeedKey("day", "2025-03-04"), [_paper(1)])
    assert store.count_papers() == 1


def test_bookmarks_survive_a_second_process_and_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    one, two = UserLibrary(path), UserLibrary(path)
    one.add_bookmark(_paper(1))
    two.add_bookmark(_paper(2))
    assert one.toggle_bookmark(_paper(3)) is True
    assert [p.id for p, _ in UserLibrary(path).bookmarks()] == ["2503.00003", "2503.00002", "2503.00001"]
    assert two.toggle_bookmark(_paper(3)) is False
    assert not one.is_bookmarked("2503.00003")


def test_library_from_a_newer_version_is_not_destroyed(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    UserLibrary(path).add_bookmark(_paper(1))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    library = UserLibrary(path)
    assert library.notice is not None and not library.persistent
    assert path.exists()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 1


def test_read_only_data_dir_keeps_existing_bookmarks_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "lib.sqlite3"
    first = UserLibrary(path)
    first.add_bookmark(_paper(1))
    first.close()
    before = path.read_bytes()
    # Root ignores directory permissions, so act out what a read-only mount does to
    # a writable open: SQLite fails with "attempt to write a readonly database".
    import tui.services.storage.library as library_module

    real = library_module.Database

    def read_only(target: Path | None, migrations: list[str], **kwargs: object) -> object:
        if target is not None:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real(target, migrations, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library_module, "Database", read_only)
    library = UserLibrary(path)
    assert library.notice is not None and "won't be saved" in library.notice
    assert [p.id for p, _ in library.bookmarks()] == ["2503.00001"]
    library.add_bookmark(_paper(2))  # works for this session, in memory
    assert len(library.bookmarks()) == 2
    assert path.read_bytes() == before


def test_a_migration_another_connection_ran_meanwhile_is_not_an_error(tmp_path: Path) -> None:
    """Two windows (or two threads) open a new file at once: the slower one finds the work done."""
    import sqlite3

    from tui.services.storage.sqlite_util import Database

    path = tmp_path / "shared.sqlite3"
    migrations = ["CREATE TABLE watches (kind TEXT, value TEXT);"]
    Database(path, migrations).close()  # the faster opener migrated it

    class SawVersionZero(sqlite3.Connection):
        """Read user_version before the other opener committed (0), then everything as it is."""

        first = True

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if sql.startswith("PRAGMA user_version") and SawVersionZero.first:
                SawVersionZero.first = False
                return super().execute("SELECT 0")
            return super().execute(sql, *args)  # type: ignore[arg-type]

    late = Database(None, [])  # the migration runner, pointed at our connection below
    late.migrations = migrations
    conn = sqlite3.connect(path, factory=SawVersionZero)
    late._migrate(conn)  # CREATE TABLE fails inside; the version says the step is done
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    late.close()
    broken = Database(None, [])
    broken.migrations = ["CREATE TABLE t (x); CREATE TABLE t (x);"]
    with pytest.raises(sqlite3.OperationalError):
        broken._migrate(sqlite3.connect(tmp_path / "other.sqlite3"))
    broken.close()


def test_feed_rows_carry_the_counts_and_authors_in_the_order_asked(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    papers = [
        Paper(id="2503.00001", title="First", authors=(Author("Ada Lovelace"), Author("Alan Turing")),
              upvotes=12, num_comments=3, github_repo="https://github.com/a/b"),
        Paper(id="2503.00002", title="Second", authors=()),  # no counts, no authors
    ]
    store.upsert_papers(papers)
    rows = store.feed_rows(["2503.00002", "missing", "2503.00001"])
    assert [(r.id, r.title, r.upvotes, r.num_comments, r.first_author, r.authors, r.has_code) for r in rows] == [
        ("2503.00002", "Second", 0, 0, "", "", False),
        ("2503.00001", "First", 12, 3, "Ada Lovelace", "Ada Lovelace, Alan Turing", True),
    ]


def test_the_paper_count_follows_every_write_and_an_older_cache(tmp_path: Path) -> None:
    """The library's first frame reads the count from ``paper_total`` (no ``count(*)`` scan):
    it must match the table after a migration from version 2, inserts, merges and a clear."""
    from tui.services.storage.sqlite_util import Database
    from tui.services.storage.store_schema import MIGRATIONS

    path = tmp_path / "c.sqlite3"
    older = Database(path, MIGRATIONS[:2])  # a cache written before the counter existed
    older.connection.executemany(
        "INSERT INTO papers(id, title, data, updated_at) VALUES (?, ?, '{}', 0)", [(f"old-{i}", f"Old {i}") for i in range(7)]
    )
    older.close()

    store = CacheStore(path)

    def counted() -> tuple[int, int]:
        real = store.db.connection.execute("SELECT count(*) FROM papers").fetchone()[0]
        return store.count_papers(), real

    assert counted() == (7, 7)
    store.save_listing(FeedKey("day", "2025-03-04"), [_paper(i) for i in range(5)])
    assert counted() == (12, 12)
    store.save_listing(FeedKey("trending"), [_paper(i, upvotes=50) for i in range(3, 8)])  # 2 merged, 3 new
    assert counted() == (15, 15)
    store.clear()
    assert counted() == (0, 0)
    store.close()


def test_feed_rows_carry_the_title_as_drawn_so_a_cached_feed_needs_no_tex_converter(tmp_path: Path) -> None:
    """Each row holds its converted title (the search text); drawing it gives what converting gives."""
    from tui.services.formats.texmath import tex_to_unicode
    from tui.services.sanitize import clean_line
    from tui.widgets.feed_lines import title_text

    titles = {"2503.00001": "Plain words", "2503.00002": r"Sparse $\alpha$-entmax -- fast",
              "2503.00003": "Attention [/] is {all} you need"}
    store = CacheStore(tmp_path / "c.sqlite3")
    store.upsert_papers([Paper(id=i, title=t) for i, t in titles.items()])
    rows = store.feed_rows(list(titles))
    assert [r.title_shown for r in rows] == [tex_to_unicode(clean_line(t)) for t in titles.values()]
    assert rows[1].title_shown == "Sparse α-entmax – fast"
    for row in rows:
        converted = row._replace(title_shown=None)  # as a row the cache never converted is drawn
        assert title_text(row, 60).plain == title_text(converted, 60).plain
    # A row written by an older papers-tui or a bulk loader (no converted title yet) is converted when drawn.
    store.db.connection.execute("UPDATE papers SET title_tex = NULL WHERE id = '2503.00002'")
    older = store.feed_rows(["2503.00002"])[0]
    assert older.title_shown is None and title_text(older, 60).plain.rstrip() == "Sparse α-entmax – fast"
