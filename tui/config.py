"""Where files live and what the user configured (no Textual import).

Paths follow the XDG convention through platformdirs: the cache (papers and
listings, safe to delete) in the user cache dir, the user's own data
(bookmarks, read state) in the user data dir, and ``config.toml`` in the user
config dir or wherever ``PAPERS_TUI_CONFIG`` points.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "papers-tui"
DEFAULT_HF_ENDPOINT = "https://huggingface.co"

KNOWN_KEYS: dict[str, set[str]] = {
    "": {"keymap", "offline", "read_after_seconds", "theme", "general", "commands"},
    "general": {"offline", "read_after_seconds", "theme"},
}


@dataclass(frozen=True, slots=True)
class Paths:
    """The three places papers-tui writes to."""

    cache_dir: Path
    data_dir: Path
    config_file: Path

    @property
    def cache_db(self) -> Path:
        return self.cache_dir / "cache.sqlite3"

    @property
    def library_db(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @classmethod
    def from_env(cls) -> Paths:
        override = os.environ.get("PAPERS_TUI_CONFIG")
        config_file = (
            Path(override).expanduser()
            if override
            else platformdirs.user_config_path(APP_NAME) / "config.toml"
        )
        return cls(
            cache_dir=platformdirs.user_cache_path(APP_NAME),
            data_dir=platformdirs.user_data_path(APP_NAME),
            config_file=config_file,
        )


@dataclass(slots=True)
class Settings:
    """What ``config.toml`` can set; every field has a sane default."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> key(s), e.g. ``{"open-code" = "O"}``."""
    offline: bool = False
    """Never open a connection (same as ``--offline``)."""
    read_after_seconds: float = 1.5
    """How long an abstract must be shown before the paper counts as read."""
    theme: str | None = None
    """A Textual theme name (``textual-dark``, ``nord``, ...)."""
    warnings: list[str] = field(default_factory=list)
    """Problems found while reading the file; shown once at start-up."""
    commands: object = None
    """The raw ``[commands]`` table, as read (validated by :mod:`tui.services.user_commands`)."""


def _line_of(error: tomllib.TOMLDecodeError) -> str:
    match = re.search(r"line (\d+)", str(error))
    return f", line {match.group(1)}" if match else ""


def load_settings(path: Path) -> Settings:
    """Read *path*; a missing file gives defaults, a broken one defaults + a warning."""
    settings = Settings()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return settings
    except OSError as error:
        settings.warnings.append(f"cannot read {path}: {error.strerror}; using defaults")
        return settings
    try:
        data = tomllib.loads(raw.decode("utf-8", errors="replace"))
    except tomllib.TOMLDecodeError as error:
        settings.warnings.append(f"{path}{_line_of(error)}: {error}; using defaults")
        return settings
    general = data.get("general", {})
    if not isinstance(general, dict):
        settings.warnings.append(f"{path}: [general] must be a table; ignored")
        general = {}
    merged = {**{k: v for k, v in data.items() if k not in ("general", "keymap", "commands")}, **general}
    for name in sorted(set(data) - KNOWN_KEYS[""]):
        settings.warnings.append(f"{path}: unknown setting {name!r} ignored")
    for name in sorted(set(general) - KNOWN_KEYS["general"]):
        settings.warnings.append(f"{path}: unknown setting general.{name} ignored")
    if "offline" in merged:
        if isinstance(merged["offline"], bool):
            settings.offline = merged["offline"]
        else:
            settings.warnings.append(f"{path}: offline must be true or false; ignored")
    if "read_after_seconds" in merged:
        value = merged["read_after_seconds"]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 600:
            settings.read_after_seconds = float(value)
        else:
            settings.warnings.append(f"{path}: read_after_seconds must be a number of seconds; ignored")
    if "theme" in merged:
        if isinstance(merged["theme"], str):
            settings.theme = merged["theme"]
        else:
            settings.warnings.append(f"{path}: theme must be a string; ignored")
    settings.commands = data.get("commands")
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        for binding_id, keys in keymap.items():
            if isinstance(keys, str) and keys.strip():
                settings.keymap[str(binding_id)] = keys.strip()
            else:
                settings.warnings.append(f"{path}: [keymap] {binding_id} must be a key string; ignored")
    else:
        settings.warnings.append(f"{path}: [keymap] must be a table; ignored")
    return settings


def hf_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "").strip() or DEFAULT_HF_ENDPOINT
