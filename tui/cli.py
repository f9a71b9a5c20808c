"""Command line: start the UI, or answer headless subcommands.

The headless paths (``feed --json``, ``cite``, ``open --print`` ...) never
import Textual, so they start fast and work in scripts and cron.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tui import __version__
from tui.models import FeedKey, validate_feed_value


def _add_feed_selection(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--date", metavar="YYYY-MM-DD", help="one day of Daily Papers")
    group.add_argument("--week", metavar="YYYY-Www", help="one ISO week, e.g. 2025-W11")
    group.add_argument("--month", metavar="YYYY-MM", help="one month")
    group.add_argument("--trending", action="store_true", help="the trending page")
    group.add_argument("--bookmarks", action="store_true", help="your bookmarks")
    group.add_argument("--library", action="store_true", help="every cached paper, newest first")
    group.add_argument("--search", metavar="QUERY", help="search the cache (and Hugging Face when online)")
    parser.add_argument("--offline", action="store_true", help="never open a network connection")


def feed_key_from_args(args: argparse.Namespace) -> FeedKey:
    """The listing the arguments ask for (``latest`` when none)."""
    for kind in ("date", "week", "month"):
        value = getattr(args, kind)
        if value:
            feed_kind = "day" if kind == "date" else kind
            problem = validate_feed_value(feed_kind, value)  # type: ignore[arg-type]
            if problem:
                raise SystemExit(f"papers-tui: {problem}")
            return FeedKey(feed_kind, value)  # type: ignore[arg-type]
    if args.trending:
        return FeedKey("trending")
    if args.bookmarks:
        return FeedKey("bookmarks")
    if args.library:
        return FeedKey("library")
    if args.search:
        return FeedKey("search", args.search.strip())
    return FeedKey("latest")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papers-tui",
        description="A terminal reader for the Hugging Face daily / trending papers feed.",
        epilog="Run without a command to start the reader. Press ? inside it for every key.",
    )
    parser.add_argument("--version", action="version", version=f"papers-tui {__version__}")
    _add_feed_selection(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    feed = commands.add_parser("feed", help="print a listing without starting the UI")
    _add_feed_selection(feed)
    feed.add_argument("--json", action="store_true", help="one JSON object per line")
    feed.add_argument("--refresh", action="store_true", help="fetch even when cached")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _run_app(args)
        from tui import headless

        return headless.dispatch(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _run_app(args: argparse.Namespace) -> int:
    key = feed_key_from_args(args)
    from tui.app import run_app

    return run_app(key, offline=args.offline)
