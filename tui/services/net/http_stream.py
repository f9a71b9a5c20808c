"""Streaming GETs with extra headers (HTTP Range) on top of the shared :class:`HttpService`.

PDF downloads are too large to hold in memory (the shared layer buffers and
caps bodies at 20 MB) and need a ``Range`` header to resume. This subclass
reuses the shared client (same User-Agent, timeouts, transport, redirect and
credential rules) and maps transport failures to the same service errors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from tui.services.errors import BadResponseError, OfflineError, TimeoutServiceError
from tui.services.net.http import HttpService

if TYPE_CHECKING:
    import httpx


class StreamingHttpService(HttpService):
    """:class:`HttpService` plus :meth:`stream` (no retries: callers resume instead)."""

    @asynccontextmanager
    async def stream(self, path: str, *, headers: dict[str, str] | None = None, what: str = "") -> AsyncIterator[
        httpx.Response
    ]:
        """An open streaming response for GET *path* (any status; the caller reads and checks it).

        Raises:
            OfflineError, TimeoutServiceError, BadResponseError: transport failures, also mid-body.
        """
        if self.offline:
            raise OfflineError("offline (--offline): no connection made", service=self.service)
        import httpx

        label = f" for {what}" if what else ""
        try:
            request = self._client.build_request("GET", path, headers=headers)
            response = await self._client.send(request, stream=True)
            try:
                yield response
            finally:
                await response.aclose()
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise OfflineError(f"offline: cannot reach {self.service}", service=self.service) from error
        except httpx.TimeoutException as error:
            raise TimeoutServiceError(f"{self.service} did not answer in time{label}", service=self.service) from error
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise BadResponseError(
                f"{self.service} closed the connection mid-response{label}", service=self.service
            ) from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise OfflineError(f"network error talking to {self.service}{label}", service=self.service) from error
