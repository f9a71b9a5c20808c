"""Running pdflatex, bibtex and biber in a temporary folder, restricted like a cautious user would."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("pdflatex", "bibtex", "biber")
INSTALL_HINT = "apt-get install texlive-latex-base texlive-bibtex-extra biber"


def require_tex() -> None:
    """Skip (locally) or fail (in CI) when TeX Live is missing."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"TeX Live tools missing: {', '.join(missing)} ({INSTALL_HINT})"
    if os.environ.get("CI"):
        pytest.fail(message + "; .ci/run installs them, so CI must run these tests")
    pytest.skip(message)


@dataclass
class Compiled:
    folder: Path
    bbl: str
    log: str
    text: str
    """The PDF's text (pypdf), whitespace collapsed."""


def _run(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT=str(folder))
    return subprocess.run(
        list(command), check=False, cwd=folder, env=env, capture_output=True, text=True, errors="replace", timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _pdflatex(folder: Path) -> subprocess.CompletedProcess[str]:
    return _run(folder, "pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "doc.tex")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def compile_bibtex(folder: Path, bib: str, style: str, keys: list[str]) -> Compiled:
    """pdflatex + bibtex + pdflatex x2 with *style* (natbib loaded for the *nat styles)."""
    natbib = "\\usepackage[numbers]{natbib}\n" if style.endswith("nat") else ""
    document = (
        "\\documentclass{article}\n" + natbib + "\\usepackage{url}\n\\begin{document}\n"
        + "".join(f"\\cite{{{key}}}\n" for key in keys)
        + f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n"
    )
    return _compile(folder, bib, document, "bibtex")


def compile_biblatex(folder: Path, bib: str, keys: list[str]) -> Compiled:
    document = (
        "\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n" + "".join(f"\\cite{{{key}}}\n" for key in keys)
        + "\\printbibliography\n\\end{document}\n"
    )
    return _compile(folder, bib, document, "biber")


def _compile(folder: Path, bib: str, document: str, backend: str) -> Compiled:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    steps = [_pdflatex, lambda f: _run(f, backend, "doc"), _pdflatex, _pdflatex]
    for step in steps:
        result = step(folder)
        if result.returncode != 0:
            log = (folder / "doc.log").read_text(errors="replace") if (folder / "doc.log").exists() else ""
            errors = [line for line in (result.stdout + log).splitlines() if line.startswith(("!", "ERROR", "l."))]
            raise AssertionError(f"{result.args[0]} failed in {folder}:\n" + "\n".join(errors[:20])
                                 + "\n" + result.stdout[-2000:])
    return Compiled(
        folder,
        (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace"),
        (folder / "doc.log").read_text(encoding="utf-8", errors="replace"),
        _pdf_text(folder / "doc.pdf"),
    )
