"""The user's Hugging Face token: where it comes from, how it is stored, what it may do.

Looked up in this order (the first one found wins):

1. ``HF_TOKEN`` (a per-shell override, as in huggingface_hub), as :class:`~tui.config.Settings`
   read and checked it;
2. the token ``papers-tui login`` saved (``hf-token`` in the user data dir, mode 0600);
3. the token ``huggingface-cli login`` / ``hf auth login`` wrote:
   ``$HF_HOME/token``, by default ``~/.cache/huggingface/token``.

The token itself is never printed, logged, cached or put in a message: only
where it came from, and a masked form (``hf_…abcd``) when one is needed.
``HF_HOME`` / ``HF_TOKEN_PATH`` are read here (they only say where huggingface_hub's
file is, the way it finds it); every other setting comes from ``Settings``.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.services.sanitize import clean_line

TOKEN_FILE_NAME = "hf-token"
MAX_TOKEN_CHARS = 512


class TokenError(Exception):
    """A token is missing, malformed or cannot be saved; the message never holds the token."""


@dataclass(frozen=True, slots=True)
class Token:
    value: str = field(repr=False)
    source: str
    """Where it was found, for messages: ``HF_TOKEN``, ``papers-tui login``, ``~/.cache/huggingface/token``."""

    def __str__(self) -> str:
        return f"token from {self.source}"


def hf_home_token_path() -> Path:
    """Where the official CLI saves the token, as huggingface_hub finds it.

    ``$HF_TOKEN_PATH``, else ``$HF_HOME/token``, else ``$XDG_CACHE_HOME/huggingface/token``
    (default ``~/.cache/huggingface/token``).
    """
    explicit = os.environ.get("HF_TOKEN_PATH", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("HF_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "token"
    cache = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(cache).expanduser() if cache else Path.home() / ".cache"
    return base / "huggingface" / "token"


def check_token(text: str) -> str:
    """*text* stripped, if it can be a token.

    Raises:
        TokenError: empty, too long, or with spaces / control / non-ASCII characters.
    """
    value = text.strip()
    if not value:
        raise TokenError("the token is empty")
    if len(value) > MAX_TOKEN_CHARS:
        raise TokenError(f"that is not a Hugging Face token (longer than {MAX_TOKEN_CHARS} characters)")
    if not value.isascii() or any(not ch.isprintable() or ch.isspace() for ch in value):
        raise TokenError("that is not a Hugging Face token (it has spaces, control or non-ASCII characters)")
    return value


def masked(value: str) -> str:
    """``hf_…wxyz``: enough to tell two tokens apart, never enough to use one."""
    if len(value) < 12:
        return "…"
    return f"{value[:3]}…{value[-4:]}"


def _read_token_file(path: Path, source: str) -> Token | None:
    try:
        if not path.is_file():
            return None
        raw = path.read_bytes()[: MAX_TOKEN_CHARS * 2]
    except OSError:
        return None
    try:
        return Token(check_token(raw.decode("utf-8")), source)
    except (UnicodeDecodeError, TokenError) as error:
        raise TokenError(f"the token in {path} is not usable: {error}") from None


def find_token(data_dir: Path, hf_token: str | None) -> Token | None:
    """The token to use (see the module docstring for the order), or None.

    Args:
        hf_token: ``Settings.hf_token`` (``$HF_TOKEN`` when well formed).

    Raises:
        TokenError: a token file holds something that is not a token.
    """
    if hf_token:
        return Token(check_token(hf_token), "HF_TOKEN")
    saved = _read_token_file(data_dir / TOKEN_FILE_NAME, "papers-tui login")
    if saved is not None:
        return saved
    path = hf_home_token_path()
    return _read_token_file(path, str(path).replace(str(Path.home()), "~", 1))


def save_token(data_dir: Path, value: str) -> Path:
    """Store *value* for ``papers-tui login`` (0600, written atomically); the path.

    Raises:
        TokenError: malformed, or the file cannot be written.
    """
    token = check_token(value)
    path = data_dir / TOKEN_FILE_NAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=data_dir, prefix=f".{TOKEN_FILE_NAME}-", suffix=".tmp")
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="ascii") as stream:
                stream.write(token + "\n")
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise TokenError(f"cannot save the token in {data_dir}: {error.strerror or error}") from None
    return path


def forget_token(data_dir: Path) -> bool:
    """Delete the saved ``papers-tui login`` token; False when there was none."""
    path = data_dir / TOKEN_FILE_NAME
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


# -- what the token may do -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class WhoAmI:
    """The useful part of ``GET /api/whoami-v2``."""

    name: str
    fullname: str = ""
    orgs: tuple[str, ...] = ()
    token_name: str = ""
    role: str = ""
    """``read`` / ``write`` / ``fineGrained`` / ``god`` ("" when the server did not say)."""
    scoped_permissions: tuple[str, ...] = ()
    """Every ``fineGrained.scoped[].permissions`` entry, e.g. ``collection.write``."""
    global_permissions: tuple[str, ...] = ()

    @property
    def can_write_collections(self) -> bool | None:
        """True / False when the token's role says so; None when it cannot be told."""
        if self.role in ("write", "god"):
            return True
        if self.role == "read":
            return False
        if self.role == "fineGrained":
            wanted = ("collection.write", "repo.write", "repo.content.write", "user.write")
            held = set(self.scoped_permissions) | set(self.global_permissions)
            if any(p in held for p in wanted):
                return True
            return None if any(p.endswith(".write") for p in held) else False
        return None

    def explain(self) -> str:
        """One sentence on what the token can do for sync."""
        can = self.can_write_collections
        kind = {"read": "read-only", "write": "write", "god": "admin", "fineGrained": "fine-grained"}.get(
            self.role, "unknown-role"
        )
        if can is True:
            return f"a {kind} token: syncing reading lists with your collections will work"
        if can is False:
            return (
                f"a {kind} token: it can read your private collections but cannot change them; "
                "make a token with the write role (or fine-grained collection write permission) at "
                "huggingface.co/settings/tokens and run papers-tui login again"
            )
        return f"a {kind} token: Hugging Face does not say whether it may write collections; sync will tell"


def parse_whoami(payload: Any) -> WhoAmI:
    """A :class:`WhoAmI` from the whoami-v2 body.

    Raises:
        ValueError: no user name in it.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("name"), str) or not payload["name"]:
        raise ValueError("Hugging Face sent a whoami answer without a user name")
    orgs = payload.get("orgs")
    org_names = tuple(
        clean_line(o["name"])[:100] for o in orgs if isinstance(o, dict) and isinstance(o.get("name"), str)
    ) if isinstance(orgs, list) else ()
    auth = payload.get("auth")
    token = auth.get("accessToken") if isinstance(auth, dict) else None
    token = token if isinstance(token, dict) else {}
    fine = token.get("fineGrained")
    fine = fine if isinstance(fine, dict) else {}
    scoped: list[str] = []
    for scope in fine.get("scoped") or []:
        if isinstance(scope, dict) and isinstance(scope.get("permissions"), list):
            scoped += [clean_line(p)[:60] for p in scope["permissions"] if isinstance(p, str)]
    global_ = [clean_line(p)[:60] for p in fine.get("global") or [] if isinstance(p, str)]
    return WhoAmI(
        name=clean_line(payload["name"])[:100],
        fullname=clean_line(_text(payload.get("fullname")))[:200],
        orgs=org_names[:200],
        token_name=clean_line(_text(token.get("displayName")))[:100],
        role=clean_line(_text(token.get("role")))[:20],
        scoped_permissions=tuple(scoped[:500]),
        global_permissions=tuple(global_[:100]),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
