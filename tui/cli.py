"""Command line: start the UI, or answer headless subcommands.

The headless paths (``feed --json``, ``cite``, ``open --print`` ...) never
import Textual, so they start fast and work in scripts and cron.
"""

from __future__ import annotations

import contextlib
import gc
import io
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tui import __version__
from tui.models import FeedKey, validate_feed_value

if TYPE_CHECKING:
    import argparse

VIEW_FLAGS = ("date", "week", "month", "trending", "bookmarks", "library", "search", "for_you")
"""The view selectors: each may stand before or after the subcommand."""

_OFFLINE_HELP = "never open a network connection"


def _add_feed_selection(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """The view selectors and ``--offline``.

    They are accepted both before and after the subcommand. Below the top level
    their default is SUPPRESS, so a subparser never overwrites a value given
    before the subcommand with its own default (argparse copies every attribute
    of the subparser's namespace onto the main one).
    """
    import argparse

    default: object = None if top_level else argparse.SUPPRESS
    flag_default: object = False if top_level else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--date", metavar="YYYY-MM-DD", default=default, help="one day of Daily Papers")
    group.add_argument("--week", metavar="YYYY-Www", default=default, help="one ISO week, e.g. 2025-W11")
    group.add_argument("--month", metavar="YYYY-MM", default=default, help="one month")
    group.add_argument("--trending", action="store_true", default=flag_default, help="the trending page")
    group.add_argument("--bookmarks", action="store_true", default=flag_default, help="your bookmarks")
    group.add_argument(
        "--library", action="store_true", default=flag_default, help="every cached paper, newest first"
    )
    group.add_argument(
        "--search", metavar="QUERY", default=default, help="search the cache (and Hugging Face when online)"
    )
    group.add_argument(
        "--for-you", action="store_true", default=flag_default, help="papers matching your watch list (papers-tui watch)"
    )
    _add_offline(parser, top_level=top_level)


def _add_offline(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    import argparse

    parser.add_argument(
        "--offline", action="store_true", default=False if top_level else argparse.SUPPRESS, help=_OFFLINE_HELP
    )


def _selected_views(args: argparse.Namespace) -> list[str]:
    return [f"--{name}" for name in VIEW_FLAGS if getattr(args, name, None)]


def check_global_flags(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse combinations argparse cannot see across the subcommand boundary.

    ``papers-tui --date X feed --week Y`` names two views, and a view selector
    before ``cite`` or ``sync`` would otherwise be silently ignored.
    """
    views = _selected_views(args)
    if len(views) > 1:
        parser.error(f"choose one view: {' and '.join(views)} were both given")
    own = {"export": ["--bookmarks"]}.get(args.command or "")  # `export --bookmarks` is export's own flag
    if views and args.command not in (None, "feed") and views != own:
        parser.error(f"{views[0]} selects a view for the reader or `feed`, not for `{args.command}`")
    if args.offline and args.command == "sync":
        parser.error("`sync` fetches from the network; it cannot run with --offline")


def feed_key_from_args(args: argparse.Namespace | SimpleNamespace) -> FeedKey:
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
    if getattr(args, "for_you", False):
        return FeedKey("for-you")
    return FeedKey("latest")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="papers-tui",
        description="A terminal reader for the Hugging Face daily / trending papers feed.",
        epilog="Run without a command to start the reader. Press ? inside it for every key.",
    )
    parser.add_argument("--version", action="version", version=f"papers-tui {__version__}")
    _add_feed_selection(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    feed = commands.add_parser("feed", help="print a listing without starting the UI")
    _add_feed_selection(feed)
    feed.add_argument("--json", action="store_true", help="one JSON object per line")
    feed.add_argument("--refresh", action="store_true", help="fetch even when cached")
    step = feed.add_mutually_exclusive_group()
    step.add_argument("--prev", dest="step", action="store_const", const=-1,
                      help="the listing before --date/--week/--month that has papers (like [ in the reader)")
    step.add_argument("--next", dest="step", action="store_const", const=1,
                      help="the listing after it that has papers (like ] in the reader)")

    opener = commands.add_parser("open", help="open a paper's code, page, PDF or project page")
    opener.add_argument("id", help="arXiv id (or a local sample id)")
    which = opener.add_mutually_exclusive_group()
    for flag, what in (("--code", "the code (default)"), ("--paper", "the arXiv page"),
                       ("--pdf", "the PDF"), ("--project", "the project page")):
        which.add_argument(flag, dest="target", action="store_const", const=flag[2:], help=what)
    opener.add_argument("--print", action="store_true", help="print the URL instead of opening it")
    _add_offline(opener)

    cite = commands.add_parser("cite", help="print a citation for a paper")
    cite.add_argument("id", help="arXiv id")
    cite.add_argument("--format", default="bibtex",
                      choices=["bibtex", "biblatex", "apa", "markdown", "plain", "key"])
    _add_offline(cite)

    marks = commands.add_parser("bookmarks", help="list, add, remove or export bookmarks")
    marks_sub = marks.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    marks_sub.add_parser("list", help="bookmarked papers, newest first")
    add = marks_sub.add_parser("add", help="bookmark a paper")
    add.add_argument("id")
    remove = marks_sub.add_parser("remove", help="remove a bookmark")
    remove.add_argument("id")
    export = marks_sub.add_parser("export", help="all bookmarks as one citation file")
    export.add_argument("--format", default="bibtex", choices=["bibtex", "biblatex", "markdown", "json"])
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    _add_offline(marks)
    for action_parser in marks_sub.choices.values():
        _add_offline(action_parser)  # also after the action: bookmarks list --offline

    keys = commands.add_parser("keys", help="print the active keymap (command id, keys, description)")
    _add_offline(keys)

    author = commands.add_parser("author", help="print the profiles of a paper's authors")
    author.add_argument("--paper", required=True, metavar="ID", help="arXiv id of the paper")
    author.add_argument("--json", action="store_true", help="JSON output")
    _add_offline(author)

    sync = commands.add_parser("sync", help="fetch every daily listing in a date range into the cache")
    span = sync.add_mutually_exclusive_group(required=True)
    span.add_argument("--since", metavar="YYYY-MM-DD", help="first day to fetch")
    span.add_argument("--days", type=int, metavar="N", help="the last N days up to today")
    sync.add_argument("--until", metavar="YYYY-MM-DD", help="last day to fetch (default: today)")
    sync.add_argument("--quiet", "-q", action="store_true", help="no progress, only errors (for cron)")
    sync.add_argument("--refetch", action="store_true", help="fetch days already complete too")

    sync.add_argument("--full-text", action="store_true",
                      help="also fetch the full text of every synced paper (resumable, paced for arXiv)")
    sync.add_argument("--max-mb", type=float, metavar="MB", help="stop prefetching when the texts take this much")
    sync.add_argument("--pace", type=float, default=3.0, metavar="SECONDS",
                      help="seconds between two arXiv requests (default 3)")

    read = commands.add_parser("read", help="print a paper's full text as Markdown (pipe it to less)")
    read.add_argument("id", help="arXiv id or URL")
    read.add_argument("--refresh", action="store_true", help="fetch again even when cached")
    _add_offline(read)

    refs = commands.add_parser("refs", help="a paper's references, citations or similar papers")
    refs.add_argument("id", help="arXiv id or URL")
    graph_kind = refs.add_mutually_exclusive_group()
    graph_kind.add_argument("--citations", action="store_true", help="papers citing it, newest first")
    graph_kind.add_argument("--similar", action="store_true", help="similar papers (Semantic Scholar)")
    refs.add_argument("--json", action="store_true", help="one JSON object per line")
    refs.add_argument("--refresh", action="store_true", help="fetch again even when cached")
    _add_offline(refs)

    cache = commands.add_parser(
        "cache", help="cache housekeeping",
        description="stats: what the cache holds and the space it takes. vacuum: give freed space back to the disk. "
                    "clear: remove every cached listing, paper, author profile, full text, citation list, citation "
                    "count and comment thread (all fetched again when needed); kept: your bookmarks, read state, "
                    "lists and notes (a separate file) and where you left off in each paper.",
    )
    cache.add_argument("cache_command", choices=["stats", "vacuum", "clear"], metavar="{stats,vacuum,clear}")
    _add_offline(cache)

    from tui.cli_watch import add_digest_parser, add_watch_parser

    add_watch_parser(commands)
    add_digest_parser(commands)
    from tui.cli_library import add_library_commands

    add_library_commands(commands)

    from tui.headless.list_sync_args import add_sync_commands  # keep last: it joins an existing `lists`

    add_sync_commands(commands)
    return parser


_READER_SWITCHES = {"--trending": "trending", "--bookmarks": "bookmarks", "--library": "library",
                    "--for-you": "for_you"}
"""The view selectors that take no value: a start with these alone needs no parser."""


def _reader_args(argv: Sequence[str]) -> argparse.Namespace | SimpleNamespace | None:
    """The arguments of a plain reader start (no command), or None for anything else.

    ``--offline`` and at most one switch (``--library`` ...) are read by hand; a
    view with a value (``--date``, ``--search`` ...) by a parser of the view
    selectors alone. Neither builds the parsers of every command (start-up time
    the reader does not need). Anything not fully accepted here (a command,
    ``--help``, ``--version``, a mistake) goes to the full parser, which gives
    the usual answer.
    """
    if all(arg == "--offline" or arg in _READER_SWITCHES for arg in argv):
        views = {_READER_SWITCHES[arg] for arg in argv if arg != "--offline"}
        if len(views) <= 1:
            switches = _READER_SWITCHES.values()  # the other view selectors take a value: None here
            return SimpleNamespace(command=None, offline="--offline" in argv,
                                   **{name: (name in views) if name in switches else None for name in VIEW_FLAGS})
        return None  # two views: the full parser's error
    if any(arg in ("-h", "--help") or arg.startswith("--h") for arg in argv):
        return None
    import argparse

    parser = argparse.ArgumentParser(prog="papers-tui", add_help=False, exit_on_error=False, allow_abbrev=False)
    _add_feed_selection(parser, top_level=True)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            parsed, extra = parser.parse_known_args(list(argv))
    except (argparse.ArgumentError, SystemExit):
        return None
    if extra:
        return None
    parsed.command = None
    return parsed


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    reader = _reader_args(argv)
    args = None
    if reader is None:
        parser = build_parser()
        args = parser.parse_args(argv)
        check_global_flags(parser, args)
    try:
        if reader is not None:
            return _run_app(reader)
        assert args is not None
        if args.command is None:
            return _run_app(args)
        from tui import headless

        return headless.dispatch(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _run_app(args: argparse.Namespace | SimpleNamespace) -> int:
    key = feed_key_from_args(args)
    # Start-up allocates much and frees little: no cyclic garbage collection until the
    # first titles are on screen (the reader screen turns it back on, run_app at the latest).
    gc.disable()
    from tui.app import run_app

    return run_app(key, offline=args.offline)
