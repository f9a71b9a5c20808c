"""Opening everything a command needs: paths, settings, cache, library, client."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.config import Paths, Settings, load_settings
from tui.services.reader.feeds import FeedService
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore

if TYPE_CHECKING:
    from tui.services.net.http import RetryNotice
    from tui.services.net.hub import HubClient


class Session:
    """The open cache, user library and Hugging Face client for one run."""

    def __init__(self, paths: Paths, settings: Settings, store: CacheStore, library: UserLibrary, offline: bool) -> None:
        self.paths = paths
        self.settings = settings
        self.store = store
        self.library = library
        self.offline = offline
        self.feeds = FeedService(store, library, lambda: self.hub, offline=offline)
        """The reader policy (what each view shows), shared by the UI and the CLI."""
        self._hub: HubClient | None = None
        self._hub_on_retry: RetryNotice | None = None

    @property
    def hub(self) -> HubClient:
        """The Hugging Face client, built on first use: a reader starting from the cache paints
        its first titles without importing the HTTP stack."""
        if self._hub is None:
            from tui.services.net.clients import hub_client

            self._hub = hub_client(self.settings, offline=self.offline, on_retry=self._hub_on_retry)
        return self._hub

    @hub.setter
    def hub(self, client: HubClient) -> None:
        self._hub = client

    def on_hub_retry(self, notice: RetryNotice) -> None:
        """Tell *notice* before the Hugging Face client waits to retry (now or once it is built)."""
        self._hub_on_retry = notice
        if self._hub is not None:
            self._hub.http.on_retry = notice

    @property
    def notices(self) -> list[str]:
        """Start-up warnings for the user (config errors, cache moved aside ...)."""
        found = list(self.settings.warnings)
        found += [n for n in (self.store.notice, self.library.notice) if n]
        return found

    async def aclose(self) -> None:
        await self.close_network()
        self.close_local()

    async def close_network(self) -> None:
        """Close the HTTP client, if one was built."""
        if self._hub is not None:
            await self._hub.aclose()

    def close_local(self) -> None:
        """Close the SQLite files (the HTTP client is closed by its event loop)."""
        self.store.close()
        self.library.close()


def open_session(*, offline: bool = False, paths: Paths | None = None, endpoint: str | None = None) -> Session:
    """Open the cache and library at the configured places.

    Args:
        offline: never open a connection (also set by ``offline = true`` in the config
            or ``PAPERS_TUI_OFFLINE=1``).
        paths: where the files live (default: the XDG places).
        endpoint: the Hugging Face base URL (default: ``HF_ENDPOINT`` or the real one).
    """
    paths = paths or Paths.from_env()
    settings: Settings = load_settings(paths.config_file)
    offline = offline or settings.offline  # settings carry PAPERS_TUI_OFFLINE already
    store = CacheStore(paths.cache_db, other=paths.library_db)
    library = UserLibrary(paths.library_db, other=paths.cache_db)
    if endpoint:
        settings.hf_endpoint = endpoint.rstrip("/")
    return Session(paths, settings, store, library, offline)
