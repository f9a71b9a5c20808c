"""One retrying HTTP layer shared by every service client.

Retries 5xx and 429 with exponential backoff, honours the Hugging Face
``RateLimit: "api";r=0;t=40`` header and ``Retry-After``, caps bodies, and turns
every transport failure into a :mod:`tui.services.errors` type.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui import __version__
from tui.services.errors import (
    BadResponseError,
    HttpStatusError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    ServiceError,
    TimeoutServiceError,
)

if TYPE_CHECKING:  # httpx is imported on first request: an offline start never pays for it
    import httpx

USER_AGENT = f"papers-tui/{__version__} (+https://pypi.org/project/papers-tui/)"
MAX_BODY_BYTES = 20 * 1024 * 1024
_RATELIMIT_T = re.compile(r"\bt=(\d+(?:\.\d+)?)")

RetryNotice = Callable[[str, float], Awaitable[None] | None]
"""Called with (reason, seconds) before each wait, so the UI can say so."""


@dataclass(slots=True)
class RetryPolicy:
    attempts: int = 3
    """Total tries per request (1 = no retry)."""
    base_delay: float = 0.5
    max_delay: float = 60.0
    """A wait longer than this is not slept: the error goes to the caller."""


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Seconds to wait from ``RateLimit`` ``t=`` or ``Retry-After``, if given."""
    header = response.headers.get("ratelimit")
    if header:
        match = _RATELIMIT_T.search(header)
        if match:
            return float(match.group(1))
    retry_after = response.headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            return None
    return None


def _error_detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        return ""
    if isinstance(body, dict):
        for key in ("error", "message", "detail"):
            if isinstance(body.get(key), str):
                return str(body[key])[:200]
    return ""


class HttpService:
    """A thin retrying wrapper around one :class:`httpx.AsyncClient`."""

    def __init__(
        self,
        base_url: str,
        *,
        service: str,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        offline: bool = False,
        on_retry: RetryNotice | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.service = service
        self.retry = retry or RetryPolicy()
        self.offline = offline
        self.on_retry = on_retry
        self._headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self._timeout = (timeout, min(timeout, 5.0))
        self._transport = transport
        self._http: httpx.AsyncClient | None = None

    @property
    def _client(self) -> httpx.AsyncClient:
        # Built on first use: creating the SSL context costs ~35 ms, which an
        # offline start (or a view served from the cache) never needs to pay.
        if self._http is None:
            import httpx

            total, connect = self._timeout
            self._http = httpx.AsyncClient(
                base_url=self.base_url,
                headers=self._headers,
                timeout=httpx.Timeout(total, connect=connect),
                follow_redirects=True,
                transport=self._transport,
            )
        return self._http

    def set_timeout(self, seconds: float) -> None:
        """Change how long a request may take (connect at most 5 s of it)."""
        self._timeout = (seconds, min(seconds, 5.0))
        if self._http is not None:
            import httpx

            self._http.timeout = httpx.Timeout(seconds, connect=self._timeout[1])

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def __aenter__(self) -> HttpService:  # noqa: PYI034
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def get_json(self, path: str, params: dict[str, Any] | None = None, what: str = "") -> Any:
        response = await self.get(path, params, what=what)
        try:
            return json.loads(response.content)
        except (ValueError, UnicodeDecodeError) as error:
            raise BadResponseError(
                f"{self.service} sent malformed JSON{_for(what)}", service=self.service
            ) from error

    async def get_text(self, path: str, params: dict[str, Any] | None = None, what: str = "") -> str:
        response = await self.get(path, params, what=what)
        return response.content.decode(response.encoding or "utf-8", errors="replace")

    async def get(self, path: str, params: dict[str, Any] | None = None, *, what: str = "") -> httpx.Response:
        """GET with retries; raises a :class:`ServiceError` subclass on failure."""
        if self.offline:
            raise OfflineError("offline (--offline): no connection made", service=self.service)
        import httpx
        delay = self.retry.base_delay
        for attempt in range(1, self.retry.attempts + 1):
            last = attempt == self.retry.attempts
            try:
                response = await self._send(path, params)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if last:
                    raise OfflineError(f"offline: cannot reach {self.service}", service=self.service) from error
            except httpx.TimeoutException as error:
                if last:
                    raise TimeoutServiceError(
                        f"{self.service} did not answer in time{_for(what)}", service=self.service
                    ) from error
            except (httpx.RemoteProtocolError, httpx.ReadError) as error:
                if last:
                    raise BadResponseError(
                        f"{self.service} closed the connection mid-response{_for(what)}", service=self.service
                    ) from error
            except httpx.HTTPError as error:
                raise OfflineError(f"network error talking to {self.service}: {error}", service=self.service) from error
            else:
                status = response.status_code
                if status < 400:
                    return response
                if status == 429:
                    wait = retry_after_seconds(response)
                    wait = delay if wait is None else wait
                    if last or wait > self.retry.max_delay:
                        raise RateLimitedError(
                            f"{self.service} rate limited us; retry in {_seconds(wait)}",
                            retry_after=wait,
                            service=self.service,
                        )
                    await self._wait(f"rate limited, retrying in {_seconds(wait)}", wait)
                    delay = min(delay * 2, self.retry.max_delay)
                    continue
                if status >= 500 and not last:
                    pass  # retry below
                else:
                    raise _status_error(self.service, status, _error_detail(response), what)
            await self._wait(f"{self.service} failed, retrying in {_seconds(delay)}", delay)
            delay = min(delay * 2, self.retry.max_delay)
        raise ServiceError(f"{self.service}: gave up", service=self.service)  # pragma: no cover

    async def _send(self, path: str, params: dict[str, Any] | None) -> httpx.Response:
        request = self._client.build_request("GET", path, params=params)
        response = await self._client.send(request, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise BadResponseError(
                        f"{self.service} sent more than {MAX_BODY_BYTES // 2**20} MB; ignored",
                        service=self.service,
                    )
                chunks.append(chunk)
        finally:
            await response.aclose()
        response._content = b"".join(chunks)
        return response

    async def _wait(self, reason: str, seconds: float) -> None:
        if self.on_retry is not None:
            result = self.on_retry(reason, seconds)
            if asyncio.iscoroutine(result):
                await result
        await asyncio.sleep(seconds)


def _seconds(value: float) -> str:
    """``40 s`` for long waits, ``0.4 s`` for short ones (never a misleading ``0 s``)."""
    return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"


def _for(what: str) -> str:
    return f" for {what}" if what else ""


def _status_error(service: str, status: int, detail: str, what: str) -> HttpStatusError:
    suffix = f": {detail}" if detail else ""
    if status == 404:
        return NotFoundError(f"{service} has no {what or 'such item'} (404)", status=404, service=service)
    if status in (401, 403):
        return HttpStatusError(
            f"{service} refused access ({status}){_for(what)}; check your token", status=status, service=service
        )
    return HttpStatusError(f"{service} returned {status}{_for(what)}{suffix}", status=status, service=service)
