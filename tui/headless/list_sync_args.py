"""Argument tables for ``login`` / ``logout`` / ``whoami`` and ``lists link|unlink|sync|status``.

Kept apart from ``cli.py`` so the subcommand table there only gains a few
calls; each parser names the module that runs it (``handler_module``).
"""

from __future__ import annotations

import argparse
from typing import Any


def _offline(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="never open a network connection")


def add_account_commands(commands: Any) -> None:
    """``login``, ``logout`` and ``whoami`` on the top-level subcommand table."""
    login = commands.add_parser("login", help="save a Hugging Face token for syncing reading lists")
    login.add_argument("--no-verify", action="store_true", help="save without asking Hugging Face who it is")
    login.set_defaults(handler_module="login")
    logout = commands.add_parser("logout", help="forget the token papers-tui login saved")
    logout.set_defaults(handler_module="login")
    whoami = commands.add_parser("whoami", help="which Hugging Face account and token sync would use")
    whoami.set_defaults(handler_module="whoami")


def add_sync_commands(commands: Any) -> None:
    """``login``/``logout``/``whoami``, and ``link``/``unlink``/``sync``/``status`` under ``lists``.

    When another part of the CLI already made a ``lists`` command (the reading-list
    actions), the sync actions join its action table instead of replacing it.
    """
    add_account_commands(commands)
    lists = commands.choices.get("lists")
    if lists is None:
        lists = commands.add_parser("lists", help="reading lists: link them to Hugging Face collections, sync")
        lists_sub = lists.add_subparsers(dest="lists_command", metavar="ACTION", required=True)
    else:
        # argparse has no public way back to a parser's sub-command table.
        lists_sub = next(a for a in lists._actions if isinstance(a, argparse._SubParsersAction))
    add_list_sync_actions(lists_sub)


def add_list_sync_actions(lists_sub: Any) -> None:
    """``link``, ``unlink``, ``sync`` and ``status`` under ``papers-tui lists``."""
    link = lists_sub.add_parser("link", help="link a reading list to a Hugging Face collection")
    link.add_argument("name", metavar="NAME", help="the list (bookmarks)")
    target = link.add_mutually_exclusive_group()
    target.add_argument("--collection", metavar="SLUG", help="an existing collection (slug or URL)")
    target.add_argument("--create", action="store_true", help="a new private collection for this list")
    link.add_argument("--title", help="title of the new collection (at most 60 characters)")
    link.add_argument("--public", action="store_true", help="make the new collection public")
    unlink = lists_sub.add_parser("unlink", help="stop syncing a list (nothing is deleted on either side)")
    unlink.add_argument("name", metavar="NAME")
    sync = lists_sub.add_parser("sync", help="two-way sync of linked lists with their collections")
    sync.add_argument("name", metavar="NAME", nargs="?", help="one list (default: every linked list)")
    sync.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    sync.add_argument("--yes", "-y", action="store_true", help="apply the first sync's plan without asking")
    _offline(sync)
    status = lists_sub.add_parser("status", help="linked lists and their changes waiting to be synced")
    status.add_argument("name", metavar="NAME", nargs="?")
    for parser in (link, unlink, sync, status):
        parser.set_defaults(handler_module="list_sync")
