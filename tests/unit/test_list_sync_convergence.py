"""Two machines, one collection: add on A, remove on B, notes edited on both, any sync order.

Real ``papers-tui`` processes with separate XDG homes against the loopback
fake's collection routes (tests/fakes/collections_routes.py), including a
connection cut halfway through a sync and a note conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import collections_routes
from tests.fakes.collections_routes import CollectionsState
from tests.fakes.server import FakeServer, cut
from tests.unit.list_sync_machines import TOKEN, Machine
from tui.services.lists.merge import CONFLICT_HEADER
from tui.services.net.collections_parse import CUT_MARKER


@pytest.fixture
def hub(fake_server: FakeServer) -> Iterator[tuple[FakeServer, CollectionsState]]:
    state = collections_routes.install(fake_server)
    state.add_user(TOKEN, "alice")
    yield fake_server, state


@pytest.fixture
def ids(fake_server: FakeServer) -> list[str]:
    return [item["paper"]["id"] for item in fake_server.hub.all_items()]


def _machines(tmp_path: Path, server: FakeServer) -> tuple[Machine, Machine]:
    return Machine("A", tmp_path / "A", server), Machine("B", tmp_path / "B", server)


def _linked_pair(tmp_path: Path, server: FakeServer, state: CollectionsState, ids: list[str]) -> tuple[
    Machine, Machine, str
]:
    """A has p0..p2 (a note on p0), linked to a new collection; B linked to it and synced."""
    a, b = _machines(tmp_path, server)
    for paper_id in ids[:3]:
        a.ok("bookmarks", "add", paper_id)
    a.set_note(ids[0], "read section 3")
    out = a.ok("lists", "link", "bookmarks", "--create")
    assert "created and linked" in out and "private" in out
    (slug,) = [c["slug"] for c in state.collections.values()]
    a.ok("lists", "sync", "--yes")
    assert state.papers_in(slug) == {ids[0]: "read section 3", ids[1]: "", ids[2]: ""}
    b.ok("lists", "link", "bookmarks", "--collection", slug)
    out = b.ok("lists", "sync")  # only changes here: no question asked
    assert "from Hugging Face: 3 added" in out
    assert b.members() == a.members()
    return a, b, slug


@pytest.mark.parametrize("order", ["AB", "BA", "ABA", "BAB"])
def test_two_machines_converge_in_any_order_with_a_conflict(
    tmp_path: Path, hub: tuple[FakeServer, CollectionsState], ids: list[str], order: str
) -> None:
    server, state = hub
    a, b, slug = _linked_pair(tmp_path, server, state, ids)
    a.ok("bookmarks", "add", ids[3])          # add on A
    b.ok("bookmarks", "remove", ids[1])       # remove on B
    b.set_note(ids[0], "B: section 3 is wrong")   # a note edited on B only
    a.set_note(ids[2], "A: compare with 2503")    # the same note edited on both: a conflict
    b.set_note(ids[2], "B: reproduce table 2")
    machines = {"A": a, "B": b}
    outputs = [machines[name].ok("lists", "sync", "--yes") for name in order]
    for name in "AB":  # one more pass each, whatever the order was, and nothing moves any more
        machines[name].ok("lists", "sync", "--yes")
    assert "conflict" in "".join(outputs)
    assert a.members() == b.members()
    final = a.members()
    assert set(final) == {ids[0], ids[2], ids[3]}
    assert final[ids[0]] == "B: section 3 is wrong"
    assert "A: compare with 2503" in final[ids[2]] and "B: reproduce table 2" in final[ids[2]]
    assert CONFLICT_HEADER in final[ids[2]]
    assert state.papers_in(slug) == final
    assert "already in sync" in a.ok("lists", "sync", "--yes") and "already in sync" in b.ok("lists", "sync", "--yes")
    assert all(TOKEN not in text for text in a.outputs + b.outputs)
    written = [path for home in (a.home, b.home) for path in home.rglob("*") if path.is_file()]
    assert written and not [path for path in written if TOKEN.encode() in path.read_bytes()]  # no file, no cache


def test_a_cut_connection_halfway_is_finished_by_the_next_sync(
    tmp_path: Path, hub: tuple[FakeServer, CollectionsState], ids: list[str]
) -> None:
    server, state = hub
    a, b, slug = _linked_pair(tmp_path, server, state, ids)
    for paper_id in ids[3:7]:
        a.ok("bookmarks", "add", paper_id)
    items = f"/api/collections/{slug}/items"
    # The first add lands on the server, then the connection drops before the answer arrives.
    state.cut_after_apply.append(("POST", items))
    first = a.run("lists", "sync", "--yes")
    assert first.returncode == 1
    assert "queued for the next sync" in first.stderr and "connection" in first.stderr
    landed = set(state.papers_in(slug))
    assert len(landed & set(ids[3:7])) == 1, "the first add landed, the sync stopped there"
    status = a.ok("lists", "status")
    assert "waiting for the next sync" in status
    # And one more cut, this time before the server saw the request at all.
    server.fail(items, cut(b'{"slug"'))
    second = a.run("lists", "sync", "--yes")
    assert second.returncode == 1
    a.ok("lists", "sync", "--yes")
    assert set(state.papers_in(slug)) == set(a.members())
    adds = [path for method, path in state.writes if method == "POST" and path == items]
    assert len(adds) == len(set(a.members())), "every paper was added exactly once"
    b.ok("lists", "sync", "--yes")
    assert b.members() == a.members()
    assert "no local changes waiting" in a.ok("lists", "status")


def test_a_long_note_stays_whole_here_and_goes_up_cut(
    tmp_path: Path, hub: tuple[FakeServer, CollectionsState], ids: list[str]
) -> None:
    server, state = hub
    a, b, slug = _linked_pair(tmp_path, server, state, ids)
    long_note = ("Careful reading. " * 50).strip()  # 849 characters
    a.set_note(ids[1], long_note)
    a.ok("lists", "sync", "--yes")
    remote = state.papers_in(slug)[ids[1]]
    assert len(remote) <= 500 and remote.endswith(CUT_MARKER.strip())
    assert a.members()[ids[1]] == long_note
    b.ok("lists", "sync", "--yes")
    assert b.members()[ids[1]] == remote
    a.ok("lists", "sync", "--yes")  # the cut copy coming back does not shorten the whole note
    assert a.members()[ids[1]] == long_note


def test_papers_added_on_the_website_come_down_with_metadata(
    tmp_path: Path, hub: tuple[FakeServer, CollectionsState], ids: list[str], fake_server: FakeServer
) -> None:
    server, state = hub
    _, b, slug = _linked_pair(tmp_path, server, state, ids)
    state.add_paper_item(slug, ids[8], "from a colleague")
    out = b.ok("lists", "sync", "--yes")
    assert "from Hugging Face: 1 added" in out
    listing = b.ok("bookmarks", "list")
    title = next(i["paper"]["title"] for i in fake_server.hub.all_items() if i["paper"]["id"] == ids[8])
    assert title in listing
    assert b.members()[ids[8]] == "from a colleague"
    cached = b.ok("feed", "--bookmarks", "--json", "--offline")
    assert ids[8] in cached and title in cached


def test_a_collection_edited_while_syncing_ends_in_sync(
    tmp_path: Path, hub: tuple[FakeServer, CollectionsState], ids: list[str]
) -> None:
    server, state = hub
    a, _, slug = _linked_pair(tmp_path, server, state, ids)
    a.ok("bookmarks", "add", ids[3])
    edits = iter([lambda: state.add_paper_item(slug, ids[9], "added on the web mid-sync")])

    def someone_else_edits(_request: object) -> None:
        for edit in edits:
            edit()
            break

    state.before_write = someone_else_edits
    a.ok("lists", "sync", "--yes")
    assert set(a.members()) == set(state.papers_in(slug)) and ids[9] in a.members()
    assert "already in sync" in a.ok("lists", "sync", "--yes")


@pytest.mark.parametrize("method", ["DELETE", "PATCH", "POST"])
def test_a_cut_after_any_kind_of_write_is_never_applied_twice(
    tmp_path: Path, hub: tuple[FakeServer, CollectionsState], ids: list[str], method: str
) -> None:
    server, state = hub
    a, b, slug = _linked_pair(tmp_path, server, state, ids)
    b.ok("bookmarks", "remove", ids[1])       # a DELETE
    b.set_note(ids[2], "B's second thought")  # a PATCH
    b.ok("bookmarks", "add", ids[4])          # a POST
    state.cut_after_apply.append((method, f"/api/collections/{slug}/items"))
    assert b.run("lists", "sync", "--yes").returncode == 1
    b.ok("lists", "sync", "--yes")
    a.ok("lists", "sync", "--yes")
    assert a.members() == b.members() == state.papers_in(slug)
    assert a.members()[ids[2]] == "B's second thought" and ids[1] not in a.members()
    counts = {m: sum(1 for w, _ in state.writes if w == m) for m in ("POST", "PATCH", "DELETE")}
    assert counts == {"POST": 1 + 3 + 1, "PATCH": 1, "DELETE": 1}, counts  # create, 3 first adds, ids[4]
