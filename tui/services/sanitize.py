"""Make untrusted text safe to draw: a title must never drive the terminal.

Paper titles, abstracts and names come from the network. Control characters
(C0 and C1, which include ESC and the 8-bit CSI) and the bidirectional
override/isolate marks that can reorder what is shown are replaced; ordinary
Unicode (accents, CJK, emoji, right-to-left scripts) passes through.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")
_SPACES = re.compile(r"\s+")
# CSI; OSC to BEL or ST; DCS/SOS/PM/APC to ST (tmux passthrough doubles the ESCs
# inside, so match lazily up to the terminator); any other two-byte escape.
_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\].*?(?:\x07|\x1b\\|$)|[PX^_].*?(?:\x1b\\|$)|.)", re.DOTALL
)


def clean_block(text: str | None) -> str:
    """Multi-line text with escape sequences removed and controls dropped."""
    if not text:
        return ""
    text = _ANSI.sub("", text)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str | None) -> str:
    """One line: escape sequences removed, controls and newlines become spaces."""
    if not text:
        return ""
    text = _ANSI.sub("", text)
    return _SPACES.sub(" ", _LINE_CONTROL.sub(" ", text)).strip()
