"""Where files live and what the user configured (no Textual import).

Paths follow the XDG convention through platformdirs: the cache (papers and
listings, safe to delete) in the user cache dir, the user's own data
(bookmarks, read state) in the user data dir, and ``config.toml`` in the user
config dir or wherever ``PAPERS_TUI_CONFIG`` points.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import platformdirs

from tui.keymap import resolve_keymap

if TYPE_CHECKING:
    import tomllib

APP_NAME = "papers-tui"
DEFAULT_HF_ENDPOINT = "https://huggingface.co"
DEFAULT_S2_ENDPOINT = "https://api.semanticscholar.org/graph/v1"
DEFAULT_ARXIV_ENDPOINT = "https://export.arxiv.org/api"
MAX_CONFIG_BYTES = 1024 * 1024

SETTINGS_KEYS = {
    "offline", "read_after_seconds", "theme", "request_deadline_seconds", "phase_deadline_seconds", "pdf_dir",
}
KNOWN_KEYS: dict[str, set[str]] = {
    "": {"keymap", "general", "commands", *SETTINGS_KEYS},
    "general": set(SETTINGS_KEYS),
}
ENVIRONMENT = {
    "HF_ENDPOINT": "hf_endpoint",
    "HF_TOKEN": "hf_token",
    "PAPERS_TUI_S2_ENDPOINT": "s2_endpoint",
    "S2_API_KEY": "s2_api_key",
    "PAPERS_TUI_ARXIV_ENDPOINT": "arxiv_endpoint",
    "PAPERS_TUI_ARXIV_INTERVAL": "arxiv_interval",
    "PAPERS_TUI_OFFLINE": "offline",
    "PAPERS_TUI_REQUEST_DEADLINE": "request_deadline_seconds",
    "PAPERS_TUI_PDF_DIR": "pdf_dir",
    "PAPERS_TUI_PHASE_DEADLINE": "phase_deadline_seconds",
    "PAPERS_TUI_ARXIV_HTML_ENDPOINT": "arxiv_html_endpoint",  # issue 12: full text
    "PAPERS_TUI_S2_RECOMMENDATIONS_ENDPOINT": "s2_recommendations_endpoint",
    "PAPERS_TUI_IMAGES": "images",  # issue 12b: figure images
}
"""Environment variable -> setting; read once, in :func:`load_settings`."""
IMAGE_MODES = ("auto", "off", "sixel", "tgp", "halfcell")
"""``PAPERS_TUI_IMAGES``: how figure images are drawn (see :mod:`tui.image_terminal`)."""
_TOKEN = re.compile(r"[\x21-\x7e]{1,1024}")


class Paths(NamedTuple):
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
    """Everything a run is configured with: ``config.toml`` then the environment, read once.

    Every field has a sane default; the session builds every client from these.
    """

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> key(s) in effect, e.g. ``{"open-code": "O"}`` (checked: no clash, quit reachable)."""
    offline: bool = False
    """Never open a connection (same as ``--offline`` or ``PAPERS_TUI_OFFLINE=1``)."""
    read_after_seconds: float = 1.5
    """How long an abstract must be shown before the paper counts as read."""
    theme: str | None = None
    """A Textual theme name (``textual-dark``, ``nord``, ...); checked by the app."""
    request_deadline_seconds: float = 30.0
    """Overall time one HTTP request may take (connect, headers, body, redirects)."""
    phase_deadline_seconds: float = 120.0
    """Overall time one phase (a listing's pages, an author profile) may take."""
    hf_endpoint: str = DEFAULT_HF_ENDPOINT
    """``$HF_ENDPOINT``."""
    hf_token: str | None = None
    """``$HF_TOKEN`` when well formed (sent to :attr:`hf_endpoint` only)."""
    s2_endpoint: str = DEFAULT_S2_ENDPOINT
    """``$PAPERS_TUI_S2_ENDPOINT``."""
    s2_api_key: str | None = None
    """``$S2_API_KEY`` when well formed (sent to :attr:`s2_endpoint` only)."""
    arxiv_endpoint: str = DEFAULT_ARXIV_ENDPOINT
    """``$PAPERS_TUI_ARXIV_ENDPOINT``."""
    arxiv_interval: float = 3.0
    """``$PAPERS_TUI_ARXIV_INTERVAL``: seconds between arXiv requests (their terms ask for 3)."""
    arxiv_html_endpoint: str = "https://arxiv.org"
    """``$PAPERS_TUI_ARXIV_HTML_ENDPOINT``: where ``/html/{id}`` full texts come from."""
    s2_recommendations_endpoint: str = ""
    """``$PAPERS_TUI_S2_RECOMMENDATIONS_ENDPOINT``; empty: derived from :attr:`s2_endpoint`."""
    images: str = "auto"
    """``$PAPERS_TUI_IMAGES``: ``auto`` (textual-image's detection), ``off``, or a forced ``sixel`` / ``tgp``
    / ``halfcell`` (e.g. tmux with ``allow-passthrough``); needs ``papers-tui[images]``."""
    pdf_dir: str | None = None
    """Where downloaded PDFs go (``pdf_dir`` in the config, ``$PAPERS_TUI_PDF_DIR``; default: documents)."""
    warnings: list[str] = field(default_factory=list)
    """Problems found while reading the file and the environment; shown once at start-up."""
    commands: object = None
    """The raw ``[commands]`` table, as read (validated by :mod:`tui.services.system.user_commands`)."""


def _line_of(error: tomllib.TOMLDecodeError) -> str:
    match = re.search(r"line (\d+)", str(error))
    return f", line {match.group(1)}" if match else ""


def check_regular_file(path: Path, what: str) -> str | None:
    """Why *path* must not be opened (a FIFO, a device, a directory), or None.

    A missing file is fine (it will be created); a symlink is judged by its target.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot use {path} as the {what}: {error.strerror}"
    if stat.S_ISDIR(mode):
        return f"{path} is a directory, not a {what} file"
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
        return f"{path} is {kind}, not a {what} file"
    return None


def _read_config(path: Path, settings: Settings) -> dict[str, Any] | None:
    problem = check_regular_file(path, "config")
    if problem:
        settings.warnings.append(f"{problem}; using defaults")
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        settings.warnings.append(f"cannot read {path}: {error.strerror}; using defaults")
        return None
    if len(raw) > MAX_CONFIG_BYTES:
        settings.warnings.append(f"{path} is larger than 1 MB: not a config file; using defaults")
        return None
    import tomllib  # only when there is a file to read: start-up without one skips the parser

    try:
        return tomllib.loads(raw.decode("utf-8", errors="replace"))
    except tomllib.TOMLDecodeError as error:
        settings.warnings.append(f"{path}{_line_of(error)}: {error}; using defaults")
    except RecursionError:
        settings.warnings.append(f"{path}: nested too deeply to be a config file; using defaults")
    return None


def _shown(value: object) -> str:
    """A config value quoted for a message: ASCII only, short (never markup or escapes)."""
    text = ascii(value)
    return text if len(text) <= 40 else text[:37] + "..."


def load_settings(path: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Read *path*, then the environment; a missing file gives defaults, a broken one defaults + a warning.

    Args:
        environ: the environment (defaults to :data:`os.environ`); read here and nowhere else.
    """
    settings = Settings()
    data = _read_config(path, settings) or {}
    general = data.get("general", {})
    if not isinstance(general, dict):
        settings.warnings.append(f"{path}: [general] must be a table; ignored")
        general = {}
    merged = {**{k: v for k, v in data.items() if k not in ("general", "keymap", "commands")}, **general}
    for name in sorted(set(data) - KNOWN_KEYS[""]):
        settings.warnings.append(f"{path}: unknown setting {_shown(name)} ignored")
    for name in sorted(set(general) - KNOWN_KEYS["general"]):
        settings.warnings.append(f"{path}: unknown setting general.{_shown(name)[1:-1]} ignored")
    _apply_values(settings, merged, str(path))
    settings.commands = data.get("commands")
    user_ids = frozenset(settings.commands) if isinstance(settings.commands, dict) else frozenset()
    _apply_keymap(settings, data.get("keymap", {}), path, user_ids)
    _apply_environment(settings, os.environ if environ is None else environ)
    return settings


def _apply_values(settings: Settings, values: Mapping[str, object], where: str) -> None:
    if "offline" in values:
        value = values["offline"]
        if isinstance(value, bool):
            settings.offline = value
        else:
            settings.warnings.append(
                f"{where}: offline = {_shown(value)}: offline must be true or false; using the default (false)"
            )
    for name, low, high in (
        ("read_after_seconds", 0.0, 600.0),
        ("request_deadline_seconds", 0.05, 3600.0),
        ("phase_deadline_seconds", 0.05, 86400.0),
    ):
        if name in values:
            value = values[name]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high:
                setattr(settings, name, float(value))
            else:
                settings.warnings.append(
                    f"{where}: {name} = {_shown(value)}: {name} must be a number of seconds from {low:g} to "
                    f"{high:g}; using the default ({getattr(settings, name):g})"
                )
    if "pdf_dir" in values:
        value = values["pdf_dir"]
        if isinstance(value, str) and value.strip() and value.isprintable():
            settings.pdf_dir = value.strip()
        else:
            settings.warnings.append(
                f"{where}: pdf_dir = {_shown(value)}: pdf_dir must be a folder path; using the default"
            )
    if "theme" in values:
        value = values["theme"]
        if isinstance(value, str) and value.strip() and value.isascii() and value.isprintable():
            settings.theme = value.strip()
        else:
            settings.warnings.append(f"{where}: theme = {_shown(value)}: theme must be a theme name; using the default")


def _apply_keymap(settings: Settings, keymap: object, path: Path, user_ids: frozenset[str]) -> None:
    if not isinstance(keymap, dict):
        settings.warnings.append(f"{path}: [keymap] must be a table of command id = \"key\"; ignored")
        return
    given: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        if isinstance(keys, str) and keys.strip():
            given[str(binding_id)] = keys.strip()
        else:
            settings.warnings.append(
                f"{path}: [keymap] {_shown(str(binding_id))[1:-1]} = {_shown(keys)}: "
                f"{_shown(str(binding_id))[1:-1]} must be a key string such as \"O\"; ignored"
            )
    settings.keymap, problems = resolve_keymap(given, f"{path} [keymap]", user_ids)
    settings.warnings += problems


def _apply_environment(settings: Settings, environ: Mapping[str, str]) -> None:
    for variable, name in ENVIRONMENT.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        if name in ("hf_token", "s2_api_key"):
            if _TOKEN.fullmatch(raw):
                setattr(settings, name, raw)
            else:
                # Never echo a secret: say what is wrong with it, not what it is.
                settings.warnings.append(
                    f"${variable} is malformed ({len(raw)} characters; a token is printable ASCII without "
                    "spaces); it is not sent"
                )
        elif name == "offline":
            settings.offline = settings.offline or raw != "0"
        elif name == "pdf_dir":
            settings.pdf_dir = raw
        elif name == "images":
            if raw.lower() in IMAGE_MODES:
                settings.images = raw.lower()
            else:
                settings.warnings.append(f"${variable} must be one of {', '.join(IMAGE_MODES)}; using auto")
        elif name.endswith("_endpoint"):
            if re.fullmatch(r"https?://[^\s]+", raw) and raw.isascii() and raw.isprintable():
                setattr(settings, name, raw.rstrip("/"))
            else:
                settings.warnings.append(f"${variable} is not an http(s) URL; using {getattr(settings, name)}")
        else:
            try:
                value = float(raw)
            except ValueError:
                value = -1.0
            if math.isfinite(value) and value >= 0:
                setattr(settings, name, value if name == "arxiv_interval" else max(0.05, value))
            else:
                settings.warnings.append(
                    f"${variable} must be a number of seconds; using {getattr(settings, name):g}"
                )
