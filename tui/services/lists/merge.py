"""The three-way merge of a reading list with its collection (pure: no I/O).

Inputs: the local list (paper id -> note), the collection's paper items, and
the base (what both sides held after the last sync). Rules, per paper:

* added on one side only -> added on the other; removed on one side only
  (and not edited on the other) -> removed on the other; on both -> nothing;
* removed on one side but its note edited on the other -> kept on both, with
  the edited note (a note is never lost to a removal), and reported;
* note changed on one side -> copied to the other (cut with a marker when
  longer than the collection's 500 characters; the local copy stays whole);
* note changed on both sides to different texts -> a **conflict**: both
  versions are kept, one after the other, on both sides, and it is reported;
* a local paper without an arXiv id stays local and is reported.

Notes are compared with runs of whitespace folded, so a server that tidies
spaces is not mistaken for an edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tui.models import is_arxiv_id
from tui.services.net.collections_parse import CUT_MARKER, CollectionItem, cut_note
from tui.services.storage.list_sync_state import BaseEntry

OpKind = Literal["push_add", "push_remove", "push_note", "pull_add", "pull_remove", "pull_note", "resolve", "agree"]
PUSHES = ("push_add", "push_remove", "push_note", "resolve")
PULLS = ("pull_add", "pull_remove", "pull_note", "resolve")

CONFLICT_HEADER = "--- conflicting edit (version from Hugging Face) ---"


@dataclass(frozen=True, slots=True)
class Op:
    kind: OpKind
    paper_id: str
    note: str = ""
    """push: the whole local note (cut when sent); pull / resolve / agree: the note both sides end with."""
    item_id: str = ""
    title: str = ""
    published_at: str = ""
    reason: str = ""
    """Why a paper was kept despite a removal ("" for ordinary changes)."""


@dataclass(slots=True)
class Plan:
    ops: list[Op] = field(default_factory=list)
    local_only: list[str] = field(default_factory=list)
    """Local papers with no arXiv id: they cannot go to a collection."""

    def of(self, *kinds: str) -> list[Op]:
        return [op for op in self.ops if op.kind in kinds]

    @property
    def remote_changes(self) -> list[Op]:
        return self.of(*PUSHES)

    @property
    def local_changes(self) -> list[Op]:
        return self.of(*PULLS)

    @property
    def conflicts(self) -> list[Op]:
        return self.of("resolve")

    @property
    def kept(self) -> list[Op]:
        return [op for op in self.ops if op.reason]

    @property
    def empty(self) -> bool:
        return not any(op.kind != "agree" for op in self.ops)

    def remote_summary(self) -> str:
        """``3 to add, 1 to remove, 2 notes to update`` (or ``nothing to change``)."""
        return _summary(len(self.of("push_add")), len(self.of("push_remove")), len(self.of("push_note", "resolve")))

    def local_summary(self) -> str:
        return _summary(len(self.of("pull_add")), len(self.of("pull_remove")), len(self.of("pull_note", "resolve")))


def _summary(adds: int, removes: int, notes: int) -> str:
    parts = [f"{adds} to add" if adds else "", f"{removes} to remove" if removes else "",
             f"{notes} note{'s' if notes != 1 else ''} to update" if notes else ""]
    return ", ".join(p for p in parts if p) or "nothing to change"


def fold(note: str) -> str:
    return " ".join(note.split())


def same_note(local: str, remote: str) -> bool:
    """True when *remote* is what the collection holds for *local* (equal, or its cut copy)."""
    if fold(local) == fold(remote):
        return True
    return fold(cut_note(local)) == fold(remote)


def remote_matches_base(remote: str, base: BaseEntry) -> bool:
    if fold(remote) == fold(base.remote):
        return True
    # A cut copy made by another version of the marker still means "unchanged" if it is a prefix.
    stem = base.remote.removesuffix(CUT_MARKER).strip()
    return bool(stem) and base.remote.endswith(CUT_MARKER) and fold(remote).startswith(fold(stem))


def merged_conflict(local: str, remote: str) -> str:
    """Both versions of a note, the local one first."""
    return f"{local.rstrip()}\n\n{CONFLICT_HEADER}\n{remote.strip()}"


def plan(local: dict[str, str], remote: dict[str, CollectionItem], base: dict[str, BaseEntry]) -> Plan:
    """What to change on each side so both end equal (see the module docstring)."""
    result = Plan()
    for paper_id in sorted(set(local) | set(remote) | set(base)):
        entry = base.get(paper_id)
        if paper_id in local and not is_arxiv_id(paper_id):
            result.local_only.append(paper_id)
            continue
        op = _decide(paper_id, local.get(paper_id), remote.get(paper_id), entry)
        if op is not None:
            result.ops.append(op)
    return result


def _decide(paper_id: str, mine: str | None, theirs: CollectionItem | None, entry: BaseEntry | None) -> Op | None:
    if theirs is not None:
        remote_note = theirs.note
        meta = {"item_id": theirs.item_id, "title": theirs.title, "published_at": theirs.published_at}
    if entry is None:
        if mine is not None and theirs is None:
            return Op("push_add", paper_id, mine)
        if mine is None and theirs is not None:
            return Op("pull_add", paper_id, remote_note, **meta)
        if mine is not None and theirs is not None:
            op = _both_have(paper_id, mine, remote_note, BaseEntry(), meta)
            return op or Op("agree", paper_id, mine, item_id=theirs.item_id)
        return None
    if mine is None and theirs is None:
        return Op("agree", paper_id)  # removed on both sides: forget it
    if theirs is None:
        assert mine is not None
        if fold(mine) != fold(entry.local):
            return Op("push_add", paper_id, mine, reason="removed on Hugging Face, but its note was edited here")
        return Op("pull_remove", paper_id)
    if mine is None:
        if not remote_matches_base(remote_note, entry):
            return Op("pull_add", paper_id, remote_note, **meta,
                      reason="removed here, but its note was edited on Hugging Face")
        return Op("push_remove", paper_id, item_id=theirs.item_id)
    return _both_have(paper_id, mine, remote_note, entry, meta)


def _both_have(paper_id: str, mine: str, remote_note: str, entry: BaseEntry, meta: dict[str, str]) -> Op | None:
    local_changed = fold(mine) != fold(entry.local)
    remote_changed = not remote_matches_base(remote_note, entry)
    item_id = meta["item_id"]
    if same_note(mine, remote_note):
        if entry.item_id != item_id or local_changed or remote_changed:
            return Op("agree", paper_id, mine, item_id=item_id)
        return None
    if local_changed and remote_changed:
        if not mine.strip():
            return Op("pull_note", paper_id, remote_note, item_id=item_id)
        if not remote_note.strip():
            return Op("push_note", paper_id, mine, item_id=item_id)
        return Op("resolve", paper_id, merged_conflict(mine, remote_note), item_id=item_id,
                  title=meta.get("title", ""))
    if local_changed:
        return Op("push_note", paper_id, mine, item_id=item_id)
    return Op("pull_note", paper_id, remote_note, item_id=item_id)
