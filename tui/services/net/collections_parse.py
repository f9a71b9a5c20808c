"""Hugging Face collection payloads -> plain dataclasses (pure, no I/O).

Shapes: ``/work/shared/API-NOTES-2.md`` section 3.3. A collection holds items
of many types (papers, models, datasets, Spaces, other collections); only
paper items matter for reading lists, the rest are kept opaque and never
touched. Every string from the network passes :mod:`tui.services.sanitize`
here, on the way in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tui.models import is_arxiv_id
from tui.services.errors import BadResponseError
from tui.services.sanitize import clean_block, clean_line

TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 150
NOTE_LIMIT = 500
CUT_MARKER = " […cut: full note kept in papers-tui]"
"""Appended to a note longer than :data:`NOTE_LIMIT` when it is sent cut."""

MAX_ITEMS = 10_000
"""No collection we sync may claim more items than this (a hostile body is refused)."""

_SLUG = re.compile(r"^([A-Za-z0-9][\w.\-]{0,95})/([\w.\-]{0,200}?-)?([0-9a-f]{24})$")
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:[\w.\-]+(?::\d+)?)?/?(?:collections/)?")
_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


@dataclass(frozen=True, slots=True)
class CollectionItem:
    """One item of a collection; ``kind`` is ``paper``, ``model``, ``collection`` ..."""

    item_id: str
    """The item's ``_id`` (24 hex): what PATCH and DELETE address."""
    kind: str
    ref: str
    """The item's ``id``: the bare arXiv id for a paper."""
    note: str = ""
    """The note's plain text (``note.text``), "" when none."""
    title: str = ""
    position: int = 0
    published_at: str = ""


@dataclass(frozen=True, slots=True)
class Collection:
    slug: str
    title: str
    owner: str
    private: bool
    items: tuple[CollectionItem, ...] = field(default_factory=tuple)
    description: str = ""

    @property
    def object_id(self) -> str:
        """The trailing 24-hex id, stable across renames."""
        return self.slug[-24:]

    def papers(self) -> dict[str, CollectionItem]:
        """arXiv id -> paper item (the first one when the web UI let a paper in twice)."""
        found: dict[str, CollectionItem] = {}
        for item in sorted(self.items, key=lambda i: i.position):
            if item.kind == "paper" and item.ref not in found:
                found[item.ref] = item
        return found


def parse_slug(text: str) -> str | None:
    """``owner/title-<24 hex>`` from a slug or a collection URL; None when it is not one."""
    value = text.strip()
    if "://" in value or value.startswith(("huggingface.co", "hf.co")):
        value = _URL_PREFIX.sub("", value, count=1)
    value = value.split("?", 1)[0].split("#", 1)[0].strip("/")
    return value if _SLUG.match(value) else None


def cut_note(note: str) -> str:
    """*note* as the collection can hold it: whole when short, else cut with :data:`CUT_MARKER`."""
    if len(note) <= NOTE_LIMIT:
        return note
    return note[: NOTE_LIMIT - len(CUT_MARKER)].rstrip() + CUT_MARKER


def short_title(name: str) -> str:
    """A collection title (1..60 characters) for a list called *name*."""
    title = clean_line(name) or "papers-tui reading list"
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1].rstrip() + "…"


def parse_collection(payload: object) -> Collection:
    """A Collection from ``GET /api/collections/{slug}``, create, add-item or a PATCH's ``data``.

    Raises:
        BadResponseError: not a collection object (no valid slug).
    """
    if isinstance(payload, dict) and isinstance(payload.get("data"), dict) and "slug" not in payload:
        payload = payload["data"]
    if not isinstance(payload, dict):
        raise BadResponseError("Hugging Face sent something that is not a collection")
    slug = payload.get("slug")
    if not isinstance(slug, str) or parse_slug(slug) != slug:
        raise BadResponseError("Hugging Face sent a collection without a valid slug")
    raw_items = payload.get("items")
    items: list[CollectionItem] = []
    if isinstance(raw_items, list):
        if len(raw_items) > MAX_ITEMS:
            raise BadResponseError(f"Hugging Face sent more than {MAX_ITEMS:,} items in one collection")
        for raw in raw_items:
            item = _item(raw)
            if item is not None:
                items.append(item)
    owner = payload.get("owner")
    owner_name = owner.get("name") if isinstance(owner, dict) else owner
    return Collection(
        slug=slug,
        title=clean_line(_str(payload.get("title")))[:200],
        owner=clean_line(_str(owner_name))[:100],
        private=payload.get("private") is True,
        items=tuple(items),
        description=clean_line(_str(payload.get("description")))[:400],
    )


def parse_collection_list(payload: object) -> list[Collection]:
    """The bare array of ``GET /api/collections`` (each one's items cut to 4 by the Hub)."""
    if not isinstance(payload, list):
        raise BadResponseError("Hugging Face sent a collection list that is not a list")
    found = []
    for raw in payload[:1000]:
        try:
            found.append(parse_collection(raw))
        except BadResponseError:
            continue
    return found


def existing_slug(payload: object) -> str | None:
    """The slug a 409 on create names (``{"slug": ...}``), when valid."""
    if isinstance(payload, dict):
        slug = payload.get("slug")
        if isinstance(slug, str) and parse_slug(slug) == slug:
            return slug
    return None


def _item(raw: object) -> CollectionItem | None:
    if not isinstance(raw, dict):
        return None
    item_id = raw.get("_id")
    kind = raw.get("type")
    ref = raw.get("id")
    if not (isinstance(item_id, str) and _OBJECT_ID.match(item_id)) or not isinstance(kind, str):
        return None
    if not isinstance(ref, str):
        return None
    if kind == "paper" and not is_arxiv_id(ref):
        return None  # never let a malformed id reach a URL path or the library
    note = raw.get("note")
    text = note.get("text") if isinstance(note, dict) else note if isinstance(note, str) else None
    position = raw.get("position")
    return CollectionItem(
        item_id=item_id,
        kind=clean_line(kind)[:20],
        ref=clean_line(ref)[:200],
        note=clean_block(_str(text))[: NOTE_LIMIT * 4],
        title=clean_line(_str(raw.get("title")))[:500],
        position=position if isinstance(position, int) and not isinstance(position, bool) else 0,
        published_at=clean_line(_str(raw.get("publishedAt")))[:40],
    )


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
