"""Opening everything a command needs: paths, settings, cache, library, client."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.config import Paths, Settings, load_settings
from tui.services.net.clients import hub_client
from tui.services.net.hub import HubClient
from tui.services.reader.feeds import FeedService
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore


@dataclass
class Session:
    """The open cache, user library and Hugging Face client for one run."""

    paths: Paths
    settings: Settings
    store: CacheStore
    library: UserLibrary
    hub: HubClient
    offline: bool
    feeds: FeedService = field(init=False)
    """The reader policy (what each view shows), shared by the UI and the CLI."""

    def __post_init__(self) -> None:
        self.feeds = FeedService(self.store, self.library, self.hub, offline=self.offline)

    @property
    def notices(self) -> list[str]:
        """Start-up warnings for the user (config errors, cache moved aside ...)."""
        found = list(self.settings.warnings)
        found += [n for n in (self.store.notice, self.library.notice) if n]
        return found

    async def aclose(self) -> None:
        await self.hub.aclose()
        self.close_local()

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
    hub = hub_client(settings, offline=offline)
    return Session(paths, settings, store, library, hub, offline)
