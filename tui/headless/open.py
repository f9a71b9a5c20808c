"""``papers-tui open ID [--code|--paper|--pdf|--project] [--print]``.

Opens the link the way the app would (``$BROWSER``, the system opener), or,
in an SSH session or on a box with no display, prints the URL with a note
instead of starting a browser nobody can see. ``--print`` always just prints.
"""

from __future__ import annotations

import argparse
import sys

from tui.headless import fail
from tui.headless._lookup import PaperNotFound, paper_for_command
from tui.models import Paper
from tui.services.system.links import ARXIV_BASE, HF_BASE, code_link, describe_environment, open_url, safe_url

WHAT = {"code": "code link", "paper": "paper page", "pdf": "PDF", "project": "project page"}


def target_url(paper: Paper, target: str) -> tuple[str | None, str]:
    """The URL for *target* (``code``, ``paper``, ``pdf``, ``project``) and, when None, why."""
    if target == "code":
        return code_link(paper), "no code link for this paper"
    if target == "project":
        return paper.project_page, "no project page for this paper"
    if not paper.has_arxiv_id:
        if target == "paper" and not paper.id.startswith("local-"):
            return f"{HF_BASE}/papers/{paper.id}", ""
        return None, f"{paper.id} has no arXiv id, so no {WHAT[target]}"
    if target == "pdf":
        return f"{ARXIV_BASE}/pdf/{paper.id}", ""
    return f"{ARXIV_BASE}/abs/{paper.id}", ""


async def run(args: argparse.Namespace) -> int:
    target = args.target or "code"
    try:
        paper = await paper_for_command(args.id, offline=args.offline)
    except PaperNotFound as error:
        return fail(str(error))
    raw, missing = target_url(paper, target)
    if raw is None:
        return fail(missing)
    url = safe_url(raw)
    if url is None:
        # Never printed: it is exactly what could not be trusted on a terminal.
        return fail(f"the {WHAT[target]} of {paper.id} is not a safe http(s) URL; refused")
    if args.print:
        print(url)
        return 0
    plan = describe_environment()
    result = open_url(url, plan)
    if result.status == "launched":
        print(f"papers-tui: opened {url}", file=sys.stderr)
        return 0
    # Printed to stdout so it can be piped or clicked; the note explains why it was not opened.
    print(url)
    if result.status == "show":
        print(f"papers-tui: not opened here ({result.reason}); open the URL above on your machine",
              file=sys.stderr)
        return 0
    return fail(f"could not open it: {result.reason}")
