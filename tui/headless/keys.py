"""``papers-tui keys``: the active keymap, defaults with the config's ``[keymap]`` applied.

Reads only the config file (no cache, no network, no Textual), so it answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from tui.commands import all_commands, display_key, effective_keys, normalise_key, unknown_keymap_ids
from tui.config import Paths, load_settings
from tui.services.system.user_commands import install_user_commands, taken_keys


def keymap_lines(keymap: dict[str, str]) -> list[str]:
    """One line per command: id, keys (``*`` when rebound), description, grouped as in the help."""
    keys = effective_keys(keymap)
    id_width = max(len(c.id) for c in all_commands())
    key_width = max(len(display_key(k)) for k in keys.values()) + 2
    lines: list[str] = []
    group = None
    for command in all_commands():
        if command.group != group:
            group = command.group
            lines.append(("" if not lines else "\n") + f"{group}:")
        shown = display_key(keys[command.id]) + (" *" if command.id in keymap else "")
        lines.append(f"  {command.id:<{id_width}}  {shown:<{key_width}}  {command.description}")
    return lines


def problems(keymap: dict[str, str]) -> list[str]:
    """Unknown ids, and keys bound to two commands of the same scope."""
    found = [f"[keymap]: unknown command id {name!r} ignored" for name in unknown_keymap_ids(keymap)]
    keys = effective_keys(keymap)
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for command in all_commands():
        for key in normalise_key(keys[command.id]).split(","):
            if key.strip():  # no key: palette only
                owners[(command.scope, key.strip())].append(command.id)
    for (_, key), ids in owners.items():
        if len(ids) > 1:
            found.append(f"[keymap]: key {display_key(key)!r} is bound to {', '.join(ids)}")
    return found


async def run(args: argparse.Namespace) -> int:
    paths = Paths.from_env()
    settings = load_settings(paths.config_file)
    commands, command_warnings = install_user_commands(settings.commands, where=str(paths.config_file))
    command_warnings += [w for c in commands for w in taken_keys(c, settings.keymap)[1]]
    for warning in [*settings.warnings, *command_warnings]:
        print(f"papers-tui: {warning}", file=sys.stderr)
    for problem in problems(settings.keymap):
        print(f"papers-tui: {problem}", file=sys.stderr)
    print(f"# keymap from {paths.config_file}" + ("" if paths.config_file.exists() else " (not found: defaults)"))
    print("# * = rebound in [keymap]; rebind by id, e.g.  [keymap]  open-code = \"O\"\n")
    print("\n".join(keymap_lines(settings.keymap)))
    return 0
