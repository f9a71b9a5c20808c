"""Offline full-text search: query building, ranking, odd input, merging with remote results."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.server import FakeServer, server_error
from tui.cli import build_parser
from tui.headless import feed as headless_feed
from tui.models import Author, FeedKey, Paper
from tui.services.net.hub import HubClient
from tui.services.reader.feeds import FeedService
from tui.services.reader.search import (
    LibraryIds,
    SearchQueryError,
    build_fts_query,
    merge_results,
    merged_papers,
    papers_added_after,
    search_cache,
)
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore


def paper(pid: str, title: str, summary: str = "", *, authors: tuple[str, ...] = ("Ada Lovelace",),
          day: str = "2025-03-05", keywords: tuple[str, ...] = ()) -> Paper:
    when = datetime.fromisoformat(day + "T04:00:00+00:00")
    return Paper(id=pid, title=title, summary=summary, authors=tuple(Author(a) for a in authors),
                 submitted_at=when, ai_keywords=keywords)


CORPUS = [
    paper("2503.00001", "Transformers for Protein Folding", "We fold proteins with attention."),
    paper("2503.00002", "A Survey of Graph Methods", "Transformers appear once in this abstract."),
    paper("2503.00003", "State Space Models at Scale", "A state space model beats attention.", day="2025-03-04"),
    paper("2503.00004", "Space and State: a Study", "Where state meets outer space.", day="2025-03-03"),
    paper("2503.00005", "Café Culture in Vision", "Naïve baselines for image models.",
          authors=("Ashish Vaswani", "Noam Shazeer")),
    paper("2503.00006", "Diffusion without Vision", "Image diffusion for audio.", keywords=("diffusion", "audio")),
]


@pytest.fixture
def store() -> Iterator[CacheStore]:
    cache = CacheStore(None)
    cache.save_listing(FeedKey("day", "2025-03-05"), CORPUS)
    yield cache
    cache.close()


# -- building the MATCH expression ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("attention", '"attention"*'),
        ("transf prot", '"transf"* AND "prot"*'),
        ("ab", '"ab"'),
        ('"state space" model', '"state space" AND "model"*'),
        ("graph OR protein", '"graph"* OR "protein"*'),
        ("vision NOT diffusion", '"vision"* NOT "diffusion"*'),
        ("vision -diffusion", '"vision"* NOT "diffusion"*'),
        ("title:diffusion", 'title : "diffusion"*'),
        ("author:vaswani attention", 'authors : "vaswani"* AND "attention"*'),
        ("keyword:audio", 'keywords : "audio"*'),
        ("GPT-4", '"GPT-4"'),
        ("self-supervised", '"self-supervised"*'),
        ('say "hi', '"say"* AND "hi"'),
        ("foo AND", '"foo"*'),
        ("OR foo", '"foo"*'),
        ("NOT foo", '"foo"*'),
        ("a AND OR b", '"a" OR "b"'),
        ("(graph)", '"(graph)"*'),
        ("*graph*", '"*graph*"*'),
        ('wei"rdo', '"wei""rdo"*'),
        ("unknown:field", '"unknown:field"*'),
    ],
)
def test_query_building(text: str, expected: str) -> None:
    assert build_fts_query(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_text_is_no_query(text: str) -> None:
    assert build_fts_query(text) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("AND OR", "AND, OR and NOT go between words"),
        ("NOT", "AND, OR and NOT go between words"),
        ("*", "type a word"),
        ("-", "type a word"),
        (":", "type a word"),
        ("()", "type a word"),
        ('"', "type a word"),
        ('""', "type a word"),
        ("- * : ( )", "type a word"),
    ],
)
def test_nothing_to_search_for_is_a_clear_message(text: str, says: str) -> None:
    with pytest.raises(SearchQueryError, match=says):
        build_fts_query(text)


def test_a_pasted_abstract_is_cut_to_32_terms() -> None:
    query = build_fts_query(" ".join(f"word{i}" for i in range(100)))
    assert query is not None
    assert query.count('"word') == 32


# -- searching the cache -------------------------------------------------------------


def test_title_matches_rank_above_abstract_matches(store: CacheStore) -> None:
    assert search_cache(store, "transformers")[:2] == ["2503.00001", "2503.00002"]


def test_prefix_matching(store: CacheStore) -> None:
    assert search_cache(store, "transf") == ["2503.00001", "2503.00002"]
    assert search_cache(store, "protei fold") == ["2503.00001"]


def test_phrases_need_the_words_together(store: CacheStore) -> None:
    assert search_cache(store, '"state space"') == ["2503.00003"]
    assert set(search_cache(store, "state space")) == {"2503.00003", "2503.00004"}


def test_diacritics_authors_keywords_and_operators(store: CacheStore) -> None:
    assert search_cache(store, "cafe naive") == ["2503.00005"]
    assert search_cache(store, "author:vaswani") == ["2503.00005"]
    assert search_cache(store, "keyword:audio") == ["2503.00006"]
    assert search_cache(store, "vision -diffusion") == ["2503.00005"]
    assert set(search_cache(store, "graph OR protein")) == {"2503.00001", "2503.00002"}


def test_an_arxiv_id_finds_that_paper_first(store: CacheStore) -> None:
    assert search_cache(store, "2503.00004")[0] == "2503.00004"


def test_odd_input_never_raises_from_sqlite(store: CacheStore) -> None:
    for text in ['"unbalanced', "AND OR", "*", "-", ":", "(((", "title:", "NEAR(a b)", "^start", "a:b:c"]:
        try:
            search_cache(store, text)
        except SearchQueryError as error:
            assert str(error)
    with pytest.raises(SearchQueryError, match="type something"):
        search_cache(store, "")


def test_limit(store: CacheStore) -> None:
    assert len(search_cache(store, "state OR space OR vision", limit=2)) == 2


def test_titles_first_when_they_fill_the_limit(store: CacheStore) -> None:
    # Two papers say "transformers"; only one in its title, and one result is asked for.
    assert search_cache(store, "transformers", limit=1) == ["2503.00001"]
    # NOT and column filters skip the titles-first pass (its meaning would change).
    assert search_cache(store, "vision NOT diffusion", limit=1) == ["2503.00005"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "-*:()ANDORNOT\'tkéyw')), max_size=30))
def test_any_text_searches_the_cache_or_explains(text: str) -> None:
    cache = CacheStore(None)
    cache.save_listing(FeedKey("day", "2025-03-05"), CORPUS[:3])
    try:
        search_cache(cache, text, limit=2)
    except SearchQueryError as error:
        assert str(error)
    finally:
        cache.close()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_a_query_sqlite_accepts(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, summary, authors, keywords,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t VALUES ('a title', 'an abstract', 'an author', 'kw')")
    try:
        query = build_fts_query(text)
    except SearchQueryError as error:
        assert str(error)
        return
    if query is not None:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(['"', "AND", "OR", "NOT", "-", "*", ":", "(", ")", "title:", "x", "ab", "é"]),
                max_size=8))
def test_operator_soup_never_breaks_the_parser(parts: list[str]) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, summary, authors, keywords)")
    for glue in (" ", ""):
        try:
            query = build_fts_query(glue.join(parts))
        except SearchQueryError:
            continue
        if query is not None:
            conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()


# -- merging with Hugging Face's results --------------------------------------------


def test_merge_puts_cached_first_and_drops_duplicates() -> None:
    remote = [paper("2503.00002", "B"), paper("2599.00001", "Remote only"), paper("2599.00001", "again")]
    hits = merge_results(["2503.00001", "2503.00002", "2503.00001"], remote)
    assert [(h.paper_id, h.origin) for h in hits] == [
        ("2503.00001", "cached"), ("2503.00002", "cached"), ("2599.00001", "remote"),
    ]
    assert hits[2].paper is not None and hits[2].paper.title == "Remote only"


def test_merged_papers_reads_cached_copies(store: CacheStore) -> None:
    papers = merged_papers(store, ["2503.00003"], [paper("2599.00001", "Remote only")])
    assert [p.id for p in papers] == ["2503.00003", "2599.00001"]
    assert papers[0].title == "State Space Models at Scale"


async def test_online_search_merges_cache_and_hugging_face(fake_server: FakeServer) -> None:
    items = fake_server.hub.all_items()
    word = items[0]["paper"]["title"].split()[0]
    local_paper = paper("2401.99999", f"{word} in a cached paper only")
    store = CacheStore(None)
    store.save_listing(FeedKey("day", "2024-01-05"), [local_paper])
    hub = HubClient(fake_server.url)
    feeds = FeedService(store, UserLibrary(None), hub)
    try:
        listing = await feeds.fetch(FeedKey("search", word))
    finally:
        await hub.aclose()
    ids = [p.id for p in listing.papers]
    assert ids[0] == "2401.99999"
    assert len(ids) == len(set(ids)) > 1
    assert fake_server.requests_to("/api/papers/search")[0].query["q"] == word
    # What Hugging Face found is now cached: the same search works offline.
    assert set(ids) <= set(search_cache(store, word)) | {"2401.99999"}
    store.close()


# -- the library index ----------------------------------------------------------------


def _small_pages(monkeypatch: pytest.MonkeyPatch, page: int) -> None:
    """Pages (and a first screenful) of *page* ids, so a test crosses page boundaries."""
    monkeypatch.setattr(LibraryIds, "PAGE", page)
    monkeypatch.setattr(LibraryIds, "HEAD", page)


def test_library_ids_match_the_store_order_without_loading_all(store: CacheStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_pages(monkeypatch, 4)
    ids = LibraryIds(store)
    expected = store.library_ids()
    assert len(ids) == len(expected) == len(CORPUS)
    assert ids[0] == expected[0] and ids[-1] == expected[-1]
    assert ids[2:6] == expected[2:6]
    assert list(ids) == expected
    assert ids[::2] == expected[::2]
    with pytest.raises(IndexError):
        ids[len(expected)]


def test_the_first_screenful_is_read_on_opening_and_the_rest_when_warmed(
    store: CacheStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LibraryIds, "PAGE", 4)
    monkeypatch.setattr(LibraryIds, "HEAD", 2)
    ids = LibraryIds(store)
    expected = store.library_ids()
    assert ids[:2] == expected[:2] and ids[1] == expected[1]
    assert ids._rowids is None and ids._pages == {}  # opening read the head only
    ids.warm()
    assert ids._rowids is not None and sorted(ids._pages) == [0, 1]
    assert ids[:2] == expected[:2] and ids[2:6] == expected[2:6]  # the same order past the head


def test_library_ids_keep_their_length_when_papers_go(store: CacheStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_pages(monkeypatch, 2)
    ids = LibraryIds(store)
    first = ids[0]
    store.clear()
    assert len(ids) == len(CORPUS)
    assert ids[0] == first  # the page on screen stays as it was
    assert ids[4] == ""  # shown as "missing from cache", never a shifted row or an error


def test_library_ids_open_without_reading_every_row(store: CacheStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_pages(monkeypatch, 2)
    ids = LibraryIds(store)
    first, second = ids[:2]
    assert [first, second] == store.library_ids()[:2]
    assert ids._rowids is None  # no snapshot yet: opening cost does not grow with the cache
    newer = paper("2503.00099", "Newest", day="2025-03-09")
    store.save_listing(FeedKey("day", "2025-03-09"), [newer])
    assert len(ids) == len(CORPUS)  # fixed when opened
    seen = list(ids)
    assert seen[:2] == [first, second]  # the page on screen stays as it was
    assert seen[2:] == [i for i in store.library_ids() if i not in (first, second)][:4]  # no repeats


def test_papers_added_after(store: CacheStore) -> None:
    assert papers_added_after(store, date(2025, 3, 4)) == 4
    assert papers_added_after(store, date(2025, 3, 5)) == 0


# -- papers-tui feed --search ---------------------------------------------------------


def _run_feed(argv: list[str]) -> int:
    import asyncio

    return asyncio.run(headless_feed.run(build_parser().parse_args(argv)))


def _seed_user_cache() -> None:
    from tui.config import Paths

    cache = CacheStore(Paths.from_env().cache_db)
    cache.save_listing(FeedKey("day", "2025-03-05"), CORPUS, datetime(2025, 3, 6, tzinfo=UTC))
    cache.close()


def test_feed_search_json_offline(capsys: pytest.CaptureFixture[str]) -> None:
    _seed_user_cache()
    assert _run_feed(["feed", "--search", "transformers", "--json", "--offline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["2503.00001", "2503.00002"]


def test_feed_search_with_nothing_to_search_for(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_feed(["feed", "--search", "AND OR", "--offline"]) == 1
    err = capsys.readouterr().err
    assert "AND, OR and NOT go between words" in err and "Traceback" not in err


def test_feed_search_online_falls_back_to_the_cache(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_user_cache()
    monkeypatch.setenv("HF_ENDPOINT", fake_server.url)
    fake_server.fail("/api/papers/search", server_error(400))
    assert _run_feed(["feed", "--search", "state space"]) == 0
    captured = capsys.readouterr()
    assert "2503.00003" in captured.out
    assert "showing cached results only" in captured.err

