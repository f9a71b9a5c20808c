"""Untrusted text can never drive the terminal."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tui.services.sanitize import clean_block, clean_line

_DANGEROUS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_escape_sequences_are_removed_whole() -> None:
    assert clean_line("a\x1b[31mred\x1b[0m b") == "ared b"
    assert clean_line("x\x1b]52;c;ZXZpbA==\x07y") == "xy"
    assert clean_line("x\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\y") == "xlinky"
    assert clean_line("p\x1bPtmux;\x1b\x1b]52;c;QQ==\x07\x1b\\q") == "pq"


def test_c1_controls_and_bidi_overrides_are_dropped() -> None:
    assert clean_line("a\x9b31mb") == "a 31mb"
    assert "\u202e" not in clean_line("file\u202etxt.exe")


def test_ordinary_unicode_survives() -> None:
    text = "Schrödinger 大規模 שלום 🤖 e\u0301"
    assert clean_line(text) == text
    assert clean_block("line one\nline two") == "line one\nline two"


def test_newlines_and_tabs_fold_in_a_line() -> None:
    assert clean_line("  a\n\tb\r\nc  ") == "a b c"


@given(st.text())
def test_nothing_dangerous_ever_survives(text: str) -> None:
    assert not _DANGEROUS.search(clean_line(text))
    assert not _DANGEROUS.search(clean_block(text).replace("\n", ""))


def test_hostile_payload_is_cleaned_on_the_way_in_and_in_citations() -> None:
    from tui.services.formats import citations
    from tui.services.net.hub import parse_daily_items

    item = {"paper": {"id": "2503.00001", "title": "Evil \x1b]52;c;QQ==\x07 title\x1b[31m",
                      "summary": "line\x1b[2J one\nline two", "authors": [{"name": "Bad\x9b2J Name"}]}}
    (paper,) = parse_daily_items([item])
    assert paper.title == "Evil title" and paper.summary == "line one\nline two"
    assert not _DANGEROUS.search(paper.authors[0].name)
    for fmt in ("bibtex", "biblatex", "apa", "markdown", "plain"):
        assert not _DANGEROUS.search(citations.render(paper, fmt).replace("\n", ""))
    assert not _DANGEROUS.search(citations.export([paper], "bibtex").replace("\n", ""))


_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u2060\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


@given(st.text(alphabet=st.characters(codec=None, categories=None)))
def test_invisible_bidi_and_surrogates_never_survive(text: str) -> None:
    from tui.services.sanitize import clean_json

    assert not _INVISIBLE.search(clean_line(text)) and not _INVISIBLE.search(clean_block(text))
    assert "\u2028" not in clean_line(text) and "\u2029" not in clean_line(text)
    cleaned = clean_json({text: [text, {"k": text}]})
    for key, value in cleaned.items():
        assert not _INVISIBLE.search(key) and not _INVISIBLE.search(value[0] + value[1]["k"])


def test_the_named_characters_are_dropped() -> None:
    assert clean_line("a\u061cb\u200bc\u200cd\u200de\u2060f\u00adg\ud800h") == "abcdefgh"
    assert clean_line("one\u2028two\u2029three") == "one two three"
    assert clean_block("one\u2028two") == "one\ntwo"


def test_deep_json_is_refused() -> None:
    import pytest

    from tui.services.sanitize import MAX_JSON_DEPTH, TooDeepError, clean_json

    deep: object = "x"
    for _ in range(MAX_JSON_DEPTH + 1):
        deep = [deep]
    with pytest.raises(TooDeepError):
        clean_json(deep)


def test_the_printable_shortcut_gives_what_the_patterns_give_for_every_code_point() -> None:
    """Printable text skips the patterns (start-up never compiles them for plain titles): for each
    Unicode code point inside a line, the shortcut and the patterns agree."""
    from tui.services import sanitize

    differ = []
    for code in range(0x110000):
        text = f" a {chr(code)}  b"
        if clean_line(text) != sanitize._clean_line_by_patterns(text):
            differ.append(hex(code))
    assert differ == []
    assert sanitize._needs_cleaning("caf\u00e9 \u65e5\u672c") is False  # printable: no pattern needed
    assert sanitize._needs_cleaning("a\u200bb") and sanitize._needs_cleaning("x\x1b[31m")
