"""Hugging Face collections: read, create, add / remove papers, edit notes (no Textual).

Every request goes through the one HTTP layer, :class:`~tui.services.net.http.HttpService`
(retries, rate limits, caps, deadlines; writes through its subclass
:class:`~tui.services.net.http_write.WriteHttpService`, which never follows a redirect),
to the one endpoint given (``HF_ENDPOINT``); the token is a credential bound to
that origin, so it is sent nowhere else. Endpoints: ``/work/shared/API-NOTES-2.md`` section 3.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.services.errors import BadResponseError, HttpStatusError, NotFoundError, OfflineError
from tui.services.net.collections_auth import WhoAmI, parse_whoami
from tui.services.net.collections_parse import (
    DESCRIPTION_LIMIT,
    NOTE_LIMIT,
    Collection,
    existing_slug,
    parse_collection,
    parse_collection_list,
    parse_slug,
    short_title,
)
from tui.services.net.http import Limits, RetryNotice, RetryPolicy
from tui.services.net.http_write import WriteHttpService
from tui.services.sanitize import clean_line

SERVICE = "Hugging Face"

if TYPE_CHECKING:
    import httpx


class CollectionGoneError(NotFoundError):
    """The linked collection no longer exists (deleted on the website) or is no longer visible."""


class PaperUnknownError(NotFoundError):
    """Hugging Face refused a paper it has not indexed (404 on add)."""


@dataclass(frozen=True, slots=True)
class Created:
    collection: Collection
    existed: bool
    """True when the Hub answered 409: a collection with that title was already there."""


class CollectionsClient:
    """Async client for ``/api/collections`` and ``/api/whoami-v2``.

    Args:
        base_url: The Hub endpoint (``HF_ENDPOINT``).
        token: The user's token; None allows only reads of public collections.
        offline: Refuse every request (``--offline``).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        offline: bool = False,
        retry: RetryPolicy | None = None,
        limits: Limits | None = None,
        timeout: float = 15.0,
        on_retry: RetryNotice | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.offline = offline
        self.has_token = bool(token)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = WriteHttpService(
            self.base_url, service=SERVICE, credentials=headers, timeout=timeout, retry=retry, limits=limits,
            offline=offline, on_retry=on_retry, transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    def web_url(self, slug: str) -> str:
        """``huggingface.co/collections/owner/title-id`` (scheme dropped, for messages)."""
        host = self.base_url.split("://", 1)[-1]
        return f"{host}/collections/{slug}"

    # -- reads ------------------------------------------------------------------

    async def whoami(self) -> WhoAmI:
        try:
            payload = await self._http.get_json("/api/whoami-v2", what="who you are")
        except HttpStatusError as error:
            if error.status == 401:
                raise HttpStatusError(
                    f"{SERVICE} rejected the token (401): it is wrong, expired or revoked; run papers-tui login",
                    status=401, service=SERVICE,
                ) from None
            raise
        try:
            return parse_whoami(payload)
        except ValueError as error:
            raise BadResponseError(str(error)) from None

    async def get(self, slug: str) -> Collection:
        """The whole collection (every item).

        Raises:
            CollectionGoneError: 404 (deleted, or private to someone else).
        """
        try:
            payload = await self._http.get_json(f"/api/collections/{_path(slug)}", what=f"collection {slug}")
        except NotFoundError:
            raise CollectionGoneError(
                f"the collection {slug} is gone (deleted on the website, or not visible to this token)",
                status=404, service=SERVICE,
            ) from None
        return parse_collection(payload)

    async def find(self, owner: str, title: str) -> Collection | None:
        """The owner's collection titled exactly *title*, read in full; None when there is none."""
        params = {"owner": owner, "q": title, "limit": 100, "sort": "lastModified"}
        payload = await self._http.get_json("/api/collections", params, what="your collections")
        for summary in parse_collection_list(payload):
            if summary.title == title and summary.owner == owner:
                return await self.get(summary.slug)
        return None

    # -- writes -----------------------------------------------------------------

    async def _send(
        self, method: str, path: str, body: Any = None, *, expected: tuple[int, ...] = (), what: str = ""
    ) -> tuple[int, Any]:
        if self.offline:
            raise OfflineError("offline (--offline): no connection made", service=SERVICE)
        if not self.has_token:
            raise HttpStatusError(
                "changing a collection needs a Hugging Face token: run papers-tui login", status=401,
                service=SERVICE,
            )
        try:
            return await self._http.send_json(method, path, body, expected=expected, what=what)
        except HttpStatusError as error:
            raise _write_refused(error, what) from None

    async def create(self, namespace: str, title: str, *, description: str = "", private: bool = True) -> Created:
        """A new (private by default) collection; a 409 gives back the one already there."""
        body: dict[str, Any] = {"title": short_title(title), "namespace": namespace, "private": private}
        if description:
            body["description"] = description[:DESCRIPTION_LIMIT]
        status, answer = await self._send("POST", "/api/collections", body, expected=(409,), what="a new collection")
        if status == 409:
            slug = existing_slug(answer)
            if slug is None:
                raise BadResponseError(f"{SERVICE} says the collection exists but did not say which one")
            return Created(await self.get(slug), existed=True)
        return Created(parse_collection(answer), existed=False)

    async def add_paper(self, slug: str, paper_id: str, note: str = "") -> Collection | None:
        """Add a paper; the updated collection, or None when it was already there (409).

        Raises:
            PaperUnknownError: Hugging Face has not indexed the paper.
            CollectionGoneError: the collection was deleted.
        """
        body: dict[str, Any] = {"item": {"type": "paper", "id": paper_id}}
        if note:
            body["note"] = note[:NOTE_LIMIT]
        status, answer = await self._send(
            "POST", f"/api/collections/{_path(slug)}/items", body, expected=(404, 409), what=f"paper {paper_id}"
        )
        if status == 409:
            return None
        if status == 404:
            await self.get(slug)  # raises CollectionGoneError when the collection is what is missing
            raise PaperUnknownError(f"{SERVICE} does not know paper {paper_id}", status=404, service=SERVICE)
        try:
            return parse_collection(answer)
        except BadResponseError:
            return None  # applied; the sync re-reads the collection anyway

    async def set_note(self, slug: str, item_id: str, note: str) -> bool:
        """Change an item's note; False when the item is gone. PATCH, else the batch route."""
        path = f"/api/collections/{_path(slug)}/items/{_path(item_id)}"
        body = {"note": note[:NOTE_LIMIT]}
        status, _ = await self._send("PATCH", path, body, expected=(404, 405), what="a note")
        if status < 300:
            return True
        batch = [{"action": "update", "_id": item_id, "data": body}]
        status, _ = await self._send(
            "POST", f"/api/collections/{_path(slug)}/items/batch", batch, expected=(404,), what="a note"
        )
        return status < 300

    async def remove_item(self, slug: str, item_id: str) -> bool:
        """Remove an item by its ``_id``; False when it was already gone (404)."""
        status, _ = await self._send(
            "DELETE", f"/api/collections/{_path(slug)}/items/{_path(item_id)}", expected=(404,), what="an item"
        )
        return status < 300


def _write_refused(error: HttpStatusError, what: str) -> HttpStatusError:
    """401 / 403 on a write, said in terms of what the user can do about it."""
    about = f" for {what}" if what else ""
    if error.status == 401:
        message = f"{SERVICE} rejected the token (401){about}; run papers-tui login"
    elif error.status == 403:
        message = (
            f"{SERVICE} refused the change (403){about}: the token cannot write here (a read-only token, "
            "a collection owned by someone else, or no write role in that organisation); see papers-tui whoami"
        )
    else:
        return error
    return HttpStatusError(clean_line(message), status=error.status, service=SERVICE)


def _path(value: str) -> str:
    """A slug or id, safe in a URL path (slashes between owner and title kept)."""
    if parse_slug(value) == value:
        owner, _, rest = value.partition("/")
        return f"{quote(owner, safe='')}/{quote(rest, safe='')}"
    return quote(value, safe="")
