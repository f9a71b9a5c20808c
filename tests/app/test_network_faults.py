"""Every network fault: a clear message, the cached view stays, nothing cached is overwritten."""

from __future__ import annotations

import pytest

from tests.app.harness import make_app, running, settle
from tests.fakes.base import FakeResponse
from tests.fakes.server import FakeServer, cut, hang, malformed_json, rate_limited, server_error
from tui.models import FeedKey
from tui.services.net.http import Limits

DAY = "2025-03-05"


def _json(payload: object, status: int = 200) -> FakeResponse:
    return FakeResponse.json(payload, status=status)


CASES = {
    "malformed-json": (malformed_json, "malformed JSON"),
    "cut-mid-body": (cut, "closed the connection"),
    "object-not-array": (lambda: _json({"papers": []}), "not a JSON array"),
    "items-of-wrong-shape": (lambda: _json([{"paper": None}, {"title": 5}, "x", None]), "unknown shape"),
    "null-and-string-numbers": (lambda: _json([{"paper": {"id": None, "title": None, "upvotes": "many"}}]),
                                "unknown shape"),
    "empty-list-for-a-cached-day": (lambda: _json([]), "keeping the cached copy"),
    "400": (lambda: _json({"error": "Invalid date"}, 400), "returned 400"),
    "401": (lambda: _json({"error": "Unauthorized"}, 401), "refused access (401)"),
    "403": (lambda: _json({"error": "Forbidden"}, 403), "refused access (403)"),
    "404": (lambda: _json({"error": "Not found"}, 404), "404"),
    "429-with-ratelimit": (lambda: rate_limited(600), "rate limited us; retry in 600 s"),
    "429-with-retry-after": (lambda: FakeResponse.json({}, 429, {"Retry-After": "120"}), "retry in 120 s"),
    "429-bare": (lambda: FakeResponse.json({}, 429), "rate limited"),
    "500": (lambda: server_error(500), "returned 500"),
    "503": (lambda: server_error(503), "returned 503"),
    "50-MB-body": (lambda: FakeResponse(200, b"[" + b" " * (50 * 2**20) + b"]",
                                        {"Content-Type": "application/json"}), "more than 8 MB"),
    "never-answers": (hang, "did not finish answering within 0.5 s"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_fault_keeps_the_cached_view(fake_server: FakeServer, case: str) -> None:
    make_fault, message = CASES[case]
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        before = [app.reader.feed.source.row(i).id for i in range(len(app.reader.feed.source))]
        assert before, f"the day should have loaded: {app.reader.status}"
        if case == "never-answers":  # only there: a tight deadline on a busy box would fail the other cases
            app.session.hub.http.limits = Limits(request_deadline=0.5)
        fake_server.fail("/api/daily_papers", *(make_fault() for _ in range(3)))
        await pilot.press("r")
        await settle(pilot)
        assert message in app.reader.status.problem, app.reader.status.problem
        assert [app.reader.feed.source.row(i).id for i in range(len(app.reader.feed.source))] == before
        cached = app.session.store.listing(FeedKey("day", DAY))
        assert cached is not None and [p.id for p in cached.papers] == before
        await pilot.press("j")
        await settle(pilot)
        assert app.reader.current is not None and app.reader.current.id == before[1]


async def test_connection_refused_says_offline_and_keeps_cache(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app) as pilot:
        count = len(app.reader.feed.source)
        fake_server.stop()
        await pilot.press("r")
        await settle(pilot)
        assert "cannot reach Hugging Face" in app.reader.status.problem
        assert "offline - cached" in app.reader.status.detail
        assert len(app.reader.feed.source) == count


async def test_dns_failure_says_offline(fake_server: FakeServer) -> None:
    app = make_app("http://papers-tui-no-such-host.invalid", FeedKey("day", DAY))
    async with running(app):
        assert "cannot reach Hugging Face" in app.reader.status.problem
        assert "not cached" in app.reader.status.detail


async def test_redirect_is_followed(fake_server: FakeServer) -> None:
    fake_server.fail(
        "/api/daily_papers",
        FakeResponse(302, b"", {"Location": f"{fake_server.url}/api/daily_papers?date={DAY}&limit=100&p=0"}),
    )
    app = make_app(fake_server.url, FeedKey("day", DAY))
    async with running(app):
        assert app.reader.status.problem == ""
        assert len(app.reader.feed.source) == len(fake_server.hub.days[DAY])


async def test_trending_html_without_props_falls_back_to_the_api(fake_server: FakeServer) -> None:
    fake_server.fail("/papers/trending", FakeResponse.text("<html><body><main>Trending</main></body></html>"))
    app = make_app(fake_server.url, FeedKey("trending"))
    async with running(app):
        assert app.reader.status.problem == ""
        assert len(app.reader.feed.source) > 0
        assert any(r.path == "/api/daily_papers" and r.query.get("sort") == "trending" for r in fake_server.requests)
