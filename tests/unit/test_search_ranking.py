"""Search finds what the screen shows, ranks every column with weights, and tells the true count."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.cli import main
from tui.config import Paths
from tui.models import Author, Paper
from tui.services.reader.search import PAGE_SIZE, SearchIds, count_cache, search_cache
from tui.services.storage.store import CacheStore
from tui.services.storage.store_queries import ranked_ids


def _paper(n: int, title: str, summary: str = "", keywords: tuple[str, ...] = ()) -> Paper:
    return Paper(id=f"2503.{n:05d}", title=title, summary=summary, authors=(Author("Ada Lovelace"),),
                 submitted_at=datetime(2025, 3, 5, 4, tzinfo=UTC), ai_keywords=keywords)


@pytest.mark.parametrize("query", ["Schrödinger", "schrodinger", "Schrödinger equation"])
def test_tex_accents_are_found_as_the_abstract_pane_shows_them(tmp_path: Path, query: str) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    store.upsert_papers([
        _paper(1, r"Solving the Schr\"odinger equation with $\Sigma$-nets", r"We solve Schr\"{o}dinger's problem."),
        _paper(2, "Unrelated paper", "Nothing to see."),
    ])
    assert search_cache(store, query) == ["2503.00001"]
    assert search_cache(store, "Σ") == ["2503.00001"]


def test_a_v1_cache_is_migrated_and_its_tex_rows_reindexed(tmp_path: Path) -> None:
    from tui.services.storage import store_schema as store_module

    path = tmp_path / "c.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(store_module._V1 + "\nPRAGMA user_version = 1;")
    old.execute(
        "INSERT INTO papers(id, title, summary, authors, keywords, day, has_code, data, updated_at)"
        " VALUES ('2503.00001', 'Schr\\\"odinger bridges', 'plain', 'Ada', '', '2025-03-05', 0, '{}', 0)"
    )
    old.commit()
    old.close()
    store = CacheStore(path)
    assert search_cache(store, "schrodinger") == ["2503.00001"]
    assert store.db.connection.execute("PRAGMA user_version").fetchone()[0] == len(store_module.MIGRATIONS)
    store.upsert_papers([_paper(1, "Renamed entirely")])  # the update trigger deletes what was indexed
    assert search_cache(store, "renamed") == ["2503.00001"]
    assert store.db.connection.execute("INSERT INTO papers_fts(papers_fts) VALUES ('integrity-check')")


def test_abstract_matches_are_ranked_with_title_and_keyword_matches_first(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    titles = [_paper(n, f"Diffusion study {n}") for n in range(1, 6)]
    keyword = _paper(10, "A paper on images", keywords=("diffusion",))
    abstract = _paper(20, "Generative images", "We train a diffusion model.")
    store.upsert_papers([abstract, *titles, keyword])
    ids = search_cache(store, "diffusion", limit=10)
    assert set(ids[:6]) == {p.id for p in [*titles, keyword]}
    assert ids[6] == abstract.id  # not crowded out even though titles fill the first places
    # and with a limit the title matches alone would fill, the abstract one is still the next page
    first = search_cache(store, "diffusion", limit=6)
    assert abstract.id not in first and search_cache(store, "diffusion", limit=6, offset=6) == [abstract.id]


def test_true_count_and_more_pages_as_the_feed_reads_on(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    store.upsert_papers([_paper(n, f"Transformer number {n}") for n in range(1, 520)])
    assert count_cache(store, "transformer") == 519
    pages: list[str] = []
    ids = SearchIds(store, "transformer", on_page=lambda page: pages.append(page.summary()))
    assert len(ids) == 519 and ids.loaded == PAGE_SIZE
    assert ids.summary() == "256 of 519 shown"
    assert ids[300]  # drawing row 300 ranks the next page
    assert ids.loaded == 512 and pages == ["512 of 519 shown"]
    assert len(set(ids)) == 519 and ids.summary() == "519 results"
    assert list(ids) == ranked_ids(store, '"transformer"*', (10.0, 1.0, 4.0, 6.0), limit=1000)


def test_feed_search_says_how_many_of_how_many(capsys: pytest.CaptureFixture[str]) -> None:
    store = CacheStore(Paths.from_env().cache_db)
    store.upsert_papers([_paper(n, f"Transformer number {n}") for n in range(1, 520)])
    store.close()
    assert main(["--offline", "--search", "transformer", "feed"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 256
    assert "256 of 519 shown" in err


def test_ids_found_only_in_notes_come_after_every_ranked_match(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3")
    store.upsert_papers([_paper(n, f"Transformer number {n}") for n in range(1, 300)])
    store.upsert_papers([_paper(900, "Something else entirely")])
    ids = SearchIds(store, "transformer")
    ranked = ranked_ids(store, '"transformer"*', (10.0, 1.0, 4.0, 6.0), limit=1000)
    ids.add_unranked([f"2503.{900:05d}", ranked[0]])  # a note hit, and one the index found too
    assert len(ids) == 300 and ids.summary() == "256 of 300 shown"
    assert list(ids) == [*ranked, f"2503.{900:05d}"]
    assert ids.summary() == "300 results"


def test_rows_a_bulk_loader_left_unconverted_are_found_through_the_partial_index(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    CacheStore(path).close()
    loader = sqlite3.connect(path)  # as benchmarks/make_cache.py writes: no *_tex columns
    loader.execute(
        "INSERT INTO papers(id, title, summary, authors, keywords, day, has_code, data, updated_at)"
        " VALUES ('2503.00002', 'Schr\\\"odinger cats', 'plain', 'Ada', '', '2025-03-05', 0, '{}', 0)"
    )
    loader.commit()
    loader.close()
    store = CacheStore(path)
    assert search_cache(store, "schrodinger") == ["2503.00002"]
    conn = store.db.connection
    assert conn.execute("SELECT count(*) FROM papers INDEXED BY papers_tex_missing"
                        " WHERE title_tex IS NULL OR summary_tex IS NULL").fetchone()[0] == 0
    # Opening the cache again looks the unconverted rows up in the index, not in the whole table.
    plan = " ".join(row[3] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id, title, summary FROM papers WHERE title_tex IS NULL OR summary_tex IS NULL"))
    assert "USING INDEX papers_tex_missing" in plan
