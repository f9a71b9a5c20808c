"""``papers-tui note ID [--edit | --set TEXT | --clear]``: a paper's Markdown note."""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail, warn_notices
from tui.headless._library import PaperNotFound, cannot_write, resolve
from tui.services.session import open_session
from tui.services.storage.reading_lists import NoteTooLong
from tui.services.system.editor import edit_text


async def run(args: argparse.Namespace) -> int:
    session = open_session(offline=args.offline)
    warn_notices(session)
    lists = session.library.reading_lists
    try:
        try:
            paper = await resolve(session, args.id)
        except PaperNotFound as error:
            return fail(str(error))
        current = lists.note(paper.id)
        if not (args.edit or args.set is not None or args.clear):
            if current is None:
                print(f"papers-tui: {paper.id} has no note (papers-tui note {paper.id} --edit)", file=sys.stderr)
                return 0
            sys.stdout.write(current.body)
            return 0
        problem = cannot_write(session)
        if problem:
            return fail(problem)
        if args.clear:
            text = ""
        elif args.set is not None:
            text = sys.stdin.read() if args.set == "-" else args.set
        else:
            edited = edit_text(current.body if current else "", name=paper.id.replace("/", "_"))
            if edited.text is None:
                return fail((edited.problem or "editor failed").replace("; using the built-in editor", ""))
            text = edited.text
        try:
            saved = lists.save_note(paper, text, base_revision=current.revision if current else None)
        except NoteTooLong as error:
            return fail(str(error))
        except OSError as error:
            return fail(f"cannot save the note: {error.strerror or error}; nothing was changed")
        if saved.note is None:
            print(f"note of {paper.id} deleted")
        else:
            merged = " (another window changed it meanwhile: both texts kept)" if saved.merged else ""
            print(f"note of {paper.id} saved{merged}")
        return 0
    finally:
        await session.aclose()
