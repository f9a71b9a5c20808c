"""Which image protocol this terminal speaks, found out once, before the app takes the terminal.

textual-image (the optional ``papers-tui[images]`` extra) asks the terminal
on import: a Device Attributes query for Sixel, a Kitty graphics query for
TGP, and the cell size. The answers come back on stdin, so this must happen
before Textual starts reading it: :func:`detect` runs in ``run_app`` before
``App.run``, and only then. Afterwards :func:`current` says what was found;
when nothing was detected in a real terminal, no image is ever drawn (a
query sent while Textual owns the terminal would show up as garbage or eat
keys). tmux without passthrough answers neither query, so it gets the
caption and the link, not escape sequences.

``PAPERS_TUI_IMAGES`` (:attr:`tui.config.Settings.images`): ``auto`` trusts
textual-image's detection; ``off`` never imports it; ``sixel`` / ``tgp`` /
``halfcell`` force a renderer (tmux with ``allow-passthrough``, a terminal
that does not answer the queries).
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from typing import NamedTuple

from tui.config import IMAGE_MODES

NOT_INSTALLED = "install papers-tui[images] to see figures"
NO_PROTOCOL = "this terminal shows no images (no Sixel or Kitty graphics)"
PROTOCOL_NAMES = {"sixel": "Sixel", "tgp": "Kitty graphics", "halfcell": "half-block cells"}


class ImageSupport(NamedTuple):
    """How figures are drawn here: a renderer name, or None and the one-line reason why not."""

    renderer: str | None
    reason: str = ""

    @property
    def label(self) -> str:
        return PROTOCOL_NAMES.get(self.renderer or "", "")


_detected: ImageSupport | None = None


def extra_installed() -> bool:
    """Whether textual-image is importable (without importing it: the import talks to the terminal)."""
    return importlib.util.find_spec("textual_image") is not None


def _interactive() -> bool:
    streams = (sys.__stdin__, sys.__stdout__)
    return all(stream is not None and stream.isatty() for stream in streams)


def detect(mode: str = "auto") -> ImageSupport:
    """Find out (once) how this terminal draws images; call it before the app starts. Never raises."""
    global _detected
    if mode not in IMAGE_MODES:
        mode = "auto"
    if mode == "off":
        _detected = ImageSupport(None, "figure images are off (PAPERS_TUI_IMAGES=off)")
        return _detected
    if not extra_installed():
        _detected = ImageSupport(None, NOT_INSTALLED)
        return _detected
    # Its "assuming VT340 sizes" warning would otherwise go to stderr, under the reader's screen.
    logging.getLogger("textual_image").addHandler(logging.NullHandler())
    logging.getLogger("textual_image").propagate = False
    try:
        # The import sends the queries and reads the answers (a tenth of a second each at most).
        import textual_image.renderable as renderables
        import textual_image.widget  # noqa: F401 - measures the cell size, also before the app starts
    except Exception as error:  # noqa: BLE001 - a broken extra must never stop the reader
        _detected = ImageSupport(None, f"textual-image failed to load ({type(error).__name__})")
        return _detected
    if mode != "auto":
        _detected = ImageSupport(mode)
        return _detected
    chosen = renderables.Image.__module__.rsplit(".", 1)[-1]  # sixel, tgp, halfcell, unicode
    if chosen in ("sixel", "tgp") and _interactive():
        _detected = ImageSupport(chosen)
    else:
        _detected = ImageSupport(None, NO_PROTOCOL)
    return _detected


def current() -> ImageSupport:
    """What :func:`detect` found. Not run (tests, screenshots): detect now only when that sends nothing."""
    if _detected is not None:
        return _detected
    if not extra_installed():
        return ImageSupport(None, NOT_INSTALLED)
    if _interactive():
        return ImageSupport(None, "image support was not detected at start-up: figures show as links")
    return detect("auto")  # not a terminal: textual-image asks nothing


def reset(support: ImageSupport | None = None) -> None:
    """Forget (or set) the detection; for tests."""
    global _detected
    _detected = support
