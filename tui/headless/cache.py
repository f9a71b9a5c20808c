"""``papers-tui cache stats | vacuum | clear``: cache housekeeping.

Only the cache files are opened (no network client): the feed cache and,
beside it, ``fulltext.sqlite3`` (full texts, citation lists, counts, comments,
reading positions). ``clear`` empties both but keeps the reading positions.
Bookmarks and read state live in another file (the user data dir), which these
commands never open.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

from tui.config import Paths
from tui.headless import fail
from tui.services.storage.store import CacheStore


def size_text(size: int) -> str:
    """``812 KB``, ``401.2 MB``."""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    if size < 1024**3:
        return f"{size / 2**20:.1f} MB"
    return f"{size / 2**30:.2f} GB"


def _stats(store: CacheStore, paths: Paths) -> None:
    stats = store.stats()
    span = f" ({stats.oldest_day} .. {stats.newest_day})" if stats.oldest_day else ""
    print(f"cache       {paths.cache_db} ({size_text(stats.size_bytes)})")
    print(f"papers      {stats.papers:,}{span}")
    print(f"listings    {stats.listings:,} ({len(store.listing_days()):,} days with papers)")
    print(f"authors     {stats.author_profiles:,} cached profiles")
    _full_text_stats(paths)
    _figure_stats(paths)
    print(f"user data   {paths.library_db} (bookmarks, read state: never touched by cache clear)")


def _full_text_stats(paths: Paths) -> None:
    """The full texts and citation lists (issue 12): their own file beside the cache."""
    from tui.services.storage.fulltext_cache import FILE_NAME, FullTextCache

    path = paths.cache_dir / FILE_NAME
    if not path.exists():
        print(f"full texts  none cached ({path} not created yet)")
        return
    texts = FullTextCache(path)
    try:
        space = texts.space()
        size = texts.file_bytes()
    finally:
        texts.close()
    print(
        f"full texts  {space.papers:,} papers, {size_text(space.stored_bytes)} compressed "
        f"({size_text(space.raw_bytes)} as served), {space.graph_lists:,} citation lists in {path.name} "
        f"({size_text(size)} on disk)"
    )


def _figure_stats(paths: Paths) -> None:
    """The figure images shown with ``I`` (issue 12b): files in ``figures/`` beside the cache."""
    from tui.services.paper.figure_images import figures_space

    count, size = figures_space(paths.cache_dir)
    print(f"figures     {count:,} image{'' if count == 1 else 's'}, {size_text(size)} in {paths.cache_dir / 'figures'}")
def _full_text_file(paths: Paths, job: str) -> None:
    """``vacuum`` / ``clear`` of the full-text file (nothing to do when it was never created)."""
    from tui.services.storage.fulltext_cache import FILE_NAME, FullTextCache

    path = paths.cache_dir / FILE_NAME
    if not path.exists():
        return
    texts = FullTextCache(path)
    try:
        before = texts.file_bytes()
        if job == "vacuum":
            texts.vacuum()
            print(f"vacuumed {path}: {size_text(before)} -> {size_text(texts.file_bytes())}")
            return
        space = texts.clear()
        print(
            f"cleared the full texts: {space.papers:,} papers and {space.graph_lists:,} citation lists removed "
            f"({size_text(before)} -> {size_text(texts.file_bytes())}); reading positions kept"
        )
    finally:
        texts.close()


def _truncate_wal(store: CacheStore) -> None:
    # VACUUM goes through the WAL; fold it back so the freed space shows on disk.
    store.db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def run(args: argparse.Namespace) -> int:
    paths = Paths.from_env()
    store = CacheStore(paths.cache_db)
    if store.notice:
        print(f"papers-tui: {store.notice}", file=sys.stderr)
    try:
        if args.cache_command == "stats":
            _stats(store, paths)
        elif args.cache_command == "vacuum":
            before = store.stats().size_bytes
            store.vacuum()
            _truncate_wal(store)
            print(f"vacuumed {paths.cache_db}: {size_text(before)} -> {size_text(store.stats().size_bytes)}")
            _full_text_file(paths, "vacuum")
        elif args.cache_command == "clear":
            stats = store.stats()
            store.clear()  # vacuums too
            _truncate_wal(store)
            print(
                f"cleared the cache: {stats.papers:,} papers, {stats.listings:,} listings and "
                f"{stats.author_profiles:,} author profiles removed"
            )
            from tui.services.paper.figure_images import clear_figures

            removed = clear_figures(paths.cache_dir)
            print(f"removed {removed:,} figure image{'' if removed == 1 else 's'}")
            _full_text_file(paths, "clear")
            print(f"kept your bookmarks and read state in {paths.library_db}")
        return 0
    except sqlite3.Error as error:
        return fail(f"cache {args.cache_command} failed in {paths.cache_dir}: {error}")
    finally:
        store.close()
