"""One retrying HTTP layer shared by every service client.

Retries 5xx and 429 with exponential backoff, honours the Hugging Face
``RateLimit: "api";r=0;t=40`` header and ``Retry-After``, caps bodies, and turns
every transport failure into a :mod:`tui.services.errors` type.

A hostile server gets nothing through:

- every JSON answer passes :func:`~tui.services.sanitize.clean_json` (the one
  gate) and may nest at most 64 levels; error bodies are cleaned too;
- one request (connect, headers, body, redirects) has an overall deadline, and
  a :func:`phase` (a whole paged listing, an author profile) has another, with
  a byte budget: a server trickling one byte a second ends with a message;
- redirects are followed by hand: only to ``http``/``https``, and credentials
  (``HF_TOKEN``, ``S2_API_KEY``) only ever go to the origin they belong to.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

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
from tui.services.net.deadlines import MAX_BODY_BYTES, Limits, current_phase, origin, phase
from tui.services.sanitize import TooDeepError, clean_json, clean_line

__all__ = ["MAX_BODY_BYTES", "HttpService", "Limits", "RetryPolicy", "ServiceClient", "origin", "phase"]

if TYPE_CHECKING:  # httpx is imported on first request: an offline start never pays for it
    import httpx

USER_AGENT = f"papers-tui/{__version__} (+https://pypi.org/project/papers-tui/)"
MAX_REDIRECTS = 5
OFF_LOOP_JSON_BYTES = 16_384
"""JSON bodies at least this big are decoded and cleaned in a worker thread: a day's page of
papers takes several milliseconds, which would hold every key press meanwhile (#10)."""
_RATELIMIT_T = re.compile(r"\bt=(\d+(?:\.\d+)?)")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

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
            value = float(retry_after)
        except ValueError:
            return None
        return max(0.0, value) if math.isfinite(value) else None  # NaN and inf are not waits
    return None


def error_detail(body: bytes) -> str:
    """The server's own explanation (``error`` / ``message`` / ``detail``), cleaned, one line."""
    try:
        decoded = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return ""
    if isinstance(decoded, dict):
        for key in ("error", "message", "detail"):
            value = decoded.get(key)
            if isinstance(value, str):
                return clean_line(value)[:200]
    return ""


class HttpService:
    """A thin retrying wrapper around one :class:`httpx.AsyncClient`.

    Args:
        credentials: headers (``Authorization``, ``x-api-key``) sent only to
            *base_url*'s origin, never after a redirect to another one.
    """

    def __init__(
        self,
        base_url: str,
        *,
        service: str,
        headers: dict[str, str] | None = None,
        credentials: dict[str, str] | None = None,
        timeout: float = 10.0,
        limits: Limits | None = None,
        retry: RetryPolicy | None = None,
        offline: bool = False,
        on_retry: RetryNotice | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.service = service
        self.retry = retry or RetryPolicy()
        self.limits = limits or Limits()
        self.offline = offline
        self.on_retry = on_retry
        self._headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self._credentials = dict(credentials or {})
        self._origin = origin(self.base_url)
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
                follow_redirects=False,  # followed by hand in _send: schemes and credentials checked
                transport=self._transport,
            )
        return self._http

    def prepare(self) -> None:
        """Build the client now (it is thread-safe to call from a worker thread while waiting)."""
        _ = self._client

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def get_json(
        self, path: str, params: dict[str, Any] | None = None, what: str = "", *, max_bytes: int | None = None
    ) -> Any:
        """The decoded, cleaned JSON answer.

        Args:
            max_bytes: a tighter body cap than :attr:`Limits.max_body_bytes`.

        Raises:
            BadResponseError: not JSON, or nested too deep.
        """
        response = await self.get(path, params, what=what, max_bytes=max_bytes)
        body = response.content
        try:
            if len(body) >= OFF_LOOP_JSON_BYTES:
                return await asyncio.to_thread(_decode_json, body)
            return _decode_json(body)
        except (TooDeepError, RecursionError) as error:
            raise BadResponseError(
                f"{self.service} sent JSON nested too deeply{_for(what)}; ignored", service=self.service
            ) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise BadResponseError(
                f"{self.service} sent malformed JSON{_for(what)}", service=self.service
            ) from error

    async def get_text(self, path: str, params: dict[str, Any] | None = None, what: str = "") -> str:
        response = await self.get(path, params, what=what)
        return response.content.decode(response.encoding or "utf-8", errors="replace")

    async def get_text_or_error_body(
        self, path: str, params: dict[str, Any] | None, what: str, *, accept: frozenset[int]
    ) -> tuple[int, str]:
        """(status, body text); the statuses in *accept* come back instead of raising
        (arXiv explains a 400 in an Atom error feed)."""
        response = await self.get(path, params, what=what, accept=accept)
        return response.status_code, response.content.decode(response.encoding or "utf-8", errors="replace")

    async def get(
        self,
        path: str,
        params: dict[str, Any] | None = None,
        *,
        what: str = "",
        max_bytes: int | None = None,
        accept: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """GET with retries; raises a :class:`ServiceError` subclass on failure (except *accept* statuses)."""
        if self.offline:
            raise OfflineError("offline (--offline): no connection made", service=self.service)
        import httpx

        delay = self.retry.base_delay
        for attempt in range(1, self.retry.attempts + 1):
            last = attempt == self.retry.attempts
            seconds, by_phase = self._time_left()
            try:
                async with asyncio.timeout(seconds):
                    response = await self._send(path, params, what, max_bytes)
            except TimeoutError as error:
                bound = f"{_seconds(self._phase_seconds())} for {_phase_what()}" if by_phase else (
                    f"{_seconds(seconds)}{_for(what)}"
                )
                raise TimeoutServiceError(
                    f"{self.service} did not finish answering within {bound}; gave up", service=self.service
                ) from error
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
            except httpx.InvalidURL as error:
                raise BadResponseError(
                    f"{self.service} sent an unusable address{_for(what)}; refused", service=self.service
                ) from error
            except httpx.HTTPError as error:
                raise OfflineError(
                    f"network error talking to {self.service}: {type(error).__name__}", service=self.service
                ) from error
            else:
                status = response.status_code
                if status < 400 or status in accept:
                    return response
                if status == 429:
                    wait = retry_after_seconds(response)
                    wait = delay if wait is None else wait
                    if last or not self._may_wait(wait):
                        raise RateLimitedError(
                            f"{self.service} rate limited us; retry in {_seconds(wait)}",
                            retry_after=wait,
                            service=self.service,
                        )
                    await self._wait(f"rate limited, retrying in {_seconds(wait)}", wait)
                    delay = min(delay * 2, self.retry.max_delay)
                    continue
                if status >= 500 and not last and self._may_wait(delay):
                    pass  # retry below
                else:
                    raise _status_error(self.service, status, error_detail(response.content), what)
            if not self._may_wait(delay):
                raise TimeoutServiceError(
                    f"{self.service} kept failing{_for(what)}; gave up within the time allowed",
                    service=self.service,
                )
            await self._wait(f"{self.service} failed, retrying in {_seconds(delay)}", delay)
            delay = min(delay * 2, self.retry.max_delay)
        raise ServiceError(f"{self.service}: gave up", service=self.service)  # pragma: no cover

    def _time_left(self) -> tuple[float, bool]:
        """Seconds this request may take, and whether the phase (not the request) sets it."""
        current = current_phase()
        limit = self.limits.request_deadline
        if current is None:
            return limit, False
        left = max(0.0, current.ends_at - asyncio.get_running_loop().time())
        return (left, True) if left < limit else (limit, False)

    def _phase_seconds(self) -> float:
        current = current_phase()
        return current.seconds if current is not None else self.limits.request_deadline

    def _may_wait(self, seconds: float) -> bool:
        if seconds > self.retry.max_delay:
            return False
        current = current_phase()
        return current is None or asyncio.get_running_loop().time() + seconds < current.ends_at

    def _credentials_for(self, url: str) -> dict[str, str]:
        return self._credentials if self._credentials and origin(url) == self._origin else {}

    async def _send(
        self, path: str, params: dict[str, Any] | None, what: str, max_bytes: int | None
    ) -> httpx.Response:
        import httpx

        client = self._client
        request = client.build_request("GET", path, params=params)
        for _hop in range(MAX_REDIRECTS + 1):
            request.headers.update(self._credentials_for(str(request.url)))
            try:
                response = await client.send(request, stream=True)
            except httpx.InvalidURL as error:
                # The request itself was built fine: httpx chokes on the answer's Location
                # (data:, javascript:, junk) while preparing a redirect it will not follow.
                raise BadResponseError(
                    f"{self.service} redirected{_for(what)} to an unusable address; refused", service=self.service
                ) from error
            location = response.headers.get("location")
            if response.status_code not in _REDIRECTS or location is None:
                return await self._read(response, max_bytes)
            await response.aclose()
            scheme = urlsplit(location).scheme.lower()
            if scheme not in ("", "http", "https"):
                raise BadResponseError(
                    f"{self.service} redirected{_for(what)} to a {clean_line(scheme)[:20]}: address; refused",
                    service=self.service,
                )
            try:
                target = request.url.join(location)
                request = client.build_request("GET", target)
            except httpx.InvalidURL as error:
                raise BadResponseError(
                    f"{self.service} redirected{_for(what)} to an unusable address; refused", service=self.service
                ) from error
            if target.scheme not in ("http", "https"):
                raise BadResponseError(
                    f"{self.service} redirected{_for(what)} to a {clean_line(target.scheme)[:20]}: address; refused",
                    service=self.service,
                )
            # The request is fresh: no header of the previous one (credentials included) carries over.
        raise BadResponseError(f"{self.service} redirected too many times{_for(what)}", service=self.service)

    async def _read(self, response: httpx.Response, max_bytes: int | None) -> httpx.Response:
        current = current_phase()
        cap = min(self.limits.max_body_bytes, max_bytes or self.limits.max_body_bytes)
        try:
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise BadResponseError(
                        f"{self.service} sent more than {_megabytes(cap)}; ignored", service=self.service
                    )
                if current is not None:
                    current.bytes_left -= len(chunk)
                    if current.bytes_left < 0:
                        raise BadResponseError(
                            f"{self.service} sent more than {_megabytes(current.max_bytes)} for {current.what}; "
                            "stopped",
                            service=self.service,
                        )
                chunks.append(chunk)
        finally:
            await response.aclose()
        response._content = b"".join(chunks)
        return response

    async def _wait(self, reason: str, seconds: float) -> None:
        current = current_phase()
        if current is not None:
            current.waited += seconds
            reason = f"{reason} (waited {_seconds(current.waited)} of at most {_seconds(current.seconds)})"
        if self.on_retry is not None:
            result = self.on_retry(reason, seconds)
            if asyncio.iscoroutine(result):
                await result
        await asyncio.sleep(seconds)


class ServiceClient:
    """What the Hugging Face, Semantic Scholar and arXiv clients share: one
    :class:`HttpService`, closed the same way."""

    http: HttpService

    async def aclose(self) -> None:
        """Close the underlying connection pool."""
        await self.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _decode_json(body: bytes) -> Any:
    return clean_json(json.loads(body))


def _phase_what() -> str:
    current = current_phase()
    return current.what if current is not None else "this request"


def _seconds(value: float) -> str:
    """``40 s`` for long waits, ``0.4 s`` for short ones (never a misleading ``0 s``)."""
    return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"


def _megabytes(size: int) -> str:
    return f"{size / 2**20:g} MB"


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
