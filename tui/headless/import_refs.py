"""``papers-tui import FILE [--list NAME]``: every entry with an arXiv id joins a reading list.

Papers not in the cache are fetched from Hugging Face (and cached). Entries
without an arXiv id, broken entries and papers that cannot be found are listed
as ``FILE:LINE: ...`` on stderr; the good ones are imported all the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.headless import fail, warn_notices
from tui.headless._library import PaperNotFound, cannot_write, plural, resolve
from tui.services.formats.imports import read_entries
from tui.services.sanitize import clean_line
from tui.services.session import open_session
from tui.services.storage.reading_lists import InvalidName


async def run(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    try:
        fmt, entries = read_entries(path)
    except (OSError, ValueError) as error:
        return fail(f"cannot read {args.file}: {getattr(error, 'strerror', None) or error}")
    list_name = args.list or path.stem
    session = open_session(offline=args.offline)
    warn_notices(session)
    try:
        problem = cannot_write(session)
        if problem:
            return fail(problem)
        found = []
        failures = [(e.line, e.label, e.problem or "") for e in entries if e.problem]
        good = [e for e in entries if e.arxiv_id and not e.problem]
        seen: set[str] = set()
        for number, entry in enumerate(good, start=1):
            if entry.arxiv_id is None or entry.arxiv_id in seen:
                continue
            seen.add(entry.arxiv_id)
            if sys.stderr.isatty():
                print(f"\rpapers-tui: looking up {number}/{len(good)} ...", end="", file=sys.stderr)
            try:
                found.append(await resolve(session, entry.arxiv_id))
            except PaperNotFound as error:
                failures.append((entry.line, entry.label, str(error)))
        if sys.stderr.isatty():
            print("\r\x1b[K", end="", file=sys.stderr)
        if found:
            try:
                added = session.library.reading_lists.add_to_list(list_name, found)
            except InvalidName as error:
                return fail(f"{error} (choose one with --list NAME)")
            print(f"imported {plural(len(found), 'paper')} from {path.name} ({fmt}) into list "
                  f"{clean_line(list_name)!r} ({added:,} new to it)")
        for line, label, reason in sorted(failures):
            print(f"papers-tui: {path.name}:{line}: {clean_line(label)}: {reason}", file=sys.stderr)
        if failures:
            count = len(failures)
            print(f"papers-tui: {count:,} {'entry' if count == 1 else 'entries'} not imported", file=sys.stderr)
        if not found:
            return fail(f"no entry of {path.name} could be imported")
        return 0
    finally:
        await session.aclose()
