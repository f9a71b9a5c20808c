"""The write half of the Hugging Face API (POST / PATCH / DELETE) for collections.

:class:`~tui.services.http.HttpService` only reads (GET), and it belongs to
the HTTP hardening work, so writes live here and reuse its public pieces: the
retry policy, the ``RateLimit`` / ``Retry-After`` reading, the body cap and
the typed errors. Differences that matter for writes:

* redirects are never followed: the token goes to ``HF_ENDPOINT`` and nowhere else;
* a connection cut after the request went out is *not* retried (the server may
  have applied it); the sync engine finds out on its next read;
* statuses the caller expects (409 "already there", 404 "already gone") come
  back as a :class:`Reply` instead of an error.

Nothing here ever puts the token, or any header, into a message.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.services.errors import (
    BadResponseError,
    HttpStatusError,
    OfflineError,
    RateLimitedError,
    ServiceError,
)
from tui.services.http import MAX_BODY_BYTES, USER_AGENT, RetryNotice, RetryPolicy, retry_after_seconds
from tui.services.sanitize import clean_line

if TYPE_CHECKING:
    import httpx

SERVICE = "Hugging Face"
Sleep = Callable[[float], Awaitable[None]]


class WriteInterruptedError(BadResponseError):
    """The connection broke after a write was sent: it may or may not have been applied."""


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: Any
    """The parsed JSON body (None when empty or not JSON)."""
    retry_after: float | None = None
    """Seconds a 429 asked us to wait, when it said."""


def error_text(body: Any) -> str:
    """The server's ``error`` / ``message`` sentence, cleaned and short ("" if none)."""
    if isinstance(body, dict):
        for key in ("error", "message", "detail"):
            if isinstance(body.get(key), str):
                return clean_line(body[key])[:160]
    return ""


class HubWriter:
    """Sends JSON writes to one Hugging Face endpoint with the user's token."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 20.0,
        on_retry: RetryNotice | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.on_retry = on_retry
        self._token = token
        self._transport = transport
        self._sleep = sleep
        self._http: httpx.AsyncClient | None = None

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            import httpx

            self._http = httpx.AsyncClient(
                base_url=self.base_url,
                headers={
                    "User-Agent": USER_AGENT,
                    "Authorization": f"Bearer {self._token}",
                },
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0)),
                follow_redirects=False,
                transport=self._transport,
            )
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def send(
        self, method: str, path: str, body: Any = None, *, expected: Collection[int] = (), what: str = ""
    ) -> Reply:
        """One write, retried on 429 / 5xx / refused connections; 2xx or *expected* come back.

        Raises:
            ServiceError: a subclass saying what went wrong (never with the token in it).
        """
        delay = self.retry.base_delay
        for attempt in range(1, self.retry.attempts + 1):
            last = attempt == self.retry.attempts
            try:
                reply = await asyncio.wait_for(self._once(method, path, body, what), self.timeout * 2)
            except TimeoutError as error:
                raise WriteInterruptedError(
                    f"{SERVICE} did not answer in time{_for(what)}; it will be checked at the next sync"
                ) from error
            except OfflineError:
                if last:
                    raise
                await self._wait(f"cannot reach {SERVICE}, retrying in {delay:.1f} s", delay)
                delay = min(delay * 2, self.retry.max_delay)
                continue
            status = reply.status
            if status < 300 or status in expected:
                return reply
            if status == 429:
                wait = reply.retry_after if reply.retry_after is not None else delay
                if last or wait > self.retry.max_delay:
                    raise RateLimitedError(
                        f"{SERVICE} rate limited us; retry in {wait:.0f} s", retry_after=wait, service=SERVICE
                    )
                await self._wait(f"rate limited, retrying in {wait:.1f} s", wait)
                delay = min(delay * 2, self.retry.max_delay)
                continue
            if status >= 500 and not last:
                await self._wait(f"{SERVICE} failed, retrying in {delay:.1f} s", delay)
                delay = min(delay * 2, self.retry.max_delay)
                continue
            raise _status_error(status, reply.body, what)
        raise ServiceError(f"{SERVICE}: gave up")  # pragma: no cover

    async def _once(self, method: str, path: str, body: Any, what: str) -> Reply:
        import httpx

        client = self._client()
        content = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"} if content is not None else {}
        try:
            request = client.build_request(method, path, content=content, headers=headers)
        except httpx.InvalidURL as error:
            raise BadResponseError(f"not a valid {SERVICE} address{_for(what)}") from error
        try:
            response = await client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise OfflineError(f"offline: cannot reach {SERVICE}", service=SERVICE) from error
        except httpx.HTTPError as error:
            raise WriteInterruptedError(
                f"the connection to {SERVICE} broke{_for(what)}; it will be checked at the next sync"
            ) from error
        try:
            raw = await _capped(response)
        except httpx.HTTPError as error:
            raise WriteInterruptedError(
                f"{SERVICE} closed the connection mid-answer{_for(what)}; it will be checked at the next sync"
            ) from error
        finally:
            await response.aclose()
        if 300 <= response.status_code < 400:
            raise BadResponseError(f"{SERVICE} redirected a write{_for(what)}; not followed (check HF_ENDPOINT)")
        if response.status_code == 429:
            return Reply(429, None, retry_after_seconds(response))
        return Reply(response.status_code, _json(raw))

    async def _wait(self, reason: str, seconds: float) -> None:
        if self.on_retry is not None:
            result = self.on_retry(reason, seconds)
            if asyncio.iscoroutine(result):
                await result
        await self._sleep(seconds)


async def _capped(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BadResponseError(f"{SERVICE} sent more than {MAX_BODY_BYTES // 2**20} MB; ignored")
        chunks.append(chunk)
    return b"".join(chunks)


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _for(what: str) -> str:
    return f" for {what}" if what else ""


def _status_error(status: int, body: Any, what: str) -> HttpStatusError:
    detail = error_text(body)
    suffix = f" ({detail})" if detail else ""
    if status == 401:
        message = f"{SERVICE} rejected the token (401){_for(what)}; run papers-tui login"
    elif status == 403:
        message = (
            f"{SERVICE} refused the change (403){_for(what)}: the token cannot write here "
            "(a read-only token, a collection owned by someone else, or no write role in that "
            "organisation); see papers-tui whoami"
        )
    elif status == 404:
        message = f"{SERVICE} has no {what or 'such item'} (404)"
    else:
        message = f"{SERVICE} returned {status}{_for(what)}{suffix}"
    return HttpStatusError(message, status=status, service=SERVICE)
