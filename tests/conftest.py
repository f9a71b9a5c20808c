"""Every test runs with its own XDG dirs and no real endpoints or SSH markers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.fixtures import fake_server, fast_retry  # noqa: F401 - shared fixtures

_E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e/ carries the ``e2e`` marker, so ``-m "not e2e"`` is the fast loop.

    (A module-level ``pytestmark`` in a conftest marks nothing: only test modules are read for it.)
    """
    for item in items:
        if _E2E in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


_SCRUB = (
    "HF_ENDPOINT", "HF_TOKEN", "PAPERS_TUI_CONFIG", "PAPERS_TUI_OFFLINE", "PAPERS_TUI_S2_ENDPOINT",
    "PAPERS_TUI_ARXIV_ENDPOINT", "S2_API_KEY", "BROWSER", "SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT",
    "DISPLAY", "WAYLAND_DISPLAY", "TMUX", "STY", "NO_COLOR", "HF_HOME", "HF_TOKEN_PATH",
    "PAPERS_TUI_ARXIV_HTML_ENDPOINT", "PAPERS_TUI_S2_RECOMMENDATIONS_ENDPOINT",
)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point cache, data and config at a fresh folder; never touch the real ones."""
    for name in _SCRUB:
        monkeypatch.delenv(name, raising=False)
    for kind in ("cache", "data", "config"):
        folder = tmp_path / "xdg" / kind
        folder.mkdir(parents=True)
        monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", str(folder))
    yield tmp_path / "xdg"
