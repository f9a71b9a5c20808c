"""The BibTeX / BibLaTeX exports compiled by the real toolchain (TeX Live), restricted mode.

pdflatex + bibtex with plain, plainnat and abbrvnat, and pdflatex + biber with
biblatex's default style, over every real recorded paper plus hand-made edge
cases (Greek, group authors, CJK, TeX specials, titles that try to \\input a
file or run a command). Skipped locally without TeX Live; .ci/run installs it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.toolchain.battery import SECRET_TEXT, edge_papers, real_papers
from tests.toolchain.tex import Compiled, compile_biblatex, compile_bibtex, require_tex
from tui.models import Paper
from tui.services.formats.citation_keys import citation_key
from tui.services.formats.citations import export
from tui.services.formats.latex_encode import unsafe_commands

pytestmark = pytest.mark.toolchain


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Paper]]:
    folder = tmp_path_factory.mktemp("secret")
    secret = folder / "secret.tex"
    secret.write_text(SECRET_TEXT + "\n", encoding="utf-8")
    return secret, edge_papers(str(secret)) + real_papers()


def _keys(papers: list[Paper]) -> list[str]:
    taken: set[str] = set()
    return [citation_key(paper, taken) for paper in papers]


def _bib(papers: list[Paper], fmt: str) -> str:
    classes = {paper.id: "hep-th" if "/" in paper.id else "cs.CL" for paper in papers}
    return export(papers, fmt, primary_classes=classes)


def _id_count(text: str, paper_id: str) -> int:
    # biblatex may break or space an id at its dot, hyphen or slash (2606 . 13594, hep- th/ ...).
    pattern = r"\s?".join(re.escape(part) for part in re.split(r"([./-])", paper_id))
    return len(re.findall(rf"(?<![\d.]){pattern}(?![\d])", text))


def _check_common(result: Compiled, papers: list[Paper], secret: Path) -> None:
    assert "Unicode character" not in result.log
    assert "undefined" not in " ".join(line for line in result.log.splitlines() if "Citation" in line)
    assert SECRET_TEXT not in result.text and SECRET_TEXT not in result.log
    assert "(" + str(secret) not in result.log.replace("\n", "")  # TeX logs "(FILE" for each file it opens
    for paper in papers:
        if paper.has_arxiv_id:
            assert _id_count(result.text, paper.id) == 1, (paper.id, paper.title)


@pytest.mark.parametrize("style", ["plain", "plainnat", "abbrvnat"])
def test_bibtex_compiles_with_classic_bibtex(
    style: str, battery: tuple[Path, list[Paper]], tmp_path: Path
) -> None:
    require_tex()
    secret, papers = battery
    bib = _bib(papers, "bibtex")
    assert unsafe_commands(bib) == []
    result = compile_bibtex(tmp_path, bib, style, _keys(papers))
    _check_common(result, papers, secret)
    assert "arXiv:2503.00001 [cs.CL]" in result.text  # primaryClass shown as arXiv's own export has it
    assert "T. Soofi-Team" not in result.text and "The Soofi-Team" in result.text
    assert "G. Team" not in result.text and "Gemini Team" in result.text
    assert "BigScience Consortium" in result.text
    assert "Wang Xiao Ming" in result.text or "Xiao Ming Wang" in result.text or "X. M. Wang" in result.text
    if style == "abbrvnat":
        assert "J.-B. Lema" in result.text  # the hyphen survives abbreviation


def test_biblatex_compiles_with_biber(battery: tuple[Path, list[Paper]], tmp_path: Path) -> None:
    require_tex()
    secret, papers = battery
    bib = _bib(papers, "biblatex")
    assert unsafe_commands(bib) == []
    assert "Härle" in bib  # BibLaTeX keeps Latin letters pdflatex sets as UTF-8
    result = compile_biblatex(tmp_path, bib, _keys(papers))
    _check_common(result, papers, secret)
    assert "The Soofi-Team" in result.text and "Gemini Team" in result.text
    assert "[cs.CL]" in result.text  # eprintclass
