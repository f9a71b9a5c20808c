"""Named reading lists and per-paper notes (library schema V2, issue #13) sync like the bookmarks.

Runs once the library has named lists (``tui.services.storage.reading_lists``); the
rest of the list-sync suite then also runs through the same adapter, since
``store_for`` picks it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import collections_routes
from tests.fakes.server import FakeServer
from tests.unit.list_sync_machines import TOKEN, Machine
from tui.models import Paper
from tui.services.storage.library import UserLibrary

pytest.importorskip("tui.services.storage.reading_lists", reason="named lists arrive with the library schema V2 (#13)")


def test_a_named_list_syncs_between_two_machines_with_its_notes(tmp_path: Path, fake_server: FakeServer) -> None:
    state = collections_routes.install(fake_server)
    state.add_user(TOKEN, "alice")
    ids = [item["paper"]["id"] for item in fake_server.hub.all_items()]
    a, b = Machine("A", tmp_path / "A", fake_server), Machine("B", tmp_path / "B", fake_server)
    library = UserLibrary(a.data_dir / "library.sqlite3")
    parts = getattr(library, "reading_lists")  # noqa: B009 - absent before schema V2
    parts.add_to_list("to read", [Paper(id=ids[0], title="x"), Paper(id=ids[1], title="y")])
    parts.save_note(Paper(id=ids[0], title="x"), "note A", base_revision=None)
    library.close()
    a.ok("lists", "link", "To Read", "--create")  # any spelling names the stored list
    a.ok("lists", "sync", "TO READ", "--yes")
    (slug,) = [c["slug"] for c in state.collections.values()]
    assert state.papers_in(slug) == {ids[0]: "note A", ids[1]: ""}
    library = UserLibrary(b.data_dir / "library.sqlite3")
    getattr(library, "reading_lists").create_list("to read")  # noqa: B009
    library.close()
    b.ok("lists", "link", "to read", "--collection", slug)
    b.ok("lists", "sync")
    library = UserLibrary(b.data_dir / "library.sqlite3")
    parts = getattr(library, "reading_lists")  # noqa: B009
    assert set(parts.list_ids("to read")) == {ids[0], ids[1]}
    assert parts.note(ids[0]).body.strip() == "note A"
    library.close()
    assert "no local changes waiting" in a.ok("lists", "status", "to read")
