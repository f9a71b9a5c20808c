"""Editing text in the user's ``$VISUAL`` / ``$EDITOR`` (the caller suspends any UI around it).

The text goes to a private temporary ``.md`` file; the editor's exit status
decides: 0 keeps what it saved, anything else (or a missing editor) returns a
problem and the text is not taken. When the editor exited non-zero after the
file changed, that file is left in place and the message names it, so no
typing is lost.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Edited:
    text: str | None
    """The saved text (None when the editor failed; see :attr:`problem`)."""
    problem: str | None = None


def editor_command(environ: dict[str, str] | None = None) -> list[str] | None:
    """``$VISUAL`` else ``$EDITOR``, split like a shell would (None when unset or unparsable)."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        raw = env.get(name, "").strip()
        if raw:
            try:
                parts = shlex.split(raw)
            except ValueError:
                continue
            if parts:
                return parts
    return None


def editor_problem() -> str | None:
    """Why no external editor can run (None when ``$VISUAL``/``$EDITOR`` names one on ``PATH``)."""
    command = editor_command()
    if command is None:
        return "no editor: set $VISUAL or $EDITOR (using the built-in editor)"
    if shutil.which(command[0]) is None:
        return f"editor {command[0]!r} not found (from $VISUAL/$EDITOR); using the built-in editor"
    return None


def edit_text(text: str, *, name: str = "note") -> Edited:
    """Let the user edit *text* in their editor; blocks until it exits."""
    problem = editor_problem()
    command = editor_command()
    if problem is not None or command is None:
        return Edited(None, problem)
    folder = Path(tempfile.mkdtemp(prefix="papers-tui-"))
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    try:
        status = subprocess.run([*command, str(path)], check=False).returncode
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        return Edited(None, f"cannot run {command[0]!r}: {error.strerror or error}; using the built-in editor")
    try:
        edited = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return Edited(None, f"cannot read the edited note back: {error.strerror or error}")
    if status != 0:
        editor = Path(command[0]).name
        if edited != text:
            return Edited(None, f"{editor} exited with status {status}: note not saved (your text is in {path})")
        shutil.rmtree(folder, ignore_errors=True)
        return Edited(None, f"{editor} exited with status {status}: note unchanged")
    shutil.rmtree(folder, ignore_errors=True)
    return Edited(edited)
