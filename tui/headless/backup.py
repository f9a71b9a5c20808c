"""``papers-tui library export --all [-o FILE]`` and ``papers-tui library import FILE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tui.headless import fail, warn_notices
from tui.headless._library import cannot_write, write_text
from tui.services.session import open_session
from tui.services.storage.backup import BadBackup, dumps, export_all, import_all

MAX_BACKUP = 500 * 2**20


async def run(args: argparse.Namespace) -> int:
    session = open_session(offline=True)
    warn_notices(session)
    try:
        if args.library_command == "export":
            data = export_all(session.library)
            try:
                path = write_text(dumps(data), args.output)
            except OSError as error:
                return fail(f"cannot write {args.output}: {error.strerror or error}")
            if path:
                sizes = ", ".join(f"{len(data[k]):,} {k.replace('_', ' ')}" for k in
                                  ("bookmarks", "notes", "tags", "lists", "pdfs"))
                print(f"papers-tui: library written to {path} ({sizes}; PDF files themselves not included)",
                      file=sys.stderr)
            return 0
        problem = cannot_write(session)
        if problem:
            return fail(problem)
        try:
            with Path(args.file).expanduser().open("rb") as stream:
                raw = stream.read(MAX_BACKUP + 1)
            if len(raw) > MAX_BACKUP:
                return fail(f"{args.file} is larger than {MAX_BACKUP // 2**20} MB")
            data = json.loads(raw.decode("utf-8"))
        except OSError as error:
            return fail(f"cannot read {args.file}: {error.strerror or error}")
        except (ValueError, RecursionError) as error:
            return fail(f"{args.file} is not a papers-tui backup (invalid JSON: {str(error)[:80]})")
        try:
            restored = import_all(session.library, data)
        except BadBackup as error:
            return fail(f"{args.file}: {error}; nothing was changed")
        added = ", ".join(f"{n:,} {k.replace('_', ' ')}" for k, n in restored.counts.items() if n)
        print(f"imported {args.file}: {added or 'nothing new'}"
              + (f"; {restored.merged_notes} notes kept both versions" if restored.merged_notes else ""))
        return 0
    finally:
        await session.aclose()
