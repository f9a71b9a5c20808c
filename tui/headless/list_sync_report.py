"""Printing list-sync plans and reports, and the one-key questions (headless, no Textual)."""

from __future__ import annotations

import sys

from tui.services.lists.merge import Op, Plan
from tui.services.lists.sync import SyncReport
from tui.services.storage.list_sync_state import Link

_SIGNS = {
    "push_add": ("+", "add on Hugging Face"),
    "push_remove": ("-", "remove from Hugging Face"),
    "push_note": ("~", "note to Hugging Face"),
    "pull_add": ("+", "add here"),
    "pull_remove": ("-", "remove here"),
    "pull_note": ("~", "note from Hugging Face"),
    "resolve": ("!", "note changed on both sides: both versions kept"),
}


def ask(prompt: str, choices: str, *, default: str) -> str:
    """One answer from *choices* (first letters), *default* on Enter or end of input."""
    try:
        answer = input(prompt).strip().lower()[:1]
    except EOFError:
        return default
    return answer if answer and answer in choices else default


def _line(op: Op) -> str:
    sign, what = _SIGNS[op.kind]
    extra = f" ({op.reason})" if op.reason else ""
    return f"  {sign} {op.paper_id:<12} {what}{extra}"


def print_plan(plan: Plan, link: Link, *, header: str = "") -> None:
    """The plan on stdout: the remote summary line first, then one line per change."""
    if header:
        print(header)
    print(f"{plan.remote_summary()} on {link.url}")
    print(f"{plan.local_summary()} here")
    for op in plan.ops:
        if op.kind != "agree":
            print(_line(op))
    for paper_id in plan.local_only:
        print(f"  = {paper_id:<12} stays local (no arXiv id)")


def print_report(report: SyncReport) -> None:
    link = report.link
    if report.dry_run:
        assert report.plan is not None
        print(f"{report.name} ⇄ {link.url} (dry run: nothing changed)")
        print_plan(report.plan, link)
        return
    print(f"{report.name} ⇄ {link.url}")
    pushed = [op for op in report.pushed if op.kind != "resolve"]
    pulled = [op for op in report.pulled]
    if pulled:
        print(f"  from Hugging Face: {_counts(pulled)}")
    if pushed:
        print(f"  to Hugging Face: {_counts(pushed)}")
    for op in report.kept:
        print(f"  kept {op.paper_id}: {op.reason}")
    for op in report.conflicts:
        print(f"  conflict {op.paper_id}: its note changed here and on Hugging Face; "
              "both versions are kept, one after the other, on both sides")
    if report.unknown:
        print(f"  not on Hugging Face (kept here, not sent): {', '.join(report.unknown)}")
    if report.local_only:
        print(f"  stays local (no arXiv id): {', '.join(report.local_only)}")
    if report.stopped:
        waiting = f"{report.pending} change{'s' if report.pending != 1 else ''}"
        print(f"papers-tui: {report.name}: stopped early: {report.stopped}; "
              f"{waiting} queued for the next sync", file=sys.stderr)
    elif not (pulled or pushed or report.conflicts):
        print("  already in sync")
    else:
        print("  in sync")


def _counts(ops: list[Op]) -> str:
    adds = sum(op.kind.endswith("_add") for op in ops)
    removes = sum(op.kind.endswith("_remove") for op in ops)
    notes = sum(op.kind.endswith("_note") for op in ops)
    return f"{adds} added, {removes} removed, {notes} note{'s' if notes != 1 else ''} updated"
