"""The watch list: storage, matching each kind of watch, new-since and announcing once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fakes.helpers import Clock
from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import Author, Paper
from tui.services.author.cache import StoreAuthorCache
from tui.services.storage.store import CacheStore
from tui.services.storage.watch_store import FOR_YOU_MARK, WatchError, WatchStore
from tui.services.watch.authors import FollowedAuthor, save_author
from tui.services.watch.for_you import announcement, evaluate, new_since
from tui.services.watch.match import keyword_ids, org_ids, resolved_byline_ids, topic_ids


def paper(pid: str, title: str, summary: str = "", *, authors: tuple[str, ...] = ("Ada Lovelace",),
          day: str = "2025-03-05", keywords: tuple[str, ...] = (), org: str | None = None) -> Paper:
    when = datetime.fromisoformat(day + "T04:00:00+00:00")
    return Paper(id=pid, title=title, summary=summary, authors=tuple(Author(a) for a in authors),
                 submitted_at=when, ai_keywords=keywords, organization=org)


CORPUS = [
    paper("2503.00001", "Video Diffusion at Scale", "We generate video with diffusion.", day="2025-03-05"),
    paper("2503.00002", "Diffusion for Audio", "Audio, not video, in the title.", day="2025-03-06"),
    paper("2503.00003", "Image Diffusion Survey", "Video appears only in this abstract.", day="2025-03-04"),
    paper("2503.00004", "Reward Models from Human Feedback", "We study RLHF.", keywords=("RLHF",),
          org="Google DeepMind", day="2025-03-03"),
    paper("2503.00005", "Another DeepMind Paper", "Planning.", org="google-deepmind", day="2025-03-07"),
    paper("2503.00006", "Namesake Paper", "By the other Wei Zhang.", authors=("Wei Zhang",), day="2025-03-07"),
    paper("2503.00007", "Wei's Real Paper", "By the followed Wei Zhang.", authors=("Wei Zhang",), day="2025-03-06"),
]


@pytest.fixture
def store() -> CacheStore:
    cache = CacheStore(None)
    cache.upsert_papers(CORPUS)
    return cache


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 5, 1, 12, tzinfo=UTC))


@pytest.fixture
def watches(tmp_path: Path, clock: Clock) -> WatchStore:
    return WatchStore(tmp_path / "watch.sqlite3", clock=clock)


def test_a_topic_means_what_it_means_in_search_newest_first(store: CacheStore) -> None:
    assert topic_ids(store, '"diffusion" title:video') == ["2503.00001"]
    assert topic_ids(store, "diffusion video") == ["2503.00002", "2503.00001", "2503.00003"]
    assert topic_ids(store, "diffusion -audio") == ["2503.00001", "2503.00003"]
    assert topic_ids(store, "nothingmatchesthis") == []


def test_keywords_orgs_and_authors_match_their_own_way(store: CacheStore) -> None:
    assert keyword_ids(store, "rlhf") == ["2503.00004"]
    assert keyword_ids(store, 'human "feedback') == ["2503.00004"]  # a stray quote is plain text
    # One organization, whatever its spelling on the Hub.
    assert org_ids(store, "google deepmind") == ["2503.00005", "2503.00004"]
    assert org_ids(store, "Google") == []
    # Authors by Semantic Scholar id: the byline the sidebar resolved, never the bare name.
    cache = StoreAuthorCache(store)
    cache.put_profiles("2503.00007", [AuthorProfile("Wei Zhang", author_id="1001")])
    cache.put_profiles("2503.00006", [AuthorProfile("Wei Zhang", author_id="2002")])
    assert resolved_byline_ids(store, "1001") == ["2503.00007"]
    assert resolved_byline_ids(store, "2002") == ["2503.00006"]
    assert resolved_byline_ids(store, "100") == []  # a prefix of an id is another id


def test_watches_are_validated_kept_once_and_removed(watches: WatchStore) -> None:
    with pytest.raises(WatchError, match="not a Semantic Scholar author id"):
        watches.add("author", "Kaiwen Hu")
    with pytest.raises(WatchError, match="empty"):
        watches.add("topic", "  \x1b[31m ")
    with pytest.raises(WatchError, match="unknown watch kind"):
        watches.add("person", "x")
    first, new = watches.add("org", "Google  DeepMind")
    again, new_again = watches.add("org", "google deepmind")
    assert new and not new_again and again.id == first.id and first.value == "Google DeepMind"
    watches.add("author", "2261391", label="Kaiwen Hu")
    assert [w.why for w in watches.watches()] == ["author: Kaiwen Hu", "org: Google DeepMind"]
    assert watches.remove("org", "GOOGLE DEEPMIND") is not None
    assert watches.remove("org", "Google DeepMind") is None
    assert [w.kind for w in watches.watches()] == ["author"]


def test_two_processes_share_the_file(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "watch.sqlite3"
    one, two = WatchStore(path, clock=clock), WatchStore(path, clock=clock)
    one.add("topic", "diffusion")
    two.add("keyword", "RLHF")
    two.add("topic", "diffusion")  # the other already did: no duplicate
    assert sorted(w.why for w in one.watches()) == ["keyword: RLHF", "topic: diffusion"]
    one.close()
    two.close()


def test_what_matched_when_followed_is_known_later_matches_are_new(
    store: CacheStore, watches: WatchStore, clock: Clock
) -> None:
    watches.add("topic", '"diffusion" title:video')
    watches.add("keyword", "rlhf")
    items = evaluate(store, watches)
    assert [(i.paper.id, i.why) for i in items] == [
        ("2503.00001", 'topic: "diffusion" title:video'),
        ("2503.00004", "keyword: rlhf"),
    ]
    assert new_since(items, None) == []  # known when followed: not news
    assert announcement(watches, items) is None

    clock.advance(timedelta(hours=2))
    store.upsert_papers([paper("2605.00010", "Video Diffusion Transformers", day="2026-05-01",
                               keywords=("RLHF",))])
    items = evaluate(store, watches)
    assert items[0].paper.id == "2605.00010"
    assert items[0].why == 'topic: "diffusion" title:video · keyword: rlhf'
    assert [i.paper.id for i in new_since(items, None)] == ["2605.00010"]
    assert announcement(watches, items) == "1 new paper on your topics · 1 with your keywords"
    assert announcement(watches, evaluate(store, watches)) is None  # once only

    visit = watches.set_mark(FOR_YOU_MARK)
    clock.advance(timedelta(minutes=5))
    store.upsert_papers([paper("2605.00011", "Yet Another Video Diffusion", day="2026-05-01")])
    items = evaluate(store, watches)
    assert [i.paper.id for i in new_since(items, visit)] == ["2605.00011"]


def test_a_paper_dated_after_following_is_news_even_on_the_first_look(
    store: CacheStore, watches: WatchStore, clock: Clock
) -> None:
    store.upsert_papers([paper("2605.00020", "Fresh RLHF Paper", day="2026-05-01", keywords=("RLHF",))])
    watches.add("keyword", "RLHF")
    items = evaluate(store, watches)
    assert [i.paper.id for i in new_since(items, None)] == ["2605.00020"]


def test_followed_authors_papers_from_semantic_scholar_join_cached_ones(
    store: CacheStore, watches: WatchStore, clock: Clock
) -> None:
    watch, _ = watches.add("author", "1001")
    StoreAuthorCache(store).put_profiles("2503.00007", [AuthorProfile("Wei Zhang", author_id="1001")])
    items = evaluate(store, watches)
    assert [i.paper.id for i in items] == ["2503.00007"]  # the namesake's paper is not there

    followed = FollowedAuthor(
        "1001",
        "Wei Zhang",
        [AuthorPaper("Long-Context Retrieval", date="2026-04-30", arxiv_id="2604.01111", authors=("Wei Zhang",)),
         AuthorPaper("Wei's Real Paper", date="2025-03-06", arxiv_id="2503.00007", authors=("Wei Zhang",))],
        clock(),
    )
    assert save_author(store, followed) is None
    clock.advance(timedelta(hours=1))
    items = evaluate(store, watches)
    assert [(i.paper.id, i.why) for i in items] == [
        ("2604.01111", "author: Wei Zhang"),
        ("2503.00007", "author: Wei Zhang"),
    ]
    # Its first check on Semantic Scholar is the baseline: last year's papers are not news.
    assert new_since(items, None) == []
    assert items[1].paper.title == "Wei's Real Paper" and items[1].paper.summary  # the cached copy wins
    assert watch.label == ""
