"""The one gate for untrusted text: nothing from the network may drive the terminal.

Paper titles, abstracts, names, ids and URLs come from the network. Control
characters (C0 and C1, which include ESC and the 8-bit CSI), the bidirectional
marks that can reorder what is shown (U+061C, U+200E/F, U+202A-E, U+2066-9),
invisible characters that hide text or break matching (U+00AD, U+200B-D,
U+2060, U+FEFF, tag characters) and lone surrogates (legal in JSON, unwritable
as UTF-8) are removed; ordinary Unicode (accents, CJK, emoji, right-to-left
scripts) passes through. U+2028/U+2029 become a newline in a block and a space
in a line.

:func:`clean_json` applies the gate to every string (keys and values) of a
decoded JSON document; :class:`~tui.services.net.http.HttpService` runs it on every
answer, so parsers only ever see clean text.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_INVISIBLE = (
    "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f"
)
# The patterns are compiled on first use (:func:`_pattern`): printable text never needs
# them, and the reader's first screen is mostly that. No control, escape, line break,
# invisible or surrogate character is printable (all are in Unicode's categories C and Z,
# which str.isprintable refuses), nor is any space but U+0020.
_DROPPED = f"[{_INVISIBLE}]"
_CONTROL = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]"
_LINE_CONTROL = "[\x00-\x1f\x7f-\x9f\u2028\u2029]"
_SPACES = r"\s+"
# CSI; OSC to BEL or ST; DCS/SOS/PM/APC to ST (tmux passthrough doubles the ESCs
# inside, so match lazily up to the terminator); any other two-byte escape.
_ANSI = r"(?s)\x1b(?:\[[0-?]*[ -/]*[@-~]|\].*?(?:\x07|\x1b\\|$)|[PX^_].*?(?:\x1b\\|$)|.)"
_SUSPECT = f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_INVISIBLE}]"
MAX_JSON_DEPTH = 64
"""Deeper documents are refused: no real answer nests more than a handful of levels."""


class TooDeepError(ValueError):
    """A JSON document nests deeper than :data:`MAX_JSON_DEPTH`."""


def clean_block(text: str | None) -> str:
    """Multi-line text with escape sequences removed and controls dropped."""
    if not text:
        return ""
    text = _pattern(_ANSI).sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    # Invisible characters are dropped (not spaced): "a\u200bb" is "ab".
    return _pattern(_CONTROL).sub("", text)


def clean_line(text: str | None) -> str:
    """One line: escape sequences removed, controls and line breaks become spaces."""
    if not text:
        return ""
    if text.isprintable():  # the only whitespace in it is the space
        return " ".join(text.split())
    return _clean_line_by_patterns(text)


def _clean_line_by_patterns(text: str) -> str:
    text = _pattern(_ANSI).sub("", text)
    text = _pattern(_DROPPED).sub("", text)
    return _pattern(_SPACES).sub(" ", _pattern(_LINE_CONTROL).sub(" ", text)).strip()


def is_clean_line(text: str) -> bool:
    """True when *text* is already what :func:`clean_line` would make of it."""
    return clean_line(text) == text


def clean_json(value: Any, depth: int = 0) -> Any:
    """*value* (decoded JSON) with :func:`clean_block` applied to every string.

    Raises:
        TooDeepError: the document nests deeper than :data:`MAX_JSON_DEPTH`.
    """
    if isinstance(value, str):
        return clean_block(value) if _needs_cleaning(value) else value
    if depth >= MAX_JSON_DEPTH:
        raise TooDeepError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, list):
        return [clean_json(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {clean_block(str(k)): clean_json(v, depth + 1) for k, v in value.items()}
    return value


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _needs_cleaning(text: str) -> bool:
    # Most strings are clean: one search is much cheaper than rebuilding them.
    return not text.isprintable() and _pattern(_SUSPECT).search(text) is not None
