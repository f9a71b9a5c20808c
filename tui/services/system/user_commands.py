"""Your own shell commands on a key: the ``[commands]`` table of ``config.toml``.

::

    [commands.summarise]
    key = "S"
    run = 'llm -s "Summarise this abstract" < {abstract_file}'
    mode = "capture"            # output in a scrollable window; "suspend" hands over the terminal
    description = "Summarise the abstract with llm"

    [commands.edit-notes]
    key = "E"
    run = "$EDITOR ~/notes/{id}.md"
    mode = "suspend"

Placeholders are replaced by the highlighted paper's values, **each quoted for
the shell** (:func:`shlex.quote`): a title such as ``$(rm -rf ~)`` arrives as
that literal text, never as code. Write them bare (``{title}``, not
``"{title}"``); ``{{`` and ``}}`` are literal braces. The ``*_file``
placeholders are paths of files written for the command (removed after it).

This module parses and validates the table and expands templates;
:mod:`tui.services.system.command_runner` runs them. No Textual here.
"""

from __future__ import annotations

import re
import shlex
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tui.commands import COMMANDS, USER_GROUP, Command, effective_keys, normalise_key, register_user_commands
from tui.models import Paper
from tui.services.formats import citations
from tui.services.sanitize import clean_block, clean_line
from tui.services.system import links

Mode = Literal["suspend", "capture"]
MODES: tuple[Mode, ...] = ("suspend", "capture")
DEFAULT_TIMEOUT = 300.0
"""Seconds a ``capture`` command may run before it is stopped (``timeout = 0``: no limit)."""
MAX_TIMEOUT = 24 * 3600.0

VALUE_PLACEHOLDERS = ("id", "title", "abs_url", "pdf_url", "code_url", "bibtex")
FILE_PLACEHOLDERS = ("abstract_file", "bibtex_file", "fulltext_file")
PLACEHOLDERS = VALUE_PLACEHOLDERS + FILE_PLACEHOLDERS
_FIELD = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_KNOWN_FIELDS = {"key", "run", "command", "mode", "description", "timeout", "pause"}

FulltextLookup = Callable[[str], str | None]
"""``lookup(paper_id)``: the cached full text of a paper, or None when it is not cached."""


class CommandError(ValueError):
    """A command cannot run for this paper (a missing value); one line for the user."""


@dataclass(frozen=True, slots=True)
class UserCommand:
    """One ``[commands.NAME]`` entry."""

    name: str
    """Its id: the key in ``[commands]``, rebindable in ``[keymap]`` like built-in ids."""
    run: str
    """The shell command template."""
    mode: Mode = "capture"
    key: str = ""
    description: str = ""
    timeout: float = DEFAULT_TIMEOUT
    pause: bool = False
    """``suspend`` only: wait for Enter before coming back (to read what the command printed)."""
    placeholders: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return self.description or f"Run {self.name}"


@dataclass(frozen=True, slots=True)
class _Slot:
    name: str


def _segments(template: str) -> list[str | _Slot]:
    """*template* split into literal text and placeholders, the way the shell will read it.

    Outside quotes ``{name}`` is a placeholder, ``{{``/``}}`` are literal
    braces, and other braces (``{}``, ``{a,b}``) are the shell's. Inside quotes
    everything is literal (``awk '{print $1}'``), but a known placeholder there
    is refused: its value is already quoted, and inside ``"..."`` the shell
    would still expand ``$(...)`` in it.

    Raises:
        ValueError: an unknown ``{name}``, a quoted placeholder, or an unclosed quote.
    """
    parts: list[str | _Slot] = []
    text: list[str] = []
    quote = ""
    index = 0
    while index < len(template):
        char = template[index]
        if char == "\\" and quote != "'":
            text.append(template[index : index + 2])
            index += 2
            continue
        field = _FIELD.match(template, index) if char == "{" else None
        if quote:
            if char == quote:
                quote = ""
            elif field is not None and field.group(1) in PLACEHOLDERS:
                raise ValueError(f"write {field.group(0)} without quotes around it: its value is quoted for you")
            text.append(char)
            index += 1
            continue
        if char in "'\"":
            quote = char
        elif template.startswith(("{{", "}}"), index):
            text.append(char)
            index += 2
            continue
        elif field is not None and field.group(1) is not None:
            name = field.group(1)
            if name in PLACEHOLDERS:
                parts.extend(["".join(text), _Slot(name)])
                text = []
                index = field.end()
                continue
            if re.fullmatch(r"\w+", name):
                raise ValueError(f"unknown placeholder {{{name}}} (known: {', '.join(PLACEHOLDERS)})")
        text.append(char)
        index += 1
    if quote:
        raise ValueError(f"the {quote} quote is never closed")
    parts.append("".join(text))
    return [part for part in parts if part != ""]


def placeholders_in(template: str) -> tuple[str, ...]:
    """The placeholder names *template* uses (see :func:`_segments` for the rules and errors)."""
    return tuple(dict.fromkeys(part.name for part in _segments(template) if isinstance(part, _Slot)))


def parse_commands(raw: Any, *, reserved: set[str], where: str = "config") -> tuple[list[UserCommand], list[str]]:
    """The valid commands of a raw ``[commands]`` table, and one warning per problem.

    Args:
        reserved: ids already taken (the built-in commands).
    """
    commands: list[UserCommand] = []
    warnings: list[str] = []
    if raw is None:
        return commands, warnings
    if not isinstance(raw, Mapping):
        return commands, [f"{where}: [commands] must be a table of [commands.NAME] tables; ignored"]
    for name, entry in raw.items():
        label = f"{where}: [commands.{name}]"
        if not isinstance(name, str) or not _NAME.match(name):
            warnings.append(f"{label}: names are lower-case letters, digits and '-'; ignored")
            continue
        if name in reserved:
            warnings.append(f"{label}: {name!r} is a built-in command id; pick another name; ignored")
            continue
        if not isinstance(entry, Mapping):
            warnings.append(f"{label} must be a table with key, run and mode; ignored")
            continue
        try:
            commands.append(_parse_entry(name, entry))
        except (ValueError, TypeError) as error:
            warnings.append(f"{label}: {error}; ignored")
            continue
        unknown = sorted(set(entry) - _KNOWN_FIELDS)
        if unknown:
            warnings.append(f"{label}: unknown field(s) {', '.join(unknown)} ignored")
    return commands, warnings


def _parse_entry(name: str, entry: Mapping[str, Any]) -> UserCommand:
    template = entry.get("run", entry.get("command"))
    if not isinstance(template, str) or not template.strip():
        raise ValueError("run must be the shell command to run")
    mode = entry.get("mode", "capture")
    if mode not in MODES:
        raise ValueError(f"mode must be 'suspend' or 'capture', not {mode!r}")
    key = entry.get("key", "")
    if not isinstance(key, str):
        raise TypeError("key must be a key string such as \"S\" or \"ctrl+s\"")
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise TypeError("description must be a string")
    timeout = entry.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= MAX_TIMEOUT:
        raise ValueError("timeout must be a number of seconds (0: no limit)")
    pause = entry.get("pause", False)
    if not isinstance(pause, bool):
        raise TypeError("pause must be true or false")
    return UserCommand(
        name=name,
        run=template,
        mode=mode,
        key=key.strip(),
        description=clean_line(description),
        timeout=float(timeout),
        pause=pause,
        placeholders=placeholders_in(template),
    )


# --------------------------------------------------------------------------- expansion


@dataclass(slots=True)
class Prepared:
    """A command ready to run: the shell line and the files to remove afterwards."""

    command: UserCommand
    shell: str
    workdir: Path | None = None

    def cleanup(self) -> None:
        if self.workdir is None:
            return
        for child in self.workdir.iterdir():
            child.unlink(missing_ok=True)
        self.workdir.rmdir()
        self.workdir = None


def placeholder_value(paper: Paper, name: str) -> str:
    """The text a value placeholder stands for (before quoting); :class:`CommandError` when missing."""
    if name == "id":
        return paper.id
    if name == "title":
        return clean_line(paper.title)
    if name == "abs_url":
        url = links.paper_link(paper)
        if url is None and not paper.id.startswith("local-"):
            url = f"{links.HF_BASE}/papers/{paper.id}"
        if url is None:
            raise CommandError("this paper has no arXiv id: {abs_url} has no value")
        return url
    if name == "pdf_url":
        if not paper.has_arxiv_id:
            raise CommandError("this paper has no arXiv id: {pdf_url} has no value")
        return f"https://arxiv.org/pdf/{paper.id}"
    if name == "code_url":
        if not paper.code_url:
            raise CommandError("this paper has no code link: {code_url} has no value")
        return clean_line(paper.code_url)
    if name == "bibtex":
        return citations.render(paper, "bibtex")
    raise CommandError(f"unknown placeholder {{{name}}}")


def _file_text(paper: Paper, name: str, fulltext: FulltextLookup | None) -> str:
    if name == "abstract_file":
        authors = ", ".join(clean_line(a) for a in paper.author_names)
        return f"{clean_line(paper.title)}\n\n{authors}\n\n{clean_block(paper.summary)}\n"
    if name == "bibtex_file":
        return citations.render(paper, "bibtex")
    text = fulltext(paper.id) if fulltext is not None else None
    if not text:
        raise CommandError(f"the full text of {paper.id} is not cached: {{fulltext_file}} has no file")
    return clean_block(text)


def prepare(command: UserCommand, paper: Paper, *, fulltext: FulltextLookup | None = None) -> Prepared:
    """Expand *command* for *paper*: every value shell-quoted, files written to a private temp dir.

    Raises:
        CommandError: a placeholder has no value for this paper.
    """
    values: dict[str, str] = {}
    workdir: Path | None = None
    try:
        for name in command.placeholders:
            if name in FILE_PLACEHOLDERS:
                text = _file_text(paper, name, fulltext)
                if workdir is None:
                    workdir = Path(tempfile.mkdtemp(prefix="papers-tui-cmd-"))  # mode 0700
                target = workdir / {"abstract_file": "abstract.txt", "bibtex_file": "paper.bib",
                                    "fulltext_file": "fulltext.txt"}[name]
                target.write_text(text, encoding="utf-8")
                values[name] = str(target)
            else:
                values[name] = placeholder_value(paper, name)
    except BaseException:
        Prepared(command, "", workdir).cleanup()
        raise
    return Prepared(command, expand(command.run, values), workdir)


def expand(template: str, values: Mapping[str, str]) -> str:
    """*template* with each placeholder replaced by ``shlex.quote(values[name])``."""
    out: list[str] = []
    for part in _segments(template):
        if isinstance(part, _Slot):
            if part.name not in values:
                raise CommandError(f"no value for {{{part.name}}}")
            out.append(shlex.quote(values[part.name]))
        else:
            out.append(part)
    return "".join(out)


def registry_command(command: UserCommand) -> Command:
    """*command* as an entry of the one command registry (help, palette, ``[keymap]``)."""
    return Command(command.name, command.key, f"run_user_command('{command.name}')", command.label, USER_GROUP)


def install_user_commands(raw: Any, *, where: str = "config") -> tuple[list[UserCommand], list[str]]:
    """Parse the raw ``[commands]`` table and register the valid ones; (commands, warnings)."""
    commands, warnings = parse_commands(raw, reserved={c.id for c in COMMANDS}, where=where)
    register_user_commands(registry_command(c) for c in commands)
    return commands, warnings


def taken_keys(command: UserCommand, keymap: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(keys to bind, one warning per key a built-in command already uses in the reader)."""
    keys = effective_keys(dict(keymap))
    builtin: dict[str, str] = {}
    for other in COMMANDS:
        if other.scope in ("app", "feed"):
            for key in normalise_key(keys[other.id]).split(","):
                if key.strip():
                    builtin.setdefault(key.strip(), other.id)
    free: list[str] = []
    warnings: list[str] = []
    for key in normalise_key(keys.get(command.name, command.key)).split(","):
        key = key.strip()
        if not key:
            continue
        if key in builtin:
            warnings.append(f"[commands.{command.name}]: key {key!r} is {builtin[key]}'s; rebind one in [keymap]")
        else:
            free.append(key)
    return free, warnings
