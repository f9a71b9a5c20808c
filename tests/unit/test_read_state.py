"""Read state and visits are user data: they persist, and cache housekeeping never touches them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tui.cli import build_parser
from tui.config import Paths
from tui.headless import cache as headless_cache
from tui.models import Author, FeedKey, Paper
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore


def _paper(i: int) -> Paper:
    return Paper(
        id=f"2503.{i:05d}", title=f"Paper {i} on sparse attention", summary=f"Abstract {i}",
        authors=(Author(f"Author {i}"),), submitted_at=datetime(2025, 3, 5, 4, tzinfo=UTC),
    )


def _cache(command: str) -> int:
    return asyncio.run(headless_cache.run(build_parser().parse_args(["cache", command])))


def test_read_state_survives_a_restart_and_can_be_undone() -> None:
    paths = Paths.from_env()
    library = UserLibrary(paths.library_db)
    library.mark_read("2503.00001")
    library.mark_read("2503.00002")
    library.mark_read("2503.00001")  # twice is fine
    library.mark_unread("2503.00002")
    library.close()
    again = UserLibrary(paths.library_db)
    try:
        assert again.read_ids() == {"2503.00001"}
    finally:
        again.close()


def test_read_state_lives_apart_from_the_cache() -> None:
    paths = Paths.from_env()
    assert paths.library_db.parent != paths.cache_db.parent
    library = UserLibrary(paths.library_db)
    library.mark_read("2503.00001")
    library.close()
    assert paths.library_db.exists()
    cache = CacheStore(paths.cache_db)
    try:
        tables = {r[0] for r in cache.db.connection.execute("SELECT name FROM sqlite_master")}
    finally:
        cache.close()
    assert "read_state" not in tables and "bookmarks" not in tables


def test_visits_remember_the_last_time_per_view() -> None:
    library = UserLibrary(None)
    assert library.last_visit("day:2025-03-05") is None
    before = datetime.now(UTC)
    library.record_visit("day:2025-03-05")
    seen = library.last_visit("day:2025-03-05")
    assert seen is not None and seen >= before.replace(microsecond=0)
    assert library.last_visit("library:") is None


def test_cache_clear_keeps_bookmarks_and_read_state(capsys: pytest.CaptureFixture[str]) -> None:
    paths = Paths.from_env()
    cache = CacheStore(paths.cache_db)
    cache.save_listing(FeedKey("day", "2025-03-05"), [_paper(i) for i in range(5)])
    cache.close()
    library = UserLibrary(paths.library_db)
    library.add_bookmark(_paper(1))
    library.mark_read("2503.00002")
    library.record_visit("day:2025-03-05")
    library.close()

    assert _cache("clear") == 0
    out = capsys.readouterr().out
    assert "5 papers, 1 listings" in out and "kept your bookmarks and read state" in out

    cache = CacheStore(paths.cache_db)
    library = UserLibrary(paths.library_db)
    try:
        assert cache.count_papers() == 0 and cache.listing(FeedKey("day", "2025-03-05")) is None
        assert [p.id for p, _ in library.bookmarks()] == ["2503.00001"]
        assert library.read_ids() == {"2503.00002"}
        assert library.last_visit("day:2025-03-05") is not None
    finally:
        cache.close()
        library.close()


def test_cache_stats_and_vacuum(capsys: pytest.CaptureFixture[str]) -> None:
    paths = Paths.from_env()
    cache = CacheStore(paths.cache_db)
    cache.save_listing(FeedKey("day", "2025-03-05"), [_paper(i) for i in range(3)])
    cache.save_listing(FeedKey("day", "2025-03-08"), [])
    cache.close()
    assert _cache("stats") == 0
    out = capsys.readouterr().out
    assert "papers      3 (2025-03-05 .. 2025-03-05)" in out
    assert "listings    2 (1 days with papers)" in out
    assert str(paths.library_db) in out
    assert _cache("vacuum") == 0
    assert "vacuumed" in capsys.readouterr().out
    cache = CacheStore(paths.cache_db)
    try:
        assert cache.count_papers() == 3
    finally:
        cache.close()


def test_running_cache_and_sync_commands_never_imports_textual() -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "assert main(['cache', 'stats']) == 0\n"
        "assert main(['sync', '--days', '0']) == 2\n"
        "assert main(['feed', '--search', 'attention', '--offline', '--json']) == 0\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"
