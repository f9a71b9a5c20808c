"""Subcommands that print instead of drawing. Nothing under here imports Textual."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from tui.services.session import Session

_MODULES = {"import": "import_refs", "library": "backup"}
"""Commands whose module cannot carry their name (``import`` is a keyword)."""

Handler = Callable[[argparse.Namespace], Coroutine[Any, Any, int]]


def dispatch(args: argparse.Namespace) -> int:
    """Run ``tui.headless.<command>.run(args)``; its return value is the exit code."""
    name = getattr(args, "handler_module", None) or _MODULES.get(args.command, args.command.replace("-", "_"))
    module = importlib.import_module(f"tui.headless.{name}")
    handler: Handler = module.run
    return asyncio.run(handler(args))


def warn_notices(session: Session) -> None:
    """Start-up warnings (config errors, cache moved aside ...) go to stderr."""
    for notice in session.notices:
        print(f"papers-tui: {notice}", file=sys.stderr)


def fail(message: str, code: int = 1) -> int:
    print(f"papers-tui: {message}", file=sys.stderr)
    return code
