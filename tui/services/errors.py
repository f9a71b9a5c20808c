"""Typed errors the UI can explain in one line."""

from __future__ import annotations

from tui.services.sanitize import clean_line


class ServiceError(Exception):
    """Base for every failure a service reports to the user.

    ``str(error)`` is a short sentence fit for a status line.
    """

    def __init__(self, message: str, *, service: str = "Hugging Face") -> None:
        # Messages often quote what a server sent (an id, an error body): clean
        # them here so no error text can ever carry an escape sequence.
        super().__init__(clean_line(message))
        self.service = service


class OfflineError(ServiceError):
    """No connection could be made (refused, DNS failure, --offline)."""


class TimeoutServiceError(ServiceError):
    """The server accepted but did not answer in time."""


class RateLimitedError(ServiceError):
    """HTTP 429 that outlasted our retries; ``retry_after`` seconds to wait."""

    def __init__(self, message: str, *, retry_after: float, service: str = "Hugging Face") -> None:
        super().__init__(message, service=service)
        self.retry_after = retry_after


class HttpStatusError(ServiceError):
    """An HTTP error status (4xx/5xx) with a human explanation."""

    def __init__(self, message: str, *, status: int, service: str = "Hugging Face") -> None:
        super().__init__(message, service=service)
        self.status = status


class NotFoundError(HttpStatusError):
    """HTTP 404: the paper / author / listing does not exist."""


class BadResponseError(ServiceError):
    """The body was not the JSON / HTML / XML shape we expected."""


class WriteInterruptedError(BadResponseError):
    """The connection broke after a write was sent: it may or may not have been applied."""
