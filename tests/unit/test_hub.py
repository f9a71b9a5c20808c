"""HubClient against the real loopback FakeServer, plus the pure parsers."""

from __future__ import annotations

import asyncio
import html
import json
import os
import signal
import socket
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.base import FakeResponse

# fake_server comes from tests/fakes/fixtures.py through tests/conftest.py.
from tests.fakes.fixtures import DATASET_START
from tests.fakes.hub_routes import HubState, make_daily_item, render_papers_page
from tests.fakes.server import FakeServer, cut, hang, malformed_json, rate_limited, server_error, slow
from tui.config import load_settings
from tui.models import FeedKey, Paper
from tui.services.errors import (
    BadResponseError,
    HttpStatusError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    TimeoutServiceError,
)
from tui.services.net.clients import hub_client
from tui.services.net.http import RetryPolicy
from tui.services.net.hub import HubClient, parse_daily_items, parse_paper, parse_trending_html

FAST = RetryPolicy(attempts=3, base_delay=0.01)
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_hub_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own HF_TOKEN / HF_ENDPOINT must not leak into these tests."""
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_ENDPOINT", raising=False)


def ids_of(items: list[dict[str, Any]]) -> list[str]:
    return [item["paper"]["id"] for item in items]


def client_for(server: FakeServer, **kwargs: Any) -> HubClient:
    kwargs.setdefault("retry", FAST)
    return HubClient(server.url, **kwargs)


def daily_queries(server: FakeServer) -> list[dict[str, str]]:
    return [r.query for r in server.requests_to("/api/daily_papers")]


# --------------------------------------------------------------------------- listings


async def test_day_pages_until_a_short_page(fake_server: FakeServer) -> None:
    day = DATASET_START.isoformat()
    async with client_for(fake_server) as client:
        papers = await client.daily(FeedKey("day", day), page_size=5)
    assert [p.id for p in papers] == ids_of(fake_server.hub.days[day])
    assert [(q["p"], q["limit"], q["date"]) for q in daily_queries(fake_server)] == [
        ("0", "5", day),
        ("1", "5", day),
        ("2", "5", day),
    ]


async def test_full_last_page_needs_one_empty_page(fake_server: FakeServer) -> None:
    day = DATASET_START.isoformat()
    size = len(fake_server.hub.days[day])
    async with client_for(fake_server) as client:
        papers = await client.daily(FeedKey("day", day), page_size=size // 2)
    assert len(papers) == size
    assert [q["p"] for q in daily_queries(fake_server)] == ["0", "1", "2"]


async def test_max_pages_caps_requests(fake_server: FakeServer) -> None:
    async with client_for(fake_server) as client:
        papers = await client.daily(FeedKey("month", "2025-03"), page_size=5, max_pages=2)
    assert len(papers) == 10
    assert len(daily_queries(fake_server)) == 2


@pytest.mark.parametrize(
    ("key", "days"),
    [
        (FeedKey("week", "2025-W10"), [f"2025-03-{d:02d}" for d in range(3, 10)]),
        (FeedKey("month", "2025-03"), [f"2025-03-{d:02d}" for d in range(1, 32)]),
    ],
)
async def test_week_and_month(fake_server: FakeServer, key: FeedKey, days: list[str]) -> None:
    expected = [i for d in days for i in ids_of(fake_server.hub.days.get(d, []))]
    async with client_for(fake_server) as client:
        papers = await client.daily(key, page_size=25)
    assert expected and [p.id for p in papers] == expected
    param = "week" if key.kind == "week" else "month"
    assert all(q[param] == key.value for q in daily_queries(fake_server))


async def test_latest_has_no_date_param(fake_server: FakeServer) -> None:
    latest = max(d for d, items in fake_server.hub.days.items() if items)
    async with client_for(fake_server) as client:
        papers = await client.daily(FeedKey("latest"))
    assert [p.id for p in papers] == ids_of(fake_server.hub.days[latest])
    assert not {"date", "week", "month"} & set(daily_queries(fake_server)[0])


async def test_duplicates_are_dropped_keeping_order() -> None:
    day = date(2025, 3, 4)
    items = [
        make_daily_item(f"2503.0000{n}", f"Paper {n}", "Abstract.", day, authors=["A B"], upvotes=n)
        for n in range(4)
    ]
    state = HubState(days={day.isoformat(): [items[0], items[1], items[0], items[2], items[1], items[3]]})
    with FakeServer(state) as server:
        async with client_for(server) as client:
            papers = await client.daily(FeedKey("day", day.isoformat()), page_size=4)
    assert [p.id for p in papers] == ids_of(items)


async def test_server_ignoring_paging_does_not_loop() -> None:
    day = date(2025, 3, 4)
    page = [
        make_daily_item(f"2503.1000{n}", f"Paper {n}", "x", day, authors=["A B"], upvotes=1) for n in range(3)
    ]
    with FakeServer() as server:
        server.handlers.insert(
            0, lambda r: FakeResponse.json(page) if r.path == "/api/daily_papers" else None
        )
        async with client_for(server) as client:
            papers = await client.daily(FeedKey("day", "2025-03-04"), page_size=3)
    assert len(papers) == 3
    assert len(daily_queries(server)) == 2


# --------------------------------------------------------------------------- trending


async def test_trending_from_html(fake_server: FakeServer) -> None:
    async with client_for(fake_server) as client:
        papers = await client.trending()
    all_ids = {i for items in fake_server.hub.days.values() for i in ids_of(items)}
    assert len(papers) == 50
    assert {p.id for p in papers} <= all_ids
    upvotes = [p.upvotes for p in papers]
    assert upvotes == sorted(upvotes, reverse=True)
    assert [r.path for r in fake_server.requests] == ["/papers/trending"]


@pytest.mark.parametrize(
    "page",
    [
        FakeResponse.text(render_papers_page([], with_props=False)),
        FakeResponse.text('<div data-target="DailyPapers" data-props="{not json"></div>'),
        FakeResponse.text(
            f'<div data-target="DailyPapers" data-props="{html.escape(json.dumps({"x": 1}))}"></div>'
        ),
        FakeResponse.text("<html><body><h1>Welcome</h1></body></html>"),
        FakeResponse.text("gone", status=404),
    ],
    ids=["no-props", "bad-json", "no-key", "no-element", "404"],
)
async def test_trending_falls_back_to_api(fake_server: FakeServer, page: FakeResponse) -> None:
    fake_server.hub.fail("/papers/trending", page)
    async with client_for(fake_server) as client:
        papers = await client.trending()
    total = sum(len(items) for items in fake_server.hub.days.values())
    assert len(papers) == min(100, total)
    assert daily_queries(fake_server) == [{"sort": "trending", "p": "0", "limit": "100"}]


async def test_feed_key_trending_and_search_delegate(fake_server: FakeServer) -> None:
    async with client_for(fake_server) as client:
        trending = await client.daily(FeedKey("trending"))
        found = await client.daily(FeedKey("search", "diffusion"))
        with pytest.raises(ValueError):
            await client.daily(FeedKey("bookmarks"))
    assert trending and found


# --------------------------------------------------------------------------- details, search


async def test_paper_details_with_linked_repos(fake_server: FakeServer) -> None:
    paper_id, detail = next((k, v) for k, v in fake_server.hub.papers.items() if len(v["linkedModels"]) > 1)
    async with client_for(fake_server) as client:
        details = await client.paper(paper_id)
    assert details.paper.id == paper_id
    assert details.paper.title == detail["title"]
    assert details.linked_models == [m["id"] for m in detail["linkedModels"]]
    assert details.linked_datasets == [d["id"] for d in detail["linkedDatasets"]]
    assert details.linked_spaces == [s["id"] for s in detail["linkedSpaces"]]
    assert all("/" in repo for repo in details.linked_models)


async def test_paper_unknown_is_not_found(fake_server: FakeServer) -> None:
    async with client_for(fake_server) as client:
        with pytest.raises(NotFoundError) as info:
            await client.paper("9999.99999")
    assert info.value.status == 404
    assert "9999.99999" in str(info.value)


async def test_search_is_case_insensitive_over_title_and_summary(fake_server: FakeServer) -> None:
    items = [i for d in sorted(fake_server.hub.days) for i in fake_server.hub.days[d]]
    expected = {
        i["paper"]["id"]
        for i in items
        if "network" in (i["paper"]["title"] + " " + i["paper"]["summary"]).lower()
    }
    async with client_for(fake_server) as client:
        papers = await client.search("NETWORK", limit=120)
    assert expected and {p.id for p in papers} == expected
    assert len(papers) == len(expected)


@pytest.mark.parametrize(("limit", "sent"), [(0, "1"), (-5, "1"), (7, "7"), (1000, "120")])
async def test_search_clamps_limit_and_truncates_query(
    fake_server: FakeServer, limit: int, sent: str
) -> None:
    async with client_for(fake_server) as client:
        await client.search("q" * 400, limit=limit)
    (request,) = fake_server.requests_to("/api/papers/search")
    assert request.query == {"q": "q" * 250, "limit": sent}


async def test_empty_search_makes_no_request(fake_server: FakeServer) -> None:
    async with client_for(fake_server) as client:
        assert await client.search("   ") == []
    assert fake_server.requests == []


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kind", "value"), [("day", "2025-13-40"), ("week", "2025-W99"), ("month", "2025-3")]
)
async def test_bad_date_message(fake_server: FakeServer, kind: str, value: str) -> None:
    async with client_for(fake_server) as client:
        with pytest.raises(HttpStatusError) as info:
            await client.daily(FeedKey(kind, value))  # type: ignore[arg-type]
    param = {"day": "date"}.get(kind, kind)
    assert info.value.status == 400
    assert str(info.value).startswith(f"Hugging Face returned 400 for {param} {value}")
    assert len(fake_server.requests) == 1  # a 400 is not retried


async def test_rate_limit_wait_is_honoured_then_succeeds(fake_server: FakeServer) -> None:
    waits: list[tuple[str, float]] = []
    fake_server.hub.fail("/api/daily_papers", rate_limited(0.1))
    async with client_for(fake_server, on_retry=lambda reason, s: waits.append((reason, s))) as client:
        started = time.monotonic()
        papers = await client.daily(FeedKey("day", DATASET_START.isoformat()))
        elapsed = time.monotonic() - started
    assert [s for _, s in waits] == [0.1]
    assert "rate limited" in waits[0][0]
    assert elapsed >= 0.1
    assert [p.id for p in papers] == ids_of(fake_server.hub.days[DATASET_START.isoformat()])


async def test_rate_limit_beyond_retries(fake_server: FakeServer) -> None:
    fake_server.hub.fail("/api/daily_papers", *[rate_limited(0.02) for _ in range(3)])
    async with client_for(fake_server) as client:
        with pytest.raises(RateLimitedError) as info:
            await client.daily(FeedKey("latest"))
    assert info.value.retry_after == pytest.approx(0.02)
    assert len(fake_server.requests) == 3


async def test_rate_limit_longer_than_max_delay_is_not_slept(fake_server: FakeServer) -> None:
    fake_server.hub.fail("/api/papers/", rate_limited(120))
    async with client_for(fake_server) as client:
        with pytest.raises(RateLimitedError) as info:
            await client.paper("2503.00001")
    assert info.value.retry_after == 120
    assert len(fake_server.requests) == 1


async def test_server_error_then_success(fake_server: FakeServer) -> None:
    waits: list[float] = []
    fake_server.hub.fail("/api/daily_papers", server_error(500), server_error(503))
    async with client_for(fake_server, on_retry=lambda _r, s: waits.append(s)) as client:
        papers = await client.daily(FeedKey("latest"))
    assert papers
    assert waits == [0.01, 0.02]


async def test_malformed_json(fake_server: FakeServer) -> None:
    fake_server.hub.fail("/api/daily_papers", malformed_json())
    async with client_for(fake_server) as client:
        with pytest.raises(BadResponseError, match="malformed JSON"):
            await client.daily(FeedKey("latest"))


async def test_listing_that_is_not_an_array(fake_server: FakeServer) -> None:
    fake_server.hub.fail("/api/daily_papers", FakeResponse.json({"error": None, "items": []}))
    async with client_for(fake_server) as client:
        with pytest.raises(BadResponseError):
            await client.daily(FeedKey("latest"))


async def test_slow_response_times_out(fake_server: FakeServer) -> None:
    fake_server.hub.fail("/api/daily_papers", slow(FakeResponse.json([]), 2.0))
    async with client_for(fake_server, timeout=0.2, retry=RetryPolicy(attempts=1)) as client:
        started = time.monotonic()
        with pytest.raises(TimeoutServiceError):
            await client.daily(FeedKey("latest"))
    assert time.monotonic() - started < 1.5


async def test_hung_server_times_out_and_stops_promptly() -> None:
    server = FakeServer().start()
    server.hub.fail("/api/papers/", hang())
    async with client_for(server, timeout=0.2, retry=RetryPolicy(attempts=1)) as client:
        with pytest.raises(TimeoutServiceError):
            await client.paper("2503.00001")
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2


async def test_connection_cut_mid_body(fake_server: FakeServer) -> None:
    fake_server.hub.fail("/api/daily_papers", *[cut() for _ in range(3)])
    async with client_for(fake_server) as client:
        with pytest.raises(BadResponseError, match="mid-response"):
            await client.daily(FeedKey("latest"))


async def test_connection_refused_is_offline() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with HubClient(
        f"http://127.0.0.1:{port}", retry=RetryPolicy(attempts=2, base_delay=0.01)
    ) as client:
        with pytest.raises(OfflineError):
            await client.daily(FeedKey("latest"))


async def test_offline_flag_makes_no_request(fake_server: FakeServer) -> None:
    async with client_for(fake_server, offline=True) as client:
        with pytest.raises(OfflineError):
            await client.trending()
    assert fake_server.requests == []


# --------------------------------------------------------------------------- environment


async def test_hf_token_sent_as_bearer(fake_server: FakeServer, tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml", {"HF_TOKEN": "hf_env_token", "HF_ENDPOINT": fake_server.url})
    async with hub_client(settings) as client:
        await client.daily(FeedKey("latest"))
    async with client_for(fake_server, token="hf_explicit") as client:
        await client.paper(next(iter(fake_server.hub.papers)))
    assert [r.headers.get("authorization") for r in fake_server.requests] == [
        "Bearer hf_env_token",
        "Bearer hf_explicit",
    ]


async def test_no_token_no_authorization_header(fake_server: FakeServer) -> None:
    async with client_for(fake_server) as client:
        await client.daily(FeedKey("latest"))
    assert "authorization" not in fake_server.requests[0].headers
    assert fake_server.requests[0].headers["user-agent"].startswith("papers-tui/")


async def test_hf_endpoint_honoured(fake_server: FakeServer, tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml", {"HF_ENDPOINT": fake_server.url + "/"})
    async with hub_client(settings) as client:
        assert client.base_url == fake_server.url
        papers = await client.daily(FeedKey("latest"))
    assert papers and len(fake_server.requests) == 1


def test_default_endpoint() -> None:
    assert HubClient().base_url == "https://huggingface.co"


# --------------------------------------------------------------------------- content


async def test_hidden_authors_skipped_and_code_link_from_abstract() -> None:
    day = date(2025, 3, 5)
    with_link = make_daily_item(
        "2503.04001",
        "Linked Paper",
        "We propose X. Code is available at https://github.com/org/repo.",
        day,
        authors=["Ada Lovelace", "Hidden Person", "Alan Turing"],
        hidden={1},
        users={"Alan Turing": "aturing"},
        upvotes=3,
    )
    with_repo = make_daily_item(
        "2503.04002",
        "Repo Paper",
        "No link here.",
        day,
        authors=["Grace Hopper"],
        upvotes=2,
        github="https://github.com/org/official",
        github_stars=42,
    )
    plain = make_daily_item("2503.04003", "Plain Paper", "No code.", day, authors=["Emmy Noether"], upvotes=1)
    with FakeServer(HubState(days={day.isoformat(): [with_link, with_repo, plain]})) as server:
        async with client_for(server) as client:
            linked, repo, bare = await client.daily(FeedKey("day", day.isoformat()))
    assert linked.author_names == ["Ada Lovelace", "Alan Turing"]
    assert linked.authors[1].hf_user == "aturing"
    assert linked.github_repo is None and linked.code_url == "https://github.com/org/repo"
    assert repo.code_url == "https://github.com/org/official" and repo.github_stars == 42
    assert bare.code_url is None


async def test_dataset_has_hidden_authors_and_abstract_only_links(fake_server: FakeServer) -> None:
    async with client_for(fake_server) as client:
        papers = await client.daily(FeedKey("month", "2025-03"))
    raw = {i["paper"]["id"]: i for items in fake_server.hub.days.values() for i in items}
    hidden_total = 0
    for paper in papers:
        visible = [a["name"] for a in raw[paper.id]["paper"]["authors"] if not a["hidden"]]
        hidden_total += len(raw[paper.id]["paper"]["authors"]) - len(visible)
        assert paper.author_names == visible
    assert hidden_total > 0
    assert any(p.github_repo is None and p.code_url for p in papers)
    assert any(p.github_repo for p in papers)


def test_parse_daily_item_fields() -> None:
    day = date(2025, 3, 6)
    item = make_daily_item(
        "2503.05001",
        "T",
        "S",
        day,
        authors=["A B"],
        upvotes=7,
        num_comments=3,
        organization="Meta AI",
        ai_keywords=["llm", "rl"],
        withdrawn=True,
        project_page="https://example.org",
        submitter=("jdoe", "Jane Doe"),
    )
    (paper,) = parse_daily_items([item])
    assert (paper.upvotes, paper.num_comments) == (7, 3)
    assert paper.organization == "Meta AI" and paper.submitted_by == "Jane Doe"
    assert paper.ai_keywords == ("llm", "rl") and paper.withdrawn
    assert paper.project_page == "https://example.org"
    assert paper.submitted_at is not None and paper.submitted_at.date() == day
    assert paper.published_at is not None and paper.published_at < paper.submitted_at
    assert paper.thumbnail and paper.thumbnail.endswith("2503.05001.png")


def test_submitted_at_falls_back_to_item_published_at() -> None:
    (paper,) = parse_daily_items(
        [
            {
                "publishedAt": "2025-03-07T08:00:00.000Z",
                "paper": {"id": "2503.00001", "title": "T", "publishedAt": "2025-03-01T00:00:00Z"},
            }
        ]
    )
    assert paper.submitted_at is not None and paper.submitted_at.isoformat() == "2025-03-07T08:00:00+00:00"
    assert paper.published_at is not None and paper.published_at.day == 1


# --------------------------------------------------------------------------- tolerant parsing


GOOD = {"paper": {"id": "2503.00001", "title": "Good"}}


@pytest.mark.parametrize(
    "junk",
    [
        None,
        1,
        "text",
        [],
        {},
        [GOOD],
        {"paper": None},
        {"paper": "2503.1"},
        {"paper": {"id": "2503.2"}},
        {"paper": {"title": "no id"}},
        {"paper": {"id": None, "title": "x"}},
        {"paper": {"id": "2503.3", "title": ""}},
        {"paper": {"id": 3.5, "title": "float id"}},
        {"paper": {"id": "2503.4", "title": ["list"]}},
    ],
)
def test_junk_items_are_skipped(junk: object) -> None:
    papers = parse_daily_items([junk, GOOD, junk])
    assert [(p.id, p.title) for p in papers] == [("2503.00001", "Good")]


@pytest.mark.parametrize(
    ("field", "value", "attribute", "expected"),
    [
        ("upvotes", "12", "upvotes", 12),
        ("upvotes", "lots", "upvotes", 0),
        ("upvotes", None, "upvotes", 0),
        ("upvotes", 4.9, "upvotes", 4),
        ("upvotes", float("nan"), "upvotes", 0),
        ("githubStars", "1,234", "github_stars", 1234),
        ("githubStars", {}, "github_stars", None),
        ("authors", "A, B", "authors", ()),
        ("authors", [None, 3, {"name": None}, {"name": "  "}, {"hidden": False}], "authors", ()),
        ("ai_keywords", ["ok", 3, None, " ", "fine "], "ai_keywords", ("ok", "fine")),
        ("ai_keywords", "not-a-list", "ai_keywords", ()),
        ("githubRepo", "javascript:alert(1)", "github_repo", None),
        ("githubRepo", "github.com/a/b", "github_repo", "https://github.com/a/b"),
        ("githubRepo", 42, "github_repo", None),
        ("publishedAt", "yesterday", "published_at", None),
        ("publishedAt", 1741000000, "published_at", None),
        ("summary", None, "summary", ""),
        ("summary", {"text": "x"}, "summary", ""),
        ("withdrawnAt", None, "withdrawn", False),
        ("organization", ["x"], "organization", None),
        ("organization", {"name": "org"}, "organization", "org"),
    ],
)
def test_wrong_types_are_coerced_or_defaulted(
    field: str, value: object, attribute: str, expected: object
) -> None:
    paper = parse_paper({"id": "2503.00001", "title": "T", field: value, "someNewKey": {"nested": [1]}})
    assert getattr(paper, attribute) == expected


def test_hidden_flag_variants() -> None:
    authors = [
        {"name": "Shown"},
        {"name": "Null", "hidden": None},
        {"name": "True", "hidden": True},
        {"name": "Str", "hidden": "true"},
        {"name": "False", "hidden": False, "user": {"name": "fuser"}},
        {"name": "User", "user": {"user": "u1", "name": "ignored"}},
    ]
    paper = parse_paper({"id": "2503.00001", "title": "T", "authors": authors})
    assert paper.author_names == ["Shown", "Null", "False", "User"]
    assert [a.hf_user for a in paper.authors] == [None, None, "fuser", "u1"]


@pytest.mark.parametrize("payload", [None, {}, {"dailyPapers": []}, "[]", 3, True])
def test_listing_not_a_list_is_bad_response(payload: object) -> None:
    with pytest.raises(BadResponseError):
        parse_daily_items(payload)


def test_parse_paper_without_id_raises() -> None:
    with pytest.raises(BadResponseError):
        parse_paper({"title": "T"})


def test_parse_trending_html_unescapes_props() -> None:
    item = make_daily_item(
        "2503.06001",
        "Quotes \"&\" <tags> 'here'",
        "Ünïcode abstract",
        date(2025, 3, 3),
        authors=["Zoë Ωmega"],
        upvotes=1,
    )
    papers = parse_trending_html(render_papers_page([item]))
    assert [(p.title, p.summary, p.author_names) for p in papers] == [
        ("Quotes \"&\" <tags> 'here'", "Ünïcode abstract", ["Zoë Ωmega"])
    ]


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<html></html>",
        render_papers_page([], with_props=False),
        '<div data-target="DailyPapers" data-props="[1, 2]"></div>',
        '<div data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;: {}}"></div>',
    ],
)
def test_parse_trending_html_rejects_missing_props(page: str) -> None:
    with pytest.raises(BadResponseError):
        parse_trending_html(page)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "paper",
                    "authors",
                    "upvotes",
                    "hidden",
                    "name",
                    "user",
                    "githubRepo",
                    "ai_keywords",
                    "publishedAt",
                    "submittedBy",
                    "organization",
                    "numComments",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(JSON, max_size=5))
def test_parser_never_crashes_on_arbitrary_json(payload: list[object]) -> None:
    try:
        papers = parse_daily_items(payload)
    except BadResponseError as error:
        # Only when nothing at all was usable, and it says so.
        assert payload and "unknown shape" in str(error)
        return
    assert all(isinstance(p, Paper) and p.id and p.title for p in papers)
    assert all(isinstance(a.name, str) for p in papers for a in p.authors)


# --------------------------------------------------------------------------- process mode


async def test_server_runs_as_a_process(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fakes.server",
        "--port",
        "0",
        "--days",
        "3",
        "--per-day",
        "4",
        "--start",
        "2025-03-03",
        "--state-file",
        str(state_file),
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), timeout=15)).decode()
        assert line.startswith("URL http://127.0.0.1:")
        state = HubState.from_json(json.loads(state_file.read_text()))
        async with HubClient(line.split()[1], retry=FAST) as client:
            papers = await client.daily(FeedKey("day", "2025-03-05"))
        assert [p.id for p in papers] == ids_of(state.days["2025-03-05"])
    finally:
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), timeout=10) == 0
