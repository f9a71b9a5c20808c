"""Hugging Face collections and whoami-v2 for the loopback fake.

Shapes follow the real recorded payloads in
``/work/shared/real-payloads/hf-collections/`` (API-NOTES-2.md section 3): a
paper item carries ``_id``, ``id``, ``position``, ``publishedAt``,
``thumbnailUrl``, ``title``, ``type``, ``upvotes`` and a note object
``{html, text}``; the list form drops ``position``/``shareUrl`` and cuts items
to 4; a 409 on create carries the existing ``slug``; PATCH answers
``{"data": ...}``. Install with ``install(server)``.

Test hooks on :class:`CollectionsState`: ``unknown_papers`` (404 on add),
``patch_item_supported`` (False: 405, so the client falls back to the batch
route), ``cut_after_apply`` (apply a write, then cut the connection: the
client cannot know it landed), ``before_write`` (a callable run before each
write: someone editing the collection on the website mid-sync).
"""

from __future__ import annotations

import copy
import html
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fakes.base import FakeRequest, FakeResponse

if TYPE_CHECKING:
    from tests.fakes.server import FakeServer

PREFIXES = ("/api/collections", "/api/whoami-v2")
CUT_HEADER = "X-Fake-Fault"  # the server's transport-fault marker (see tests/fakes/server.py)
_ITEM_PATH = re.compile(r"^/api/collections/([^/]+/[^/]+)/items(?:/(batch|[0-9a-f]{24}))?$")
_COLLECTION_PATH = re.compile(r"^/api/collections/([^/]+/[^/]+)$")


def whoami_body(name: str, role: str = "write", fine_grained: dict[str, Any] | None = None) -> dict[str, Any]:
    """The real whoami-v2 shape (see whoami-v2_user_token_hubjs-ci.json)."""
    token: dict[str, Any] = {"createdAt": "2026-01-01T00:00:00.000Z", "displayName": f"{name}-token", "role": role}
    if fine_grained is not None:
        token["fineGrained"] = fine_grained
    return {
        "type": "user", "id": "62f264b9f3c90f4b6514a269", "name": name, "fullname": name.title(),
        "email": "someone@example.invalid", "emailVerified": True, "canPay": False, "isPro": False,
        "periodEnd": None, "avatarUrl": "/avatars/x.svg", "billingMode": "postpaid", "orgs": [],
        "auth": {"type": "access_token", "accessToken": token},
    }


@dataclass
class CollectionsState:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Token -> whoami-v2 body."""
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    """24-hex collection id -> full collection (as GET answers it)."""
    known_papers: Callable[[str], dict[str, Any] | None] = lambda _id: None
    """arXiv id -> the Hub's paper object, or None when the Hub has not indexed it."""
    unknown_papers: set[str] = field(default_factory=set)
    patch_item_supported: bool = True
    cut_after_apply: list[tuple[str, str]] = field(default_factory=list)
    """(method, path prefix) pairs: the next matching write is applied, then its connection cut."""
    before_write: Callable[[FakeRequest], None] | None = None
    writes: list[tuple[str, str]] = field(default_factory=list)
    """Every write that was applied: (method, path)."""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add_user(self, token: str, name: str, role: str = "write", **extra: Any) -> None:
        self.users[token] = whoami_body(name, role, **extra)

    def new_id(self) -> str:
        return f"{0x690df2897fa1945400000000 + next(self._ids):024x}"

    def by_slug(self, slug: str) -> dict[str, Any] | None:
        """Renames keep the trailing id, and both slugs keep working: look up by the id."""
        return self.collections.get(slug[-24:])

    def papers_in(self, slug: str) -> dict[str, str]:
        """arXiv id -> note text of a collection's paper items (for assertions)."""
        found = self.by_slug(slug) or {"items": []}
        return {i["id"]: (i.get("note") or {}).get("text", "") for i in found["items"] if i["type"] == "paper"}

    def add_paper_item(self, slug: str, paper_id: str, note: str = "") -> dict[str, Any]:
        """Add a paper as the website would (also used by tests to play the other user)."""
        collection = self.by_slug(slug)
        assert collection is not None
        paper = self.known_papers(paper_id) or {}
        item: dict[str, Any] = {
            "_id": self.new_id(), "id": paper_id, "isUpvotedByUser": False, "position": len(collection["items"]),
            "publishedAt": paper.get("publishedAt", "2025-10-06T14:58:08.000Z"),
            "thumbnailUrl": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png",
            "title": paper.get("title", f"Paper {paper_id}"), "type": "paper", "upvotes": paper.get("upvotes", 0),
        }
        if note:
            item["note"] = _note(note)
        collection["items"].append(item)
        return item

    def set_note(self, slug: str, paper_id: str, note: str) -> None:
        for item in (self.by_slug(slug) or {"items": []})["items"]:
            if item["id"] == paper_id:
                item["note"] = _note(note)

    def remove_paper(self, slug: str, paper_id: str) -> None:
        collection = self.by_slug(slug)
        assert collection is not None
        collection["items"] = [i for i in collection["items"] if i["id"] != paper_id]
        _renumber(collection)


def install(server: FakeServer) -> CollectionsState:
    """Register the routes on *server* (once) and return their state (``server.collections``)."""
    existing = getattr(server, "collections", None)
    if isinstance(existing, CollectionsState):
        return existing
    state = CollectionsState()

    def known(paper_id: str) -> dict[str, Any] | None:
        if paper_id in state.unknown_papers:
            return None
        if paper_id in server.hub.papers:
            return dict(server.hub.papers[paper_id])
        for item in server.hub.all_items():
            paper = item.get("paper")
            if isinstance(paper, dict) and paper.get("id") == paper_id:
                return paper
        return None

    state.known_papers = known
    server.collections = state  # type: ignore[attr-defined]
    server.handlers.append(lambda request: handle(request, state))
    return state


def handle(request: FakeRequest, state: CollectionsState) -> FakeResponse | None:
    path = request.path
    if not any(path == p or path.startswith(p + "/") for p in PREFIXES):
        return None
    user = _user(request, state)
    if path == "/api/whoami-v2":
        if user is None:
            return _error(401, "Invalid credentials in Authorization header")
        return FakeResponse.json(user)
    if request.method != "GET":
        if user is None:
            return _error(401, "Invalid credentials in Authorization header")
        if user["auth"]["accessToken"]["role"] == "read":
            return _error(403, "You don't have the rights to perform this action")
        if state.before_write is not None:
            state.before_write(request)
        response = _write(request, state, user)
        if response.status < 300:
            state.writes.append((request.method, path))
            for index, (method, prefix) in enumerate(state.cut_after_apply):
                if method == request.method and path.startswith(prefix):
                    del state.cut_after_apply[index]
                    return FakeResponse(200, response.body[:20], {CUT_HEADER: "cut:4096"})
        return response
    if path == "/api/collections":
        return _list(request, state, user)
    match = _COLLECTION_PATH.match(path)
    if match:
        collection = _visible(state, match.group(1), user)
        return FakeResponse.json(collection) if collection else _error(404, "Collection not found")
    return _error(404, "Not Found")


def _write(request: FakeRequest, state: CollectionsState, user: dict[str, Any]) -> FakeResponse:
    path, body = request.path, request.json_body()
    if path == "/api/collections" and request.method == "POST":
        return _create(state, user, body)
    item_match = _ITEM_PATH.match(path)
    target = item_match.group(1) if item_match else (_COLLECTION_PATH.match(path) or [None, None])[1]
    collection = _visible(state, target, user) if target else None
    if collection is None:
        return _error(404, "Collection not found")
    if collection["owner"]["name"] != user["name"]:
        return _error(403, "You don't have the rights to perform this action")
    live = state.collections[collection["slug"][-24:]]
    if item_match is None:
        if request.method == "DELETE":
            del state.collections[live["slug"][-24:]]
            return FakeResponse.json({"success": True})
        if request.method == "PATCH" and isinstance(body, dict):
            if isinstance(body.get("title"), str):
                live["title"] = body["title"]
                live["slug"] = f"{live['owner']['name']}/{_slugify(body['title'])}-{live['slug'][-24:]}"
            return FakeResponse.json({"data": live})
        return _error(400, "Bad request")
    sub = item_match.group(2)
    if sub is None and request.method == "POST":
        return _add_item(state, live, body)
    if sub == "batch" and request.method == "POST":
        if not isinstance(body, list):
            return _error(400, "Bad request")
        for action in body:
            item = _item(live, action.get("_id", ""))
            if item is None:
                return _error(404, "Item not found")
            if isinstance(action.get("data", {}).get("note"), str):
                item["note"] = _note(action["data"]["note"])
        return FakeResponse.json(live)
    item = _item(live, sub or "")
    if request.method == "PATCH":
        if not state.patch_item_supported:
            return _error(405, "Method Not Allowed")
        if item is None:
            return _error(404, "Item not found")
        note = body.get("note") if isinstance(body, dict) else None
        if isinstance(note, str):
            if len(note) > 500:
                return _error(400, "note must be at most 500 characters")
            item["note"] = _note(note)
        return FakeResponse.json({"success": True})
    if request.method == "DELETE":
        if item is None:
            return _error(404, "Item not found")
        live["items"].remove(item)
        _renumber(live)
        return FakeResponse(204, b"", {})
    return _error(405, "Method Not Allowed")


def _create(state: CollectionsState, user: dict[str, Any], body: Any) -> FakeResponse:
    if not isinstance(body, dict) or not isinstance(body.get("title"), str) or not 1 <= len(body["title"]) <= 60:
        return _error(400, "title must be 1 to 60 characters")
    namespace = body.get("namespace")
    if namespace != user["name"]:
        return _error(403, "You don't have the rights to create collections in this namespace")
    for existing in state.collections.values():
        if existing["owner"]["name"] == namespace and existing["title"] == body["title"]:
            return FakeResponse.json(
                {"error": "Collection already exists", "slug": existing["slug"]}, status=409
            )
    object_id = state.new_id()
    slug = f"{namespace}/{_slugify(body['title'])}-{object_id}"
    collection = {
        "slug": slug, "title": body["title"], "description": str(body.get("description") or ""),
        "gating": False, "lastUpdated": "2026-12-01T20:00:00.000Z",
        "owner": {"_id": "6414d83b385a75d7790d5a58", "avatarUrl": "/avatars/x.svg", "fullname": user["fullname"],
                  "name": namespace, "type": "user", "isHf": False, "isHfAdmin": False, "isMod": False,
                  "isUserFollowing": False},
        "items": [], "theme": "pink", "private": body.get("private") is True, "position": 0,
        "shareUrl": f"https://hf.co/collections/{slug}", "upvotes": 0, "isUpvotedByUser": False,
    }
    state.collections[object_id] = collection
    return FakeResponse.json(collection)


def _add_item(state: CollectionsState, live: dict[str, Any], body: Any) -> FakeResponse:
    spec = body.get("item") if isinstance(body, dict) else None
    if not isinstance(spec, dict) or spec.get("type") != "paper" or not isinstance(spec.get("id"), str):
        return _error(400, "Bad request")
    note = body.get("note", "")
    if not isinstance(note, str) or len(note) > 500:
        return _error(400, "note must be at most 500 characters")
    if any(i["type"] == "paper" and i["id"] == spec["id"] for i in live["items"]):
        return _error(409, "Item already in collection")
    if state.known_papers(spec["id"]) is None:
        return _error(404, f"Paper {spec['id']} not found")
    state.add_paper_item(live["slug"], spec["id"], note)
    return FakeResponse.json(live)


def _list(request: FakeRequest, state: CollectionsState, user: dict[str, Any] | None) -> FakeResponse:
    owner, q = request.query.get("owner"), request.query.get("q", "").lower()
    found = []
    for collection in state.collections.values():
        if _visible(state, collection["slug"], user) is None:
            continue
        if owner and collection["owner"]["name"] != owner:
            continue
        if q and q not in collection["title"].lower() and q not in collection["description"].lower():
            continue
        summary = {k: copy.deepcopy(v) for k, v in collection.items() if k not in ("position", "shareUrl")}
        summary["items"] = summary["items"][:4]
        found.append(summary)
    return FakeResponse.json(found)


def _visible(state: CollectionsState, slug: str | None, user: dict[str, Any] | None) -> dict[str, Any] | None:
    collection = state.by_slug(slug or "")
    if collection is None:
        return None
    if collection["private"] and (user is None or user["name"] != collection["owner"]["name"]):
        return None
    return collection


def _user(request: FakeRequest, state: CollectionsState) -> dict[str, Any] | None:
    header = request.headers.get("authorization", "")
    return state.users.get(header.removeprefix("Bearer ").strip()) if header.startswith("Bearer ") else None


def _item(collection: dict[str, Any], item_id: str) -> dict[str, Any] | None:
    return next((i for i in collection["items"] if i["_id"] == item_id), None)


def _note(text: str) -> dict[str, str]:
    return {"html": html.escape(text).replace("\n", "<br>"), "text": text}


def _renumber(collection: dict[str, Any]) -> None:
    for position, item in enumerate(collection["items"]):
        item["position"] = position


def _slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "collection"


def _error(status: int, message: str) -> FakeResponse:
    return FakeResponse.json({"error": message}, status=status)
