"""Request/response types shared by the loopback fake's route modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FakeRequest:
    path: str
    """URL path without the query string, e.g. ``/api/daily_papers``."""
    query: dict[str, str]
    """Query parameters (last value wins)."""
    headers: dict[str, str]
    """Request headers, keys lower-cased."""
    method: str = "GET"
    body: bytes = b""
    """The request body (writes only)."""

    def json_body(self) -> Any:
        """The body parsed as JSON (None when empty or malformed)."""
        import json

        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None


@dataclass
class FakeResponse:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to sleep before answering (slow-server scenarios)."""

    @classmethod
    def json(cls, payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> FakeResponse:
        import json

        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/json", **(headers or {})})

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/html; charset=utf-8") -> FakeResponse:
        return cls(status, text.encode(), {"Content-Type": content_type})
