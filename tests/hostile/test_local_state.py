"""Local state a user (or an attacker with write access to $HOME) can get wrong: refused with a message."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from textual.command import CommandPalette

from tests.app.harness import make_app, running, settle
from tui.cli import main
from tui.config import Paths, load_settings
from tui.models import Author, FeedKey, Paper
from tui.services.storage.library import UserLibrary
from tui.services.storage.store import CacheStore

PAPER = Paper(id="2503.00001", title="Kept", authors=(Author("A"),))


def _special(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"special-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "dev-zero":
        return Path("/dev/zero")
    return path


@pytest.mark.parametrize("kind", ["fifo", "directory", "dev-zero"])
def test_config_that_is_not_a_file_is_refused(kind: str, tmp_path: Path) -> None:
    path = _special(kind, tmp_path)
    settings = load_settings(path, {})
    assert settings.keymap == {} and len(settings.warnings) == 1
    assert str(path) in settings.warnings[0] and "using defaults" in settings.warnings[0]


@pytest.mark.parametrize("kind", ["fifo", "directory", "dev-zero"])
def test_cache_and_library_that_are_not_files_are_refused(kind: str, tmp_path: Path) -> None:
    path = _special(kind, tmp_path)
    store = CacheStore(path)
    assert store.notice is not None and str(path) in store.notice and "in memory" in store.notice
    store.save_listing(FeedKey("day", "2025-03-05"), [PAPER])  # still works, in memory
    store.close()
    library = UserLibrary(path)
    assert library.notice is not None and "won't be saved" in library.notice
    library.add_bookmark(PAPER)
    library.close()
    assert path.exists() and (kind != "directory" or path.is_dir())  # nothing moved aside or replaced


def test_cache_symlinked_to_the_library_never_touches_the_library(tmp_path: Path) -> None:
    library_path = tmp_path / "library.sqlite3"
    library = UserLibrary(library_path)
    library.add_bookmark(PAPER)
    library.close()
    before = library_path.read_bytes()
    cache_path = tmp_path / "cache.sqlite3"
    cache_path.symlink_to(library_path)
    store = CacheStore(cache_path, other=library_path)
    assert store.notice is not None and "same file" in store.notice
    store.close()
    assert library_path.read_bytes() == before and cache_path.is_symlink()
    again = UserLibrary(library_path, other=cache_path)
    assert again.notice is not None and "same file" in again.notice
    again.close()


def test_headless_command_with_a_fifo_cache_ends_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = Paths.from_env()
    paths.cache_dir.mkdir(parents=True, exist_ok=True)
    os.mkfifo(paths.cache_db)
    code = main(["feed", "--date", "2025-03-05", "--offline"])
    err = capsys.readouterr().err
    assert "is a FIFO" in err and "Traceback" not in err
    assert code in (0, 1)


def _library_with(tmp_path: Path, sql: str) -> Path:
    path = tmp_path / "library.sqlite3"
    library = UserLibrary(path)
    library.add_bookmark(PAPER)
    library.close()
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()
    return path


@pytest.mark.parametrize(
    ("sql", "fragment"),
    [
        ("CREATE TRIGGER sneaky AFTER INSERT ON bookmarks BEGIN DELETE FROM bookmarks; END;", "triggers"),
        ("PRAGMA user_version = 99;", "schema version 99"),
    ],
)
def test_library_with_triggers_or_a_newer_schema_opens_read_only(tmp_path: Path, sql: str, fragment: str) -> None:
    path = _library_with(tmp_path, sql)
    before = path.read_bytes()
    library = UserLibrary(path)
    assert library.read_only and library.notice is not None
    assert fragment in library.notice and "read-only" in library.notice
    assert [p.id for p, _ in library.bookmarks()] == ["2503.00001"]  # never silently hidden
    library.add_bookmark(Paper(id="2503.00002", title="New"))  # this session only
    assert len(library.bookmarks()) == 2  # the copy's trigger was dropped
    library.close()
    assert path.read_bytes() == before


def test_deeply_nested_toml_is_an_error_message(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    settings = load_settings(path, {})
    assert settings.warnings and "using defaults" in settings.warnings[0]


def test_wrong_types_name_file_key_and_what_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('read_after_seconds = "soon"\n[general]\noffline = 3\nrequest_deadline_seconds = -1\n')
    warnings = load_settings(path, {}).warnings
    assert any(str(path) in w and "read_after_seconds" in w and "number of seconds" in w and "default (1.5)" in w
               for w in warnings), warnings
    assert any("offline = 3" in w and "true or false" in w for w in warnings), warnings
    assert any("request_deadline_seconds" in w and "default (30)" in w for w in warnings), warnings


def test_a_keymap_that_would_leave_no_way_to_quit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\nquit = "j"\nsearch = "ctrl+q"\nhelp = "q"\n')
    settings = load_settings(path, {})
    assert "quit" not in settings.keymap and "search" not in settings.keymap and "help" not in settings.keymap
    text = "\n".join(settings.warnings)
    assert "given to both quit and cursor-down" in text or "given to both cursor-down and quit" in text
    assert "search cannot take ctrl+q" in text


async def test_unknown_theme_warns_and_uses_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "no-such-theme"\n')
    monkeypatch.setenv("PAPERS_TUI_CONFIG", str(config))
    app = make_app(None, FeedKey("day", "2025-03-05"), offline=True)
    async with running(app) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("unknown theme 'no-such-theme'" in n.message for n in app._notifications)


async def test_command_palette_can_be_rebound_and_ctrl_q_always_quits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\ncommand-palette = "ctrl+k"\nquit = "Q"\n')
    monkeypatch.setenv("PAPERS_TUI_CONFIG", str(config))
    app = make_app(None, FeedKey("day", "2025-03-05"), offline=True)
    async with running(app) as pilot:
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running
