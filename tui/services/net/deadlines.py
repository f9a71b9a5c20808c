"""Deadlines and byte budgets for the HTTP layer (no httpx, no Textual).

A request has an overall deadline (:attr:`Limits.request_deadline`); a
:func:`phase` (every page of one listing, one author's profile) gives all the
requests inside it one more deadline and one byte budget, so a server that
trickles a byte a second, or pages forever, ends with a message.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_BODY_BYTES = 20 * 1024 * 1024
REQUEST_DEADLINE = 30.0
"""Seconds one request may take in all (connect, headers, body, redirects)."""
PHASE_DEADLINE = 120.0
"""Seconds one phase (every page of a listing, an author's profile) may take in all."""
MAX_PHASE_BYTES = 64 * 1024 * 1024
"""Bytes one phase may download in all."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Deadlines and byte caps for one client (settable in config.toml for slow links)."""

    request_deadline: float = REQUEST_DEADLINE
    phase_deadline: float = PHASE_DEADLINE
    max_body_bytes: int = MAX_BODY_BYTES
    max_phase_bytes: int = MAX_PHASE_BYTES


@dataclass(slots=True)
class Phase:
    """One unit of work's shared budget: an end time (loop clock) and bytes left."""

    what: str
    seconds: float
    ends_at: float
    max_bytes: int
    bytes_left: int
    waited: float = 0.0
    """Seconds slept on retries so far (shown in retry notices)."""


_PHASE: contextvars.ContextVar[Phase | None] = contextvars.ContextVar("papers_tui_http_phase", default=None)


@contextmanager
def phase(what: str, *, seconds: float = PHASE_DEADLINE, max_bytes: int = MAX_PHASE_BYTES) -> Iterator[Phase]:
    """Give every request inside one overall deadline and byte budget.

    Nested phases keep the tighter of the two bounds. Must be entered inside
    a running event loop (the deadline uses the loop's clock).
    """
    now = asyncio.get_running_loop().time()
    outer = _PHASE.get()
    current = Phase(what, seconds, now + seconds, max_bytes, max_bytes)
    if outer is not None:
        current.ends_at = min(current.ends_at, outer.ends_at)
        current.bytes_left = min(current.bytes_left, outer.bytes_left)
    start_bytes = current.bytes_left
    token = _PHASE.set(current)
    try:
        yield current
    finally:
        _PHASE.reset(token)
        if outer is not None:
            outer.bytes_left -= start_bytes - current.bytes_left
            outer.waited += current.waited


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` with the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port or default



def current_phase() -> Phase | None:
    """The phase the running task is in, if any."""
    return _PHASE.get()
