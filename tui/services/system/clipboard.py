"""Copying text when the only clipboard may be the user's terminal (SSH, tmux, screen).

The ladder, first success wins:

1. OSC 52 written to the terminal: the terminal (or tmux) sets the clipboard of the
   machine the user sits at, even over SSH. It cannot be confirmed, so a write that
   succeeds counts as copied.
2. :mod:`pyperclip`, only when a local clipboard exists (not over SSH; on Linux only
   with a display), in a daemon thread with a short timeout because its helpers
   (xclip, xsel, wl-copy) can hang without a working display.
3. A file, ``<fallback_dir>/clipboard.txt``, whose path the UI shows.

tmux (measured with tmux 3.3a): with ``set-clipboard on`` tmux takes a *plain*
OSC 52 from the pane, stores it as a paste buffer and forwards it to the outer
terminal; a DCS-passthrough-wrapped one never reaches tmux's buffers and, since
tmux 3.3, is dropped unless ``allow-passthrough on``. With the default
``set-clipboard external`` a plain OSC 52 is ignored. No single form works in
every configuration, so inside tmux both are sent: plain first, then the
passthrough form; when both get through the outer terminal just sets the same
text twice.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.services.storage.sqlite_util import atomic_write
from tui.services.system.links import is_remote

ESC = b"\x1b"
BEL = b"\x07"
ST = ESC + b"\\"
"""String terminator, closing a DCS."""

OSC52_MAX_BASE64 = 100_000
"""Largest OSC 52 payload sent: many terminals drop (or truncate) anything near 100 KB."""

SCREEN_CHUNK = 76
"""GNU screen limits a DCS string's length; 76 base64 bytes per DCS is the safe size."""

PYPERCLIP_TIMEOUT = 1.5
"""Seconds pyperclip may take before we give up on it (it can hang without a display)."""

FALLBACK_NAME = "clipboard.txt"

OSC52_SENT = "sent to the terminal's clipboard (OSC 52)"
"""OSC 52 cannot be confirmed: the terminal may or may not have taken it, so it is *sent*."""

TMUX_FIX = "tmux set -g set-clipboard on"
TMUX_TIMEOUT = 1.0
"""Seconds ``tmux show`` may take (it answers in milliseconds; a stale socket must not hang a copy)."""

Runner = Callable[[list[str], Mapping[str, str]], str | None]

Writer = Callable[[bytes], None]


class ClipboardTooLarge(ValueError):
    """The text is too large to send through OSC 52."""


@dataclass(frozen=True, slots=True)
class CopyResult:
    """How :func:`copy` delivered the text."""

    method: Literal["osc52", "pyperclip", "file"]
    detail: str
    """A sentence for the notification: "copied via terminal (OSC 52)" ..."""
    path: Path | None = None
    """The file written, for method ``file``."""


def osc52_sequence(text: str, env: Mapping[str, str] | None = None) -> bytes:
    """The bytes that ask the terminal to put *text* on the clipboard.

    Plain ``ESC ] 52 ; c ; <base64> BEL``; inside tmux that plain form followed by
    the tmux passthrough form (see the module docstring for why both); inside GNU
    screen the DCS-chunked form.

    Args:
        text: What to copy (sent as UTF-8).
        env: The environment (defaults to :data:`os.environ`); ``TMUX``, ``STY``
            and ``TERM`` decide the wrapping.

    Raises:
        ClipboardTooLarge: When the base64 payload exceeds :data:`OSC52_MAX_BASE64`.
    """
    env = os.environ if env is None else env
    payload = base64.b64encode(text.encode("utf-8"))
    if len(payload) > OSC52_MAX_BASE64:
        raise ClipboardTooLarge(
            f"{len(payload)} bytes of base64 is over the {OSC52_MAX_BASE64}-byte limit"
            " terminals accept for OSC 52"
        )
    plain = osc52_plain(payload)
    if env.get("TMUX"):
        return plain + tmux_passthrough(plain)
    if env.get("STY") or env.get("TERM", "").startswith("screen"):
        return screen_passthrough(payload)
    return plain


def osc52_plain(payload: bytes) -> bytes:
    """``ESC ] 52 ; c ; <payload> BEL`` for an already base64-encoded *payload*."""
    return ESC + b"]52;c;" + payload + BEL


def tmux_passthrough(sequence: bytes) -> bytes:
    """*sequence* wrapped for tmux: ``ESC P tmux; <sequence, each ESC doubled> ESC \\``."""
    return ESC + b"Ptmux;" + sequence.replace(ESC, ESC + ESC) + ST


def screen_passthrough(payload: bytes) -> bytes:
    """An OSC 52 for base64 *payload* split into DCS strings GNU screen passes on.

    Each DCS (``ESC P ... ESC \\``) carries at most :data:`SCREEN_CHUNK` base64
    bytes; the first also opens the OSC 52 and the last closes it with BEL.
    """
    chunks = [payload[i : i + SCREEN_CHUNK] for i in range(0, len(payload), SCREEN_CHUNK)] or [b""]
    chunks[0] = ESC + b"]52;c;" + chunks[0]
    chunks[-1] = chunks[-1] + BEL
    return b"".join(ESC + b"P" + chunk + ST for chunk in chunks)


def has_local_clipboard(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True when a system clipboard on this machine would reach the user."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if is_remote(env):
        return False
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def copy(
    text: str,
    *,
    writer: Writer | None,
    env: Mapping[str, str] | None = None,
    use_pyperclip: bool = True,
    fallback_dir: Path,
    platform: str | None = None,
    tmux_runner: Runner | None = None,
) -> CopyResult:
    """Copy *text* by the first method that works (OSC 52, pyperclip, file).

    Args:
        text: What to copy.
        writer: Writes raw bytes to the user's terminal (the app's driver, or
            a function writing to the terminal); None skips OSC 52 (no terminal).
        env: The environment (defaults to :data:`os.environ`).
        use_pyperclip: False never tries the system clipboard.
        fallback_dir: Where ``clipboard.txt`` is written when nothing else works.
        platform: A :data:`sys.platform` value (defaults to the current one).
        tmux_runner: Asks tmux for an option (default :func:`tmux_option`); inside
            tmux, unless ``set-clipboard`` is ``on``, tmux may swallow the OSC 52, so
            the text is also saved to the file and the message gives the fix.

    Returns:
        The method used and a sentence for the notification. Never hangs longer
        than :data:`PYPERCLIP_TIMEOUT` plus a file write.
    """
    env = os.environ if env is None else env
    skipped = ""
    if writer is not None:
        try:
            writer(osc52_sequence(text, env))
        except ClipboardTooLarge:
            skipped = "too large for the terminal clipboard; "
        except OSError:
            pass
        else:
            if env.get("TMUX"):
                setting = (tmux_runner or tmux_option)(["show", "-gv", "set-clipboard"], env)
                if setting != "on":
                    return _tmux_may_drop_it(text, setting, fallback_dir)
            return CopyResult("osc52", OSC52_SENT)
    if use_pyperclip and has_local_clipboard(env, platform) and _pyperclip_copy(text):
        return CopyResult("pyperclip", "copied to the system clipboard")
    path = write_fallback(text, fallback_dir)
    return CopyResult("file", f"{skipped}saved to {path}", path)


def _tmux_may_drop_it(text: str, setting: str | None, fallback_dir: Path) -> CopyResult:
    state = f"is {setting!r}" if setting else "could not be read"
    try:
        path: Path | None = write_fallback(text, fallback_dir)
        saved = f"; also saved to {path}"
    except OSError as error:
        path, saved = None, f"; could not save a copy ({error.strerror or error})"
    return CopyResult(
        "osc52",
        f"{OSC52_SENT}, but tmux's set-clipboard {state}, so tmux may not pass it on"
        f" (fix: {TMUX_FIX}){saved}",
        path,
    )


def tmux_option(args: list[str], env: Mapping[str, str]) -> str | None:
    """``tmux <args>`` against the tmux server of *env*'s ``TMUX``; its output, or None."""
    try:
        result = subprocess.run(
            ["tmux", *args], env=dict(env), capture_output=True, text=True, timeout=TMUX_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _pyperclip_copy(text: str, timeout: float = PYPERCLIP_TIMEOUT) -> bool:
    """pyperclip.copy in a daemon thread; False on error or when it outlasts *timeout*."""
    outcome: list[bool] = []

    def run() -> None:
        try:
            import pyperclip  # type: ignore[import-untyped]

            pyperclip.copy(text)
        except Exception:  # noqa: BLE001 - any failure just means "try the next rung"
            outcome.append(False)
        else:
            outcome.append(True)

    # A daemon thread: if xclip hangs, the thread is abandoned rather than joined at exit.
    thread = threading.Thread(target=run, name="pyperclip-copy", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(outcome and outcome[0])


def write_fallback(text: str, fallback_dir: Path) -> Path:
    """Write *text* atomically to ``fallback_dir/clipboard.txt`` and return the path."""
    fallback_dir.mkdir(parents=True, exist_ok=True)
    # 0600: copied text can be private.
    return atomic_write(fallback_dir / FALLBACK_NAME, text, private=True)
