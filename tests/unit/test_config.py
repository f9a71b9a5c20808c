"""config.toml: defaults, keymap, and clear messages naming file and line for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.commands import COMMANDS, effective_keys, normalise_key, unknown_keymap_ids
from tui.config import Paths, load_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml")
    assert settings.keymap == {} and settings.offline is False and settings.warnings == []


def test_values_and_keymap_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('offline = true\nread_after_seconds = 3\n[keymap]\nopen-code = "Y"\n')
    settings = load_settings(path)
    assert settings.offline is True and settings.read_after_seconds == 3.0
    assert effective_keys(settings.keymap)["open-code"] == "Y"  # O is prefetch-texts (issue 12)
    assert effective_keys(settings.keymap)["quit"] == "q"


def test_syntax_error_names_file_and_line_and_keeps_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('offline = false\n[keymap\nopen-code = "Y"\n')
    settings = load_settings(path)
    assert settings.keymap == {}
    assert len(settings.warnings) == 1
    assert str(path) in settings.warnings[0] and "line 2" in settings.warnings[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("colour = 'red'\n", "unknown setting 'colour'"),
        ("offline = 'yes'\n", "offline must be true or false"),
        ("read_after_seconds = 'soon'\n", "read_after_seconds must be"),
        ("keymap = 3\n", "[keymap] must be a table"),
        ("[keymap]\nquit = 5\n", "quit must be a key string"),
    ],
)
def test_wrong_values_warn_and_are_ignored(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    settings = load_settings(path)
    assert any(fragment in w for w in settings.warnings), settings.warnings


def test_unknown_keymap_ids_are_reported() -> None:
    assert unknown_keymap_ids({"open-code": "O", "launch-rockets": "x"}) == ["launch-rockets"]


def test_keys_people_type_become_textual_key_names() -> None:
    assert normalise_key("[") == "left_square_bracket"
    assert normalise_key("/, ctrl+f") == "slash,ctrl+f"


def test_command_ids_are_unique_and_kebab_case() -> None:
    ids = [c.id for c in COMMANDS]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i and "_" not in i for i in ids)


def test_paths_follow_xdg_and_config_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = Paths.from_env()
    assert str(paths.cache_db).startswith(str(tmp_path))
    assert str(paths.library_db).startswith(str(tmp_path))
    monkeypatch.setenv("PAPERS_TUI_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert Paths.from_env().config_file == tmp_path / "elsewhere.toml"


def test_pdf_dir_comes_from_the_config_or_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('pdf_dir = "~/papers"\n')
    assert load_settings(config, environ={}).pdf_dir == "~/papers"
    assert load_settings(config, environ={"PAPERS_TUI_PDF_DIR": "/srv/pdfs"}).pdf_dir == "/srv/pdfs"
    config.write_text("pdf_dir = 3\n")
    broken = load_settings(config, environ={})
    assert broken.pdf_dir is None and any("pdf_dir must be a folder path" in w for w in broken.warnings)
