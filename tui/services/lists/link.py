"""Linking a reading list to a collection: an existing one by slug, or a new private one."""

from __future__ import annotations

from dataclasses import dataclass

from tui.services.errors import ServiceError
from tui.services.lists.session import SyncSession
from tui.services.net.collections_client import CollectionGoneError
from tui.services.net.collections_parse import Collection, parse_slug, short_title
from tui.services.storage.list_sync_state import Link


class LinkError(Exception):
    """Why the list cannot be linked (one line, ready to show)."""


@dataclass(frozen=True, slots=True)
class Linked:
    name: str
    link: Link
    collection: Collection
    created: bool
    """A new collection was made (False: an existing one, maybe found through a 409)."""


def default_title(name: str) -> str:
    return short_title(f"{name.capitalize()} (papers-tui)")


async def _is_gone(sync: SyncSession, link: Link) -> bool:
    try:
        await sync.client.get(link.slug)
    except CollectionGoneError:
        return True
    except ServiceError:
        return False
    return False


async def link_list(
    sync: SyncSession, name: str, *, slug_text: str | None = None, title: str | None = None, public: bool = False
) -> Linked:
    """Link list *name* to the collection *slug_text*, or to a new one when it is None.

    A list already linked to a collection that still exists is refused (unlink
    first); one whose collection was deleted is re-linked (the base starts empty,
    so the next sync only adds: nothing is removed on either side).

    Raises:
        LinkError: with the reason.
    """
    if sync.token is None:
        raise LinkError("linking needs a Hugging Face token: run papers-tui login (or set HF_TOKEN)")
    existing = sync.state.link_of(name)
    try:
        if slug_text is not None:
            slug = parse_slug(slug_text)
            if slug is None:
                raise LinkError(f"not a collection slug or URL: {slug_text.strip()[:120]!r} "
                                "(expected owner/title-<24 hex id>)")
            collection, created = await sync.client.get(slug), False
        else:
            if existing is not None and not await _is_gone(sync, existing):
                raise LinkError(f"{name} is already linked to {existing.url}; papers-tui lists unlink {name} first")
            who = await sync.client.whoami()
            result = await sync.client.create(
                who.name, short_title(title) if title else default_title(name),
                description="Reading list synced by papers-tui", private=not public,
            )
            collection, created = result.collection, not result.existed
    except ServiceError as error:
        raise LinkError(str(error)) from None
    other = sync.state.linked_to(collection.slug)
    if other is not None and other != name:
        raise LinkError(f"{sync.client.web_url(collection.slug)} is already linked to the list {other}")
    moving = slug_text is not None and existing is not None and existing.collection_id != collection.object_id
    if moving and existing is not None and not await _is_gone(sync, existing):
        raise LinkError(f"{name} is already linked to {existing.url}; papers-tui lists unlink {name} first")
    if existing is not None and existing.collection_id == collection.object_id:
        return Linked(name, existing, collection, created=False)  # linking again changes nothing
    link = Link(slug=collection.slug, owner=collection.owner, url=sync.client.web_url(collection.slug))
    sync.state.links[name] = link
    sync.state.save()
    return Linked(name, link, collection, created)
