"""Every bundled sample paper with a real arXiv id can be cited, bookmarked and opened offline."""

from __future__ import annotations

import pytest

from tui.cli import main
from tui.services.reader.sample import load_sample


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_real_sample_papers_cite_bookmark_and_open_offline(capsys: pytest.CaptureFixture[str]) -> None:
    real = [p for p in load_sample()[0] if p.has_arxiv_id]
    assert len(real) == 55
    for paper in real:
        code, out, err = _run(capsys, "--offline", "cite", paper.id, "--format", "bibtex")
        assert code == 0, err
        assert f"eprint = {{{paper.id}}}" in out or paper.id in out
        code, out, _ = _run(capsys, "--offline", "open", paper.id, "--paper", "--print")
        assert code == 0 and out.strip() == f"https://arxiv.org/abs/{paper.id}"
    first = real[0]
    assert _run(capsys, "--offline", "bookmarks", "add", first.id)[0] == 0
    code, out, _ = _run(capsys, "--offline", "bookmarks", "list")
    assert code == 0 and first.id in out
    code, out, _ = _run(capsys, "--offline", "open", first.id, "--print")
    assert code == 0 and out.strip() == first.code_url
