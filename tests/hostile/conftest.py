"""Shared pieces for the hostile-server tests: the forbidden-byte check and a server fixture."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.fakes.hostile import HostileServer

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
"""ESC and every other C0 but tab/newline, C1, bidi controls, invisible characters, lone surrogates."""


def assert_clean(text: str, where: str = "") -> None:
    match = FORBIDDEN.search(text)
    assert match is None, f"{where}: {match.group()!r} at {match.start()} in {text[max(0, match.start() - 40):][:80]!r}"


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer("escapes") as server:
        yield server
