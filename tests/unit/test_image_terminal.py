"""How figures are drawn: the detection before the app starts, the forced modes, and the setting."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import image_terminal
from tui.config import load_settings
from tui.image_terminal import NO_PROTOCOL, NOT_INSTALLED, ImageSupport, current, detect

HAS_EXTRA = importlib.util.find_spec("textual_image") is not None


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    image_terminal.reset()
    yield
    image_terminal.reset()


def test_off_never_imports_textual_image() -> None:
    code = ("import sys; from tui.image_terminal import detect; s = detect('off'); "
            "print(s.renderer, 'textual_image' in sys.modules, 'PIL' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.split() == ["None", "False", "False"]


def test_without_the_extra_the_reason_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_terminal, "extra_installed", lambda: False)
    assert detect("auto") == ImageSupport(None, NOT_INSTALLED) == current()
    assert detect("sixel").reason == NOT_INSTALLED  # forcing needs the extra too


def test_not_detected_in_a_terminal_means_no_images(monkeypatch: pytest.MonkeyPatch) -> None:
    # Asking the terminal after the app took it over would print garbage: current() never does.
    monkeypatch.setattr(image_terminal, "extra_installed", lambda: True)
    monkeypatch.setattr(image_terminal, "_interactive", lambda: True)
    support = current()
    assert support.renderer is None and "not detected at start-up" in support.reason


@pytest.mark.images
@pytest.mark.skipif(not HAS_EXTRA, reason="needs the images extra: pip install -e '.[images]'")
def test_auto_off_a_terminal_finds_no_protocol_and_forcing_picks_the_renderer() -> None:
    assert detect("auto") == ImageSupport(None, NO_PROTOCOL)  # pytest's stdout is no terminal
    assert detect("tgp") == ImageSupport("tgp") and current().label == "Kitty graphics"
    assert detect("sixel").label == "Sixel"


def test_the_setting_is_read_once_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert load_settings(config, {}).images == "auto"
    assert load_settings(config, {"PAPERS_TUI_IMAGES": "OFF"}).images == "off"
    wrong = load_settings(config, {"PAPERS_TUI_IMAGES": "kitty"})
    assert wrong.images == "auto"
    assert any("PAPERS_TUI_IMAGES must be one of auto, off, sixel, tgp, halfcell" in w for w in wrong.warnings)
