"""The three-way merge rules, one by one (pure: no network, no files)."""

from __future__ import annotations

from tui.services.lists.merge import CONFLICT_HEADER, Plan, plan, same_note
from tui.services.net.collections_parse import CollectionItem, cut_note
from tui.services.storage.list_sync_state import BaseEntry

P1, P2, P3 = "2503.00001", "2503.00002", "2503.00003"


def _item(paper_id: str, note: str = "", n: int = 1) -> CollectionItem:
    return CollectionItem(item_id=f"{n:024x}", kind="paper", ref=paper_id, note=note)


def _kinds(result: Plan) -> dict[str, str]:
    return {op.paper_id: op.kind for op in result.ops}


def test_additions_and_removals_on_either_side_are_carried_over() -> None:
    base = {P1: BaseEntry(item_id=f"{1:024x}"), P2: BaseEntry(item_id=f"{2:024x}")}
    local = {P1: "", P3: ""}                       # P2 removed here, P3 added here
    remote = {P2: _item(P2, n=2), "2503.00004": _item("2503.00004", n=4)}  # P1 removed there, P4 added
    assert _kinds(plan(local, remote, base)) == {
        P1: "pull_remove", P2: "push_remove", P3: "push_add", "2503.00004": "pull_add",
    }


def test_removed_on_both_sides_is_forgotten_and_added_on_both_agrees() -> None:
    result = plan({P2: "same"}, {P2: _item(P2, "same")}, {P1: BaseEntry()})
    assert _kinds(result) == {P1: "agree", P2: "agree"} and result.empty


def test_nothing_changed_means_no_ops() -> None:
    base = {P1: BaseEntry("n", "n", f"{1:024x}")}
    assert plan({P1: "n"}, {P1: _item(P1, "n")}, base).ops == []


def test_note_changes_go_the_right_way_and_whitespace_is_not_an_edit() -> None:
    base = {P1: BaseEntry("old", "old", f"{1:024x}"), P2: BaseEntry("old", "old", f"{2:024x}")}
    result = plan({P1: "new here", P2: "old"}, {P1: _item(P1, "old"), P2: _item(P2, "new  there\n", 2)}, base)
    assert _kinds(result) == {P1: "push_note", P2: "pull_note"}
    assert plan({P1: "a  b"}, {P1: _item(P1, "a b")}, {P1: BaseEntry("a b", "a b", f"{1:024x}")}).ops == []


def test_a_conflict_keeps_both_versions() -> None:
    base = {P1: BaseEntry("old", "old", f"{1:024x}")}
    (op,) = plan({P1: "mine"}, {P1: _item(P1, "theirs")}, base).ops
    assert op.kind == "resolve" and op.note.startswith("mine") and op.note.endswith("theirs")
    assert CONFLICT_HEADER in op.note


def test_a_removal_never_loses_an_edited_note() -> None:
    base = {P1: BaseEntry("old", "old", f"{1:024x}"), P2: BaseEntry("old", "old", f"{2:024x}")}
    result = plan({P1: "edited here"}, {P2: _item(P2, "edited there", 2)}, base)
    kinds = _kinds(result)
    assert kinds == {P1: "push_add", P2: "pull_add"}
    assert all(op.reason for op in result.ops)


def test_long_local_notes_match_their_cut_copy_and_local_ids_stay_local() -> None:
    long = "x" * 900
    base = {P1: BaseEntry(long, cut_note(long), f"{1:024x}")}
    assert plan({P1: long}, {P1: _item(P1, cut_note(long))}, base).ops == []
    assert same_note(long, cut_note(long)) and not same_note(long, "x" * 10)
    result = plan({"local-abc": ""}, {}, {})
    assert result.ops == [] and result.local_only == ["local-abc"]


def test_summaries_name_the_counts() -> None:
    result = plan({P1: "", P2: "note"}, {P3: _item(P3, n=3)}, {P3: BaseEntry(item_id=f"{3:024x}")})
    assert result.remote_summary() == "2 to add, 1 to remove"
    assert result.local_summary() == "nothing to change"
