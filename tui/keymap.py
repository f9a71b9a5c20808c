"""The user's ``[keymap]`` checked against the command registry (no Textual import).

Only what survives these checks is applied, shown by ``papers-tui keys`` and
drawn in the help: an unknown id, a key given to two commands, a reserved key
or a keymap that would leave no way to quit is reported and not applied.
"""

from __future__ import annotations

from collections import defaultdict

from tui.commands import BY_ID, COMMANDS, display_key, normalise_key

RESERVED_KEYS = {"ctrl+q": "quit (always)", "ctrl+c": "Textual's quit help"}
"""Keys no command may take: ctrl+q keeps the reader quittable whatever the keymap says."""
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-")


OWN_SCREENS = frozenset(("paper", "graph", "authors-screen"))
"""Scopes of screens that bind their own keys over the reader's (the paper view, a reference feed,
the full-screen authors view)."""


def _conflicts(scope_a: str, scope_b: str) -> bool:
    # Screen-wide keys clash with every pane's keys; panes' own keys only with their pane.
    if scope_a in OWN_SCREENS or scope_b in OWN_SCREENS:
        return scope_a == scope_b
    return scope_a == scope_b or "app" in (scope_a, scope_b)


def resolve_keymap(
    keymap: dict[str, str], where: str = "[keymap]", user_ids: frozenset[str] = frozenset()
) -> tuple[dict[str, str], list[str]]:
    """``(overrides to apply, problems)``: keys normalised to Textual names.

    Args:
        keymap: command id -> keys, as read from the config file.
        where: how messages name the table (the config file and table).
        user_ids: names of the config's ``[commands]``; their keys pass through here and are
            checked against the built-in keys when the app binds them.
    """
    problems: list[str] = []
    applied: dict[str, str] = {}
    passed: dict[str, str] = {}
    for command_id, keys in keymap.items():
        shown = ascii(command_id)[1:-1][:40]
        if command_id in user_ids and command_id not in BY_ID:
            passed[command_id] = keys
            continue
        if command_id not in BY_ID:
            problems.append(f"{where}: unknown command id '{shown}' ignored")
            continue
        normal = normalise_key(keys)
        names = [k.strip() for k in normal.split(",") if k.strip()]
        bad = [k for k in names if not set(k) <= _KEY_CHARS]
        reserved = [k for k in names if k in RESERVED_KEYS]
        if not names or bad:
            problems.append(f"{where}: {command_id} = {ascii(keys)[:40]} is not a key name; keeping the default")
        elif reserved:
            problems.append(
                f"{where}: {command_id} cannot take {reserved[0]} (reserved: {RESERVED_KEYS[reserved[0]]}); "
                "keeping the default"
            )
        else:
            applied[command_id] = ",".join(names)
    # A key given to two commands: report both ids and keep both defaults, until none clash.
    while True:
        clash = _first_clash(applied)
        if clash is None:
            break
        key, first, second = clash
        dropped = [i for i in (first, second) if i in applied]
        problems.append(
            f"{where}: key {display_key(key)!r} is given to both {first} and {second}; "
            f"{' and '.join(dropped)} keep{'s' if len(dropped) == 1 else ''} the default"
        )
        for command_id in dropped:
            applied.pop(command_id)
    return {**applied, **passed}, problems


def effective(applied: dict[str, str]) -> dict[str, str]:
    """Command id -> keys in effect."""
    return {c.id: applied.get(c.id, normalise_key(c.keys)) for c in COMMANDS}


def _first_clash(applied: dict[str, str]) -> tuple[str, str, str] | None:
    keys = effective(applied)
    owners: dict[str, list[str]] = defaultdict(list)
    for command in COMMANDS:
        for key in keys[command.id].split(","):
            key = key.strip()
            for other in owners[key]:
                if _conflicts(BY_ID[other].scope, command.scope) and (
                    other in applied or command.id in applied
                ):
                    return key, other, command.id
            owners[key].append(command.id)
    return None
