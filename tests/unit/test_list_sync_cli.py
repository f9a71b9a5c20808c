"""``papers-tui login / whoami / lists link|sync|status``: tokens, plans, faults (real processes)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import collections_routes
from tests.fakes.collections_routes import CollectionsState
from tests.fakes.server import FakeServer
from tests.unit.list_sync_machines import TOKEN, Machine
from tui.models import Paper

READ_TOKEN = "hf_readonlytoken_0123456789"


@pytest.fixture
def hub(fake_server: FakeServer) -> Iterator[CollectionsState]:
    state = collections_routes.install(fake_server)
    state.add_user(TOKEN, "alice")
    state.add_user(READ_TOKEN, "alice", role="read")
    yield state


@pytest.fixture
def ids(fake_server: FakeServer) -> list[str]:
    return [item["paper"]["id"] for item in fake_server.hub.all_items()]


def test_login_saves_the_token_0600_whoami_explains_it_and_never_prints_it(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState
) -> None:
    me = Machine("A", tmp_path / "A", fake_server, token="")
    assert me.run("whoami").returncode == 1 and "papers-tui login" in me.outputs[-1]
    bad = me.run("login", stdin="hf_not_a_known_token_123\n")
    assert bad.returncode == 1 and "rejected the token" in bad.stderr and "nothing saved" in bad.stderr
    assert not (me.data_dir / "hf-token").exists()
    good = me.run("login", stdin=READ_TOKEN + "\n")
    assert good.returncode == 0 and "logged in as alice" in good.stdout
    saved = me.data_dir / "hf-token"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and saved.read_text().strip() == READ_TOKEN
    who = me.ok("whoami")
    assert "read-only token" in who and "cannot change them" in who and "papers-tui login" in who
    assert "from papers-tui login" in who
    assert all(READ_TOKEN not in out for out in me.outputs)
    me.ok("logout")
    assert not saved.exists()


def test_the_huggingface_cli_token_file_is_used(tmp_path: Path, fake_server: FakeServer, hub: CollectionsState) -> None:
    me = Machine("A", tmp_path / "A", fake_server, token="")
    (me.home / "hf").mkdir(parents=True)
    (me.home / "hf" / "token").write_text(TOKEN)
    who = me.ok("whoami")
    assert who.startswith("alice") and "write token" in who and "hf/token" in who
    assert TOKEN not in who


def test_a_malformed_token_is_reported_without_printing_it(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState
) -> None:
    me = Machine("A", tmp_path / "A", fake_server, token="hf_secret part\x1b[31m")
    result = me.run("whoami")
    assert result.returncode == 1 and "HF_TOKEN is malformed" in result.stderr and "not sent" in result.stderr
    assert "secret" not in result.stderr and "\x1b" not in result.stderr


def test_first_sync_needs_yes_off_a_terminal_and_dry_run_changes_nothing(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState, ids: list[str]
) -> None:
    me = Machine("A", tmp_path / "A", fake_server)
    me.ok("bookmarks", "add", ids[0])
    me.ok("bookmarks", "add", ids[1])
    me.ok("lists", "link", "bookmarks", "--create", "--title", "My reading " * 10)
    (collection,) = hub.collections.values()
    assert len(collection["title"]) == 60 and collection["private"] is True
    dry = me.ok("lists", "sync", "--dry-run")
    assert f"2 to add on 127.0.0.1:{fake_server.port}/collections/alice/" in dry and "dry run" in dry
    refused = me.run("lists", "sync")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert "2 to add on" in refused.stdout and hub.writes == [("POST", "/api/collections")]
    me.ok("lists", "sync", "--yes")
    me.ok("bookmarks", "remove", ids[0])
    assert "to Hugging Face: 0 added, 1 removed" in me.ok("lists", "sync")  # confirmed once: no more asking


def test_offline_and_rate_limited_changes_are_queued_then_pushed(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState, ids: list[str]
) -> None:
    from tests.fakes.server import rate_limited

    me = Machine("A", tmp_path / "A", fake_server)
    me.ok("bookmarks", "add", ids[0])
    me.ok("lists", "link", "bookmarks", "--create")
    me.ok("lists", "sync", "--yes")
    me.ok("bookmarks", "add", ids[1])
    me.set_note(ids[0], "offline thought")
    away = me.run("lists", "sync", endpoint="http://127.0.0.1:9")
    assert away.returncode == 1 and "cannot reach Hugging Face" in away.stderr
    assert "2 changes queued for the next sync" in away.stderr
    status = me.ok("lists", "status")
    assert f"2 changes waiting for the next sync: note {ids[0]}, add {ids[1]}" in status
    slug = next(iter(hub.collections.values()))["slug"]
    fake_server.fail(f"/api/collections/{slug}", rate_limited(900))
    limited = me.run("lists", "sync")
    assert limited.returncode == 1 and "rate limited" in limited.stderr and "queued" in limited.stderr
    me.ok("lists", "sync")
    assert hub.papers_in(slug) == {ids[0]: "offline thought", ids[1]: ""}
    assert "no local changes waiting" in me.ok("lists", "status")


def test_a_deleted_collection_is_explained_and_recreated_without_losing_anything(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState, ids: list[str]
) -> None:
    me = Machine("A", tmp_path / "A", fake_server)
    for paper_id in ids[:3]:
        me.ok("bookmarks", "add", paper_id)
    me.ok("lists", "link", "bookmarks", "--create")
    me.ok("lists", "sync", "--yes")
    hub.collections.clear()  # deleted on the website
    gone = me.run("lists", "sync")
    assert gone.returncode == 1 and "is gone" in gone.stderr
    assert "lists link bookmarks --create" in gone.stderr and "lists unlink bookmarks" in gone.stderr
    assert set(me.members()) == set(ids[:3])
    assert "created and linked" in me.ok("lists", "link", "bookmarks", "--create")
    me.ok("lists", "sync", "--yes")
    (slug,) = [c["slug"] for c in hub.collections.values()]
    assert set(hub.papers_in(slug)) == set(ids[:3]) == set(me.members())
    assert "nothing was deleted" in me.ok("lists", "unlink", "bookmarks")


def test_read_only_token_unknown_papers_and_local_only_papers(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState, ids: list[str]
) -> None:
    me = Machine("A", tmp_path / "A", fake_server)
    me.ok("bookmarks", "add", ids[0])
    me.bookmark_offline(Paper(id="2501.99999", title="Not indexed on Hugging Face"))
    me.ok("lists", "link", "bookmarks", "--create")
    out = me.ok("lists", "sync", "--yes")
    assert "not on Hugging Face (kept here, not sent): 2501.99999" in out
    assert "2501.99999" in me.members()
    assert "not on Hugging Face (kept here): 2501.99999" in me.ok("lists", "status")
    me.ok("bookmarks", "add", ids[1])
    me.token = READ_TOKEN
    refused = me.run("lists", "sync")
    assert refused.returncode == 1 and "403" in refused.stderr and "read-only" in refused.stderr
    assert READ_TOKEN not in refused.stderr + refused.stdout


def test_link_rejects_a_bad_slug_and_an_unknown_list(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState
) -> None:
    me = Machine("A", tmp_path / "A", fake_server)
    bad = me.run("lists", "link", "bookmarks", "--collection", "alice/../../etc")
    assert bad.returncode == 2 and "not a collection slug" in bad.stderr
    other = me.run("lists", "link", "to-read", "--create")
    assert other.returncode == 1 and "no reading list named 'to-read'" in other.stderr
    none = me.run("lists", "link", "bookmarks")
    assert none.returncode == 2 and "--collection SLUG" in none.stderr


def test_a_collection_renamed_on_the_website_keeps_its_link(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState, ids: list[str]
) -> None:
    me = Machine("A", tmp_path / "A", fake_server)
    me.ok("bookmarks", "add", ids[0])
    me.ok("lists", "link", "bookmarks", "--create")
    me.ok("lists", "sync", "--yes")
    (live,) = hub.collections.values()
    live["title"], live["slug"] = "Renamed", f"alice/renamed-{live['slug'][-24:]}"
    me.ok("bookmarks", "add", ids[1])
    assert "to Hugging Face: 1 added" in me.ok("lists", "sync")
    assert f"/collections/alice/renamed-{live['slug'][-24:]}" in me.ok("lists", "status")
    assert set(hub.papers_in(live["slug"])) == {ids[0], ids[1]}


def test_a_damaged_state_file_is_reported_and_left_alone(
    tmp_path: Path, fake_server: FakeServer, hub: CollectionsState
) -> None:
    me = Machine("A", tmp_path / "A", fake_server)
    me.data_dir.mkdir(parents=True)
    state_file = me.data_dir / "collections-sync.json"
    state_file.write_bytes(b'{"version": 1, "links": {"bookm')
    for argv in (("lists", "status"), ("lists", "sync")):
        result = me.run(*argv)
        assert result.returncode == 1 and "damaged" in result.stderr
    assert state_file.read_bytes() == b'{"version": 1, "links": {"bookm'
