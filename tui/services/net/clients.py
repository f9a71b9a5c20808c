"""Every network client built one way, from :class:`~tui.config.Settings`.

Endpoints, credentials, deadlines and the offline flag come from the settings
(config file plus environment, read once); nothing here reads the environment.
Close what these return with ``await client.aclose()`` (or ``async with``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from tui.config import Settings
from tui.services.net.http import HttpService, Limits, RetryNotice, RetryPolicy
from tui.services.net.hub import HubClient

if TYPE_CHECKING:
    import httpx

    from tui.services.net.arxiv_api import ArxivClient
    from tui.services.net.scholar import ScholarClient

ArxivT = TypeVar("ArxivT", bound="ArxivClient")


def limits(settings: Settings) -> Limits:
    return Limits(request_deadline=settings.request_deadline_seconds, phase_deadline=settings.phase_deadline_seconds)


def hub_client(
    settings: Settings,
    *,
    offline: bool | None = None,
    on_retry: RetryNotice | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> HubClient:
    return HubClient(
        settings.hf_endpoint,
        settings.hf_token,
        offline=settings.offline if offline is None else offline,
        limits=limits(settings),
        on_retry=on_retry,
        transport=transport,
    )


def scholar_client(
    settings: Settings, *, offline: bool, on_retry: RetryNotice | None = None, retry: RetryPolicy | None = None
) -> ScholarClient:
    from tui.services.net.scholar import ScholarClient  # not needed to start the reader

    return ScholarClient(
        settings.s2_endpoint,
        api_key=settings.s2_api_key,
        offline=offline,
        limits=limits(settings),
        on_retry=on_retry,
        retry=retry,
    )


def arxiv_client(
    settings: Settings, *, offline: bool, on_retry: RetryNotice | None = None, kind: type[ArxivT] | None = None
) -> ArxivT:
    if kind is None:
        from tui.services.net.arxiv_api import ArxivClient  # the XML parser with it: not needed to start

        kind = ArxivClient  # type: ignore[assignment]
    assert kind is not None
    return kind(
        settings.arxiv_endpoint,
        min_interval=settings.arxiv_interval,
        offline=offline,
        limits=limits(settings),
        on_retry=on_retry,
    )


def figure_http(settings: Settings, *, offline: bool) -> HttpService:
    """The HTTP service figure images come through: arXiv's HTML origin, the session's deadlines."""
    return HttpService(settings.arxiv_html_endpoint, service="arXiv", offline=offline, limits=limits(settings),
                       retry=RetryPolicy(attempts=2, base_delay=1.0))
