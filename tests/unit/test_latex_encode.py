"""Unicode to LaTeX for .bib files: readable, settable by pdflatex, and never a command from the network."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.models import Author, Paper
from tui.services.formats.bibtex import biblatex, bibtex, bibtex_name, bibtex_title
from tui.services.formats.latex_encode import SAFE_COMMANDS, encode, unsafe_commands


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Σ-Mem", "{$\\Sigma$}-Mem"),
        ("García-López", "Garc{\\'\\i}a-L{\\'o}pez"),
        ("Łukasz", "{\\L}ukasz"),
        ("王小明", "Wang Xiao Ming"),
        ("Nguyễn", "Nguy{\\~{\\^e}}n"),
        ("façade", "fa{\\c{c}}ade"),
        ("O(n²)", "O(n{$^{2}$})"),
        ("Wąsowski Ðorđe", "Wasowski Dorde"),  # OT1 has no ogonek or eth: readable ASCII
        ("& % $ # _ { } ~ ^ \\", ("\\& \\% \\$ \\# \\_ \\textbraceleft{} \\textbraceright{} "
         "\\textasciitilde{} \\textasciicircum{} \\textbackslash{}")),
        ("a–b — “c” …", "a--b --- ``c'' {\\ldots}"),
    ],
)
def test_encode(text: str, latex: str) -> None:
    assert encode(text) == latex
    assert unsafe_commands(latex) == []


def test_keep_latin_keeps_what_pdflatex_sets_from_utf8() -> None:
    assert encode("Härle Rodà Łukasz", keep_latin=True) == "Härle Rodà Łukasz"
    assert encode("Wąs Σ 王", keep_latin=True) == "Was {$\\Sigma$} Wang"


def test_unsafe_commands_flags_anything_outside_the_whitelist() -> None:
    assert unsafe_commands("\\input{/etc/passwd} \\'e \\write18") == ["\\input", "\\write"]
    assert unsafe_commands("^^5cinput") == ["^^"]
    assert "\\input" not in SAFE_COMMANDS and "\\csname" not in SAFE_COMMANDS


HOSTILE = [
    "$\\input{/etc/passwd}$",
    "\\input /etc/passwd",
    "\\csname input\\endcsname{/etc/passwd}",
    "\\immediate\\write18{touch /tmp/x}",
    "^^5cinput{/etc/passwd}",
    "\\catcode`\\^=7 \\def\\x{y}",
    "$\\openin1=/etc/passwd \\read1 to \\x$",
    "\\verb|\\input x|",
    "\\url{\\input x}",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_titles_from_the_network_carry_no_command(title: str) -> None:
    paper = Paper(id="2503.01234", title=title, authors=(Author(title),))
    for text in (bibtex(paper), biblatex(paper)):
        assert unsafe_commands(text) == [], text


TEX_SOUP = st.lists(
    st.sampled_from(list("\\{}$^_~#%&@ ") + ["\\input", "^^5c", "\\csname", "\\write18", "Σ", "é", "x"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEX_SOUP, st.text(max_size=40)))
def test_no_generated_text_gets_a_command_through(text: str) -> None:
    assert unsafe_commands(bibtex_title(text)) == []
    assert unsafe_commands(bibtex_title(text, keep_latin=True)) == []
    assert unsafe_commands(bibtex_name(text)) == []
    value = bibtex_title(text)
    depth = 0
    for ch in value.replace("\\textbraceleft{}", "").replace("\\textbraceright{}", ""):
        depth += 1 if ch == "{" else -1 if ch == "}" else 0
        assert depth >= 0
    assert depth == 0
