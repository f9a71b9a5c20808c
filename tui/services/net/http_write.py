"""Writes (POST / PATCH / DELETE with a JSON body) on top of the one HTTP layer.

:class:`WriteHttpService` is :class:`~tui.services.net.http.HttpService` plus
:meth:`~WriteHttpService.send_json`: the same client, the same credentials
scoped to the endpoint's origin, request deadline and phase budget, body cap,
rate-limit and retry waits. What differs is what a write needs:

* a redirect is never followed (a write goes to this endpoint and nowhere else);
* a request whose connection broke after it was sent is never repeated (the
  server may have applied it): :class:`~tui.services.errors.WriteInterruptedError`
  tells the caller to check;
* statuses the caller expects (409 "already there", 404 "already gone") come
  back instead of raising.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Collection
from typing import Any

from tui.services.errors import (
    BadResponseError,
    OfflineError,
    RateLimitedError,
    ServiceError,
    WriteInterruptedError,
)
from tui.services.net.http import (
    HttpService,
    _for,
    _seconds,
    _status_error,
    error_detail,
    retry_after_seconds,
)


class WriteHttpService(HttpService):
    async def send_json(
        self, method: str, path: str, body: Any = None, *, expected: Collection[int] = (), what: str = ""
    ) -> tuple[int, Any]:
        """Send one write; ``(status, decoded JSON body or None)`` for 2xx and *expected* statuses.

        Raises:
            ServiceError: a subclass saying what went wrong (never with a credential in it).
        """
        if self.offline:
            raise OfflineError("offline (--offline): no connection made", service=self.service)
        import httpx

        content = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"} if content is not None else None
        delay = self.retry.base_delay
        for attempt in range(1, self.retry.attempts + 1):
            last = attempt == self.retry.attempts
            request = self._client.build_request(method, path, content=content, headers=headers)
            request.headers.update(self._credentials_for(str(request.url)))
            seconds, _ = self._time_left()
            try:
                async with asyncio.timeout(seconds):
                    response = await self._client.send(request, stream=True, follow_redirects=False)
                    raw = (await self._read(response, None)).content
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if last or not self._may_wait(delay):
                    raise OfflineError(f"offline: cannot reach {self.service}", service=self.service) from error
                await self._wait(f"cannot reach {self.service}, retrying in {_seconds(delay)}", delay)
                delay = min(delay * 2, self.retry.max_delay)
                continue
            except (TimeoutError, httpx.HTTPError) as error:
                raise WriteInterruptedError(
                    f"the connection to {self.service} broke{_for(what)}; the next sync checks what arrived",
                    service=self.service,
                ) from error
            status = response.status_code
            if status < 300 or status in expected:
                return status, _json_or_none(raw)
            if status < 400:
                raise BadResponseError(f"{self.service} redirected a write{_for(what)}; not followed",
                                       service=self.service)
            if status == 429 or (status >= 500 and not last):
                asked = retry_after_seconds(response) if status == 429 else None
                wait = delay if asked is None else asked
                if last or not self._may_wait(wait):
                    raise RateLimitedError(f"{self.service} rate limited us; retry in {_seconds(wait)}",
                                           retry_after=wait, service=self.service)
                reason = "rate limited" if status == 429 else f"{self.service} failed"
                await self._wait(f"{reason}, retrying in {_seconds(wait)}", wait)
                delay = min(delay * 2, self.retry.max_delay)
                continue
            raise _status_error(self.service, status, error_detail(raw), what)
        raise ServiceError(f"{self.service}: gave up", service=self.service)  # pragma: no cover


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
