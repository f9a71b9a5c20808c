"""The reader's flags are parsed without the full parser, with the same result; anything else goes to it."""

from __future__ import annotations

import pytest

from tui.cli import VIEW_FLAGS, _reader_args, build_parser


@pytest.mark.parametrize("argv", [
    [], ["--offline"], ["--library", "--offline"], ["--offline", "--date", "2025-03-05"], ["--week", "2025-W11"],
    ["--month", "2025-03"], ["--trending"], ["--bookmarks"], ["--search", "diffusion models"], ["--for-you"],
    ["--search", "feed"],  # a command's name as a flag's value is still the reader
    ["--offline", "--library", "--offline"], ["--library", "--library"],  # repeated switches, as argparse allows
])
def test_reader_starts_parse_as_the_full_parser_does(argv: list[str]) -> None:
    quick = _reader_args(argv)
    full = build_parser().parse_args(argv)
    assert quick is not None and quick.command is None and full.command is None
    assert {n: getattr(quick, n) for n in (*VIEW_FLAGS, "offline")} == {n: getattr(full, n) for n in (*VIEW_FLAGS, "offline")}


@pytest.mark.parametrize("argv", [
    ["feed"], ["--offline", "feed", "--json"], ["cite", "2503.00001"], ["-h"], ["--help"], ["--version"],
    ["--lib"],  # an abbreviation: the full parser decides
    ["--date", "2025-03-05", "--week", "2025-W11"],  # two views: the full parser's error
    ["--bogus"], ["--date"],
    ["--library", "--trending"],  # two switches: the full parser's "not allowed with" error
])
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert _reader_args(argv) is None
