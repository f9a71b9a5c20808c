"""The Hugging Face collections client: real payload shapes, every fault the issue names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fakes import collections_routes
from tests.fakes.collections_routes import CollectionsState
from tests.fakes.server import FakeServer, rate_limited
from tui.services.errors import HttpStatusError, OfflineError, RateLimitedError
from tui.services.net.collections_auth import parse_whoami
from tui.services.net.collections_client import CollectionGoneError, CollectionsClient, PaperUnknownError
from tui.services.net.collections_parse import (
    CUT_MARKER,
    NOTE_LIMIT,
    cut_note,
    parse_collection,
    parse_collection_list,
    parse_slug,
    short_title,
)
from tui.services.net.http import RetryPolicy

REAL = Path("/work/shared/real-payloads/hf-collections")
TOKEN = "hf_clienttesttoken_0123456789"


def _real(name: str) -> object:
    return json.loads((REAL / name).read_text())


def test_the_real_collection_payload_parses_with_its_one_paper() -> None:
    collection = parse_collection(_real("collection_get_huggingfacejs_test-collection.json"))
    assert collection.slug == "huggingfacejs/test-collection-690df2897fa1945492b8cf42"
    assert collection.object_id == "690df2897fa1945492b8cf42" and collection.owner == "huggingfacejs"
    assert [i.kind for i in collection.items] == ["dataset", "collection", "space", "paper", "model"]
    (paper,) = collection.papers().values()
    assert paper.ref == "2510.04871" and paper.item_id == "690df2d0c9390ed6ab0f88b1" and paper.note == ""
    assert paper.title.startswith("Less is More")


def test_the_real_list_payload_and_whoami_parse() -> None:
    (summary,) = parse_collection_list(_real("collections_list_owner_huggingfacejs.json"))
    assert len(summary.items) == 4  # the list form cuts items to 4
    who = parse_whoami(_real("whoami-v2_user_token_hubjs-ci.json"))
    assert who.name == "hub.js" and who.role == "write" and who.can_write_collections is True


def test_note_objects_hostile_text_and_bad_ids_are_cleaned_on_the_way_in() -> None:
    payload = {
        "slug": "alice/x-690df2897fa1945492b8cf42", "owner": {"name": "alice"}, "title": "t\x1b[31m",
        "items": [
            {"_id": "690df2d0c9390ed6ab0f88b1", "type": "paper", "id": "2510.04871", "position": 0,
             "note": {"html": "<b>x</b>", "text": "see \x1b]52;c;ZXZpbA==\x07 this"}},
            {"_id": "690df2d0c9390ed6ab0f88b2", "type": "paper", "id": "../../etc", "position": 1},
            {"_id": "not-an-id", "type": "paper", "id": "2510.04872"},
        ],
    }
    collection = parse_collection(payload)
    assert collection.title == "t"
    assert list(collection.papers()) == ["2510.04871"]
    assert collection.papers()["2510.04871"].note == "see  this"


def test_slugs_urls_titles_and_cut_notes() -> None:
    slug = "huggingfacejs/test-collection-690df2897fa1945492b8cf42"
    assert parse_slug(slug) == slug
    assert parse_slug(f"https://huggingface.co/collections/{slug}?x=1") == slug
    assert parse_slug("alice/no-id") is None and parse_slug("a/b/../c-690df2897fa1945492b8cf42") is None
    assert len(short_title("x" * 80)) == 60
    long = "word " * 200
    sent = cut_note(long)
    assert len(sent) <= NOTE_LIMIT and sent.endswith(CUT_MARKER) and cut_note("short") == "short"


def test_fine_grained_and_read_only_tokens_are_explained() -> None:
    read = parse_whoami(collections_routes.whoami_body("bob", "read"))
    assert read.can_write_collections is False and "cannot change them" in read.explain()
    fine = parse_whoami(collections_routes.whoami_body("bob", "fineGrained", fine_grained={
        "scoped": [{"entity": {"_id": "x", "type": "user"}, "permissions": ["repo.content.read"]}]}))
    assert fine.can_write_collections is False
    writer = parse_whoami(collections_routes.whoami_body("bob", "fineGrained", fine_grained={
        "scoped": [{"entity": {"_id": "x", "type": "user"}, "permissions": ["collection.write"]}]}))
    assert writer.can_write_collections is True


@pytest.fixture
def hub(fake_server: FakeServer) -> CollectionsState:
    state = collections_routes.install(fake_server)
    state.add_user(TOKEN, "alice")
    state.add_user("hf_readonlytoken_0123456789", "alice", role="read")
    return state


def _client(server: FakeServer, token: str | None = TOKEN, **kw: object) -> CollectionsClient:
    return CollectionsClient(server.url, token, retry=RetryPolicy(attempts=3, base_delay=0.01), **kw)  # type: ignore[arg-type]


async def test_create_409_add_409_unknown_paper_note_fallback_and_delete(
    fake_server: FakeServer, hub: CollectionsState
) -> None:
    paper = fake_server.hub.all_items()[0]["paper"]["id"]
    client = _client(fake_server)
    try:
        created = await client.create("alice", "Bookmarks (papers-tui)")
        assert not created.existed and created.collection.private
        again = await client.create("alice", "Bookmarks (papers-tui)")
        assert again.existed and again.collection.slug == created.collection.slug  # the 409 body's slug
        slug = created.collection.slug
        updated = await client.add_paper(slug, paper, "first note")
        assert updated is not None and updated.papers()[paper].note == "first note"
        assert await client.add_paper(slug, paper) is None  # 409: already there, not an error
        with pytest.raises(PaperUnknownError):
            await client.add_paper(slug, "2501.99999")
        item_id = updated.papers()[paper].item_id
        hub.patch_item_supported = False  # the 2026 spec only lists the batch route
        assert await client.set_note(slug, item_id, "second note")
        assert hub.papers_in(slug) == {paper: "second note"}
        assert ("POST", f"/api/collections/{slug}/items/batch") in hub.writes
        assert await client.remove_item(slug, item_id) is True
        assert await client.remove_item(slug, item_id) is False  # 404: already gone
        del hub.collections[slug[-24:]]
        with pytest.raises(CollectionGoneError, match="gone"):
            await client.get(slug)
    finally:
        await client.aclose()


async def test_token_refusals_never_show_the_token(fake_server: FakeServer, hub: CollectionsState) -> None:
    bad = _client(fake_server, "hf_wrongtoken_0123456789")
    readonly = _client(fake_server, "hf_readonlytoken_0123456789")
    try:
        with pytest.raises(HttpStatusError) as refused:
            await bad.whoami()
        assert refused.value.status == 401 and "papers-tui login" in str(refused.value)
        with pytest.raises(HttpStatusError) as forbidden:
            await readonly.create("alice", "x")
        assert forbidden.value.status == 403 and "read-only" in str(forbidden.value)
        for error in (refused.value, forbidden.value):
            assert "hf_" not in str(error)
    finally:
        await bad.aclose()
        await readonly.aclose()
    sent = [r.headers.get("authorization", "") for r in fake_server.requests]
    assert all(h.startswith("Bearer hf_") for h in sent)  # only ever to this endpoint


async def test_rate_limits_wait_like_the_rest_of_the_app_then_give_up(
    fake_server: FakeServer, hub: CollectionsState
) -> None:
    waits: list[float] = []
    client = _client(fake_server, on_retry=lambda reason, seconds: waits.append(seconds))
    try:
        fake_server.fail("/api/collections", rate_limited(0.02))
        created = await client.create("alice", "Reading")
        assert created.collection.title == "Reading" and waits == [0.02]
        fake_server.fail("/api/collections", rate_limited(900))
        with pytest.raises(RateLimitedError) as limited:
            await client.add_paper(created.collection.slug, "2503.00903")
        assert limited.value.retry_after == 900
    finally:
        await client.aclose()


async def test_writes_are_never_redirected_and_offline_sends_nothing(fake_server: FakeServer) -> None:
    from tests.fakes.base import FakeResponse

    collections_routes.install(fake_server).add_user(TOKEN, "alice")
    fake_server.fail("/api/collections", FakeResponse(307, b"", {"Location": "http://example.invalid/steal"}))
    client = _client(fake_server)
    offline = CollectionsClient(fake_server.url, TOKEN, offline=True)
    try:
        with pytest.raises(Exception, match="redirected a write"):
            await client.create("alice", "x")
        before = len(fake_server.requests)
        with pytest.raises(OfflineError):
            await offline.create("alice", "x")
        assert len(fake_server.requests) == before
    finally:
        await client.aclose()
        await offline.aclose()


async def test_a_read_redirected_to_another_origin_does_not_carry_the_token(fake_server: FakeServer) -> None:
    from tests.fakes.base import FakeResponse

    state = collections_routes.install(fake_server)
    state.add_user(TOKEN, "alice")
    other = FakeServer().start()
    try:
        collections_routes.install(other)
        slug = "alice/x-690df2897fa1945492b8cf42"
        fake_server.fail("/api/collections/", FakeResponse(302, b"", {"Location": f"{other.url}/api/collections/{slug}"}))
        client = _client(fake_server)
        try:
            with pytest.raises(CollectionGoneError):
                await client.get(slug)
        finally:
            await client.aclose()
        (seen,) = other.requests_to(f"/api/collections/{slug}")
        assert "authorization" not in seen.headers
    finally:
        other.stop()


async def test_a_renamed_collection_keeps_syncing_under_its_new_slug(
    fake_server: FakeServer, hub: CollectionsState
) -> None:
    client = _client(fake_server)
    try:
        created = (await client.create("alice", "Old title")).collection
        live = hub.by_slug(created.slug)
        assert live is not None
        live["title"], live["slug"] = "New title", f"alice/new-title-{created.object_id}"
        renamed = await client.get(created.slug)  # the old slug still answers
        assert renamed.slug == f"alice/new-title-{created.object_id}" and renamed.object_id == created.object_id
    finally:
        await client.aclose()


async def test_a_write_cut_after_it_was_sent_is_not_repeated(fake_server: FakeServer, hub: CollectionsState) -> None:
    from tests.fakes.server import cut
    from tui.services.errors import WriteInterruptedError

    client = _client(fake_server)
    try:
        slug = (await client.create("alice", "Cut")).collection.slug
        items = f"/api/collections/{slug}/items"
        fake_server.fail(items, cut(b'{"slug": "al'))
        with pytest.raises(WriteInterruptedError, match="next sync checks"):
            await client.add_paper(slug, fake_server.hub.all_items()[0]["paper"]["id"])
        assert len(fake_server.requests_to(items)) == 1  # sent once, never retried blindly
    finally:
        await client.aclose()
