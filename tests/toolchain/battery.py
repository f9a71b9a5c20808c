"""Papers that stress citation output: real Hugging Face payloads plus hand-made edge cases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tui.models import Author, Paper
from tui.services.net.hub import parse_daily_items

REAL_PAYLOADS = Path("/work/shared/real-payloads/hf")
SECRET_TEXT = "TOPSECRETLINE"
"""What the hostile titles try to pull into the PDF (from a file next to the .bib)."""

_DAY = datetime(2025, 3, 4, tzinfo=UTC)


def _paper(paper_id: str, title: str, *names: str) -> Paper:
    return Paper(id=paper_id, title=title, authors=tuple(Author(n) for n in names), published_at=_DAY)


def edge_papers(secret_path: str) -> list[Paper]:
    """Titles and names that broke (or could break) pdflatex, BibTeX styles or safety."""
    return [
        _paper("2503.00001", "$\\Sigma$-Mem: Memory for Agents", "Łukasz Kaiser", "José García-López"),
        _paper("2503.00002", "β-OPSD and Σ-Mem in plain Unicode", "The Soofi-Team", "Ruben Härle"),
        _paper("2503.00003", "Gemini: A Family of Models", "Gemini Team", "Jean-Baptiste Lemaître"),
        _paper("2503.00004", "Open Data for All", "BigScience Consortium", "王小明", "김철수"),
        _paper("2503.00005", "Costs & 100% of $5 #1 a_b {x} ~y ^z \\w", "Anne Smith-Jones", "Nguyễn Văn Minh"),
        _paper("2503.00006", f"$\\input{{{secret_path}}}$ and \\input{{{secret_path}}}", "Eve Attacker"),
        _paper("2503.00007", "\\csname input\\endcsname{x} \\write18{touch /tmp/pwned} ^^5cinput{x}", "Mallory"),
        _paper("2503.00008", "Wąsowski, Ðorđe, þorn, Þór and Ħal — “quotes” … 🤗", "Paweł Wąsowski", "Þór Ðorđević"),
        _paper("2503.00009", "$O(n^2)$ Attention with $x_{ij}$ and $\\mathbb{R}^n$, ≤ → ∞", "danah boyd", "Sepp Hochreiter Jr."),
        _paper("hep-th/9901001", "An Old-Style Identifier", "Juan Maldacena"),
    ]


def real_papers() -> list[Paper]:
    """Every paper in the recorded Hugging Face daily payloads (empty when they are absent)."""
    papers: list[Paper] = []
    for path in sorted(REAL_PAYLOADS.glob("daily_*.json")):
        papers += parse_daily_items(json.loads(path.read_text(encoding="utf-8")))
    return papers
