"""The ``watch`` and ``digest`` subcommands' arguments (registered by :mod:`tui.cli`).

Kept apart from ``cli.py`` so the watch list's options live with the watch
list; nothing here imports more than argparse.
"""

from __future__ import annotations

import argparse
from typing import Any

KINDS = ("author", "topic", "org", "keyword")
_KIND_HELP = (
    "author: a Semantic Scholar author id (namesakes stay apart); topic: a search query, same syntax as /"
    " in the reader; org: a Hugging Face organization; keyword: a word or phrase in title, abstract or keywords"
)
DIGEST_EPILOG = """\
exit status: 0 new matches printed, 1 nothing new, 2 failure (like grep).

cron, mailing only when there is something new:
  0 8 * * *  papers-tui digest --quiet && papers-tui digest --mark-seen --format markdown | mail -s papers me
"""


def _offline(parser: argparse.ArgumentParser, *, default: Any = argparse.SUPPRESS) -> None:
    # SUPPRESS: a subcommand never overwrites a --offline given before it (papers-tui --offline digest).
    parser.add_argument("--offline", action="store_true", default=default, help="never open a network connection")


def add_watch_parser(commands: Any) -> None:
    """``papers-tui watch list | add KIND VALUE | remove KIND VALUE``."""
    watch = commands.add_parser(
        "watch", help="follow authors, topics, organizations and keywords", description=_KIND_HELP
    )
    actions = watch.add_subparsers(dest="watch_command", metavar="ACTION")
    actions.add_parser("list", help="what you follow")
    for name, what in (("add", "follow"), ("remove", "stop following")):
        action = actions.add_parser(name, help=f"{what} an author, topic, org or keyword", description=_KIND_HELP)
        action.add_argument("kind", choices=KINDS)
        action.add_argument("value", nargs="+", metavar="VALUE", help="the id, query, name or word")
    _offline(watch)
    for action_parser in actions.choices.values():
        # Also accepted after the action (watch add ... --offline); SUPPRESS keeps the outer value.
        _offline(action_parser, default=argparse.SUPPRESS)


def add_digest_parser(commands: Any) -> None:
    """``papers-tui digest [--since last|YYYY-MM-DD] [--format ...] [--mark-seen] [--quiet] [--offline]``."""
    digest = commands.add_parser(
        "digest",
        help="print new papers matching your watch list (for cron and mail)",
        description="Print the papers matching your watch list that are new, refreshing first unless --offline.",
        epilog=DIGEST_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    digest.add_argument(
        "--since", default="last", metavar="last|YYYY-MM-DD",
        help="'last': new since the last --mark-seen (default); a day: every match dated on or after it",
    )
    digest.add_argument("--format", default="text", choices=["text", "markdown", "json"])
    digest.add_argument("--mark-seen", action="store_true", help="what is printed is not new next time")
    digest.add_argument("--quiet", "-q", action="store_true", help="print nothing; only the exit status tells")
    _offline(digest)
