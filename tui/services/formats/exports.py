"""Library exports for other tools: BibTeX, BibLaTeX, RIS, CSL-JSON, CSV and a Markdown vault.

* BibTeX / BibLaTeX: :func:`tui.services.formats.citations.export` (compiles with pdflatex).
* RIS: for EndNote, Zotero, Mendeley (``TY  - UNPB`` with arXiv as publisher).
* CSL-JSON: for Zotero, pandoc (``--citeproc``) and Zettlr; type ``article``
  with ``number = arXiv:ID`` and ``publisher = arXiv``, as Zotero writes preprints.
* CSV: one row per paper for spreadsheets; cells that a spreadsheet would run
  as a formula (``=``, ``+``, ``-``, ``@`` first) are prefixed with ``'``.
* Markdown: one file per paper with YAML front matter (Obsidian-style vaults),
  including the user's note and tags; see :func:`markdown_files`.

Text from the network is plain-texted (no TeX left) and stripped of control
characters; keys are unique within one export.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from tui.models import Paper
from tui.services.formats.citation_keys import citation_key
from tui.services.formats.citations import ARXIV_ABS, ARXIV_DOI_PREFIX, export
from tui.services.formats.person_names import parse_name
from tui.services.formats.texmath import plain_text
from tui.services.sanitize import clean_block, clean_line

FORMATS = ("bibtex", "biblatex", "ris", "csl-json", "csv", "markdown")
"""Formats :func:`render` (and :func:`markdown_files` for ``markdown``) write."""

EXTENSIONS = {
    "bibtex": ".bib", "biblatex": ".bib", "ris": ".ris", "csl-json": ".json", "csv": ".csv", "markdown": "",
}


@dataclass(frozen=True)
class ExportItem:
    """One paper with what the user added to it."""

    paper: Paper
    note: str = ""
    tags: tuple[str, ...] = ()
    category: str | None = None
    """The arXiv primary category (``cs.CL``), when known."""
    pdf: str | None = None
    """Path of the downloaded PDF."""
    lists: tuple[str, ...] = field(default=())


def _unique(items: list[ExportItem]) -> list[tuple[ExportItem, str]]:
    seen: set[str] = set()
    taken: set[str] = set()
    result = []
    for item in items:
        if item.paper.id not in seen:
            seen.add(item.paper.id)
            result.append((item, citation_key(item.paper, taken)))
    return result


def _title(paper: Paper) -> str:
    return clean_line(plain_text(paper.title)) or "Untitled"


def _names(paper: Paper) -> list[str]:
    return [clean_line(plain_text(name)) for name in paper.author_names if clean_line(plain_text(name))]


def _date_parts(paper: Paper) -> list[int] | None:
    stamp = paper.published_at or paper.submitted_at
    return [stamp.year, stamp.month, stamp.day] if stamp else None


def render(items: list[ExportItem], fmt: str) -> str:
    """*items* as one text in *fmt* (not ``markdown``: that is one file per paper).

    Raises:
        ValueError: an unknown format, or ``markdown``.
    """
    if fmt in ("bibtex", "biblatex"):
        classes = {item.paper.id: item.category for item in items if item.category}
        return export([item.paper for item in items], fmt, primary_classes=classes)
    writers = {"ris": ris, "csl-json": csl_json, "csv": csv_table}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return writers[fmt](items)


# -- RIS ------------------------------------------------------------------------------


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {clean_line(value)}\n"


def ris(items: list[ExportItem]) -> str:
    """RIS records, one per paper, each ending with ``ER  -``."""
    out = []
    for item, key in _unique(items):
        paper = item.paper
        lines = [_ris_line("TY", "UNPB"), _ris_line("ID", key), _ris_line("TI", _title(paper))]
        for name in _names(paper):
            parts = parse_name(name)
            written = parts.family if parts.group or not parts.given else f"{parts.family}, {parts.given}"
            lines.append(_ris_line("AU", written + (f", {parts.suffix}" if parts.suffix else "")))
        date = _date_parts(paper)
        if date:
            lines.append(_ris_line("PY", str(date[0])))
            lines.append(_ris_line("DA", f"{date[0]:04d}/{date[1]:02d}/{date[2]:02d}/"))
        if paper.summary:
            lines.append(_ris_line("AB", plain_text(paper.summary)))
        if paper.has_arxiv_id:
            lines += [
                _ris_line("PB", "arXiv"),
                _ris_line("AN", f"arXiv:{paper.id}"),
                _ris_line("DO", ARXIV_DOI_PREFIX + paper.id),
                _ris_line("UR", ARXIV_ABS + paper.id),
            ]
        if item.category:
            lines.append(_ris_line("M3", item.category))
        lines += [_ris_line("KW", tag) for tag in item.tags]
        if item.note.strip():
            lines.append(_ris_line("N1", item.note))
        lines.append("ER  - \n")
        out.append("".join(lines))
    return "\n".join(out)


# -- CSL-JSON -------------------------------------------------------------------------


def _csl_name(name: str) -> dict[str, str]:
    parts = parse_name(name)
    if parts.group or not parts.given:
        return {"literal": parts.family}
    result = {"family": parts.family, "given": parts.given}
    if parts.suffix:
        result["suffix"] = parts.suffix
    return result


def csl_item(item: ExportItem, key: str) -> dict[str, Any]:
    paper = item.paper
    data: dict[str, Any] = {"id": key, "type": "article", "title": _title(paper)}
    names = _names(paper)
    if names:
        data["author"] = [_csl_name(name) for name in names]
    date = _date_parts(paper)
    if date:
        data["issued"] = {"date-parts": [date]}
    if paper.has_arxiv_id:
        data |= {
            "publisher": "arXiv",
            "number": f"arXiv:{paper.id}",
            "DOI": ARXIV_DOI_PREFIX + paper.id,
            "URL": ARXIV_ABS + paper.id,
        }
    if paper.summary:
        data["abstract"] = clean_block(plain_text(paper.summary))
    if item.tags:
        data["keyword"] = ", ".join(item.tags)
    if item.note.strip():
        data["note"] = clean_block(item.note.strip())
    return data


def csl_json(items: list[ExportItem]) -> str:
    return json.dumps([csl_item(item, key) for item, key in _unique(items)], ensure_ascii=False, indent=2) + "\n"


# -- CSV ------------------------------------------------------------------------------

CSV_COLUMNS = ("key", "arxiv_id", "title", "authors", "year", "date", "category", "url", "doi", "tags", "note")


def _cell(value: str) -> str:
    value = clean_block(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t") else value


def csv_table(items: list[ExportItem]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item, key in _unique(items):
        paper = item.paper
        date = _date_parts(paper)
        arxiv = paper.has_arxiv_id
        writer.writerow([
            _cell(value)
            for value in (
                key,
                paper.id if arxiv else "",
                _title(paper),
                "; ".join(_names(paper)),
                str(date[0]) if date else "",
                "-".join(f"{part:02d}" for part in date) if date else "",
                item.category or "",
                ARXIV_ABS + paper.id if arxiv else "",
                ARXIV_DOI_PREFIX + paper.id if arxiv else "",
                ", ".join(item.tags),
                item.note.strip(),
            )
        ])
    return buffer.getvalue()


# -- Markdown vault -------------------------------------------------------------------

_FILENAME_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def _yaml(value: str) -> str:
    # A JSON string is a valid YAML scalar: quotes, colons and '#' cannot break the header.
    return json.dumps(value, ensure_ascii=False)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def markdown_files(items: list[ExportItem]) -> list[tuple[str, str]]:
    """``(file name, text)`` per paper: ``<key>.md`` with YAML front matter, abstract and note."""
    files = []
    for item, key in _unique(items):
        paper = item.paper
        date = _date_parts(paper)
        names = _names(paper)
        head = ["---", f"title: {_yaml(_title(paper))}", "authors:" if names else "authors: []"]
        head += [f"  - {_yaml(name)}" for name in names]
        if date:
            head.append(f"year: {date[0]}")
            head.append(f"date: {date[0]:04d}-{date[1]:02d}-{date[2]:02d}")
        if paper.has_arxiv_id:
            head += [f"arxiv: {_yaml(paper.id)}", f"url: {_yaml(ARXIV_ABS + paper.id)}"]
        if item.category:
            head.append(f"category: {_yaml(item.category)}")
        head.append(f"citekey: {_yaml(key)}")
        head.append("tags: [" + ", ".join(_yaml(tag) for tag in item.tags) + "]")
        if item.lists:
            head.append("lists: [" + ", ".join(_yaml(name) for name in item.lists) + "]")
        if item.pdf:
            head.append(f"pdf: {_yaml(item.pdf)}")
        head.append("---")
        body = [f"# {_md_escape(_title(paper))}", ""]
        if names:
            body += [_md_escape(", ".join(names)), ""]
        if paper.summary:
            body += ["## Abstract", "", _md_escape(clean_block(plain_text(paper.summary))), ""]
        body += ["## Note", "", clean_block(item.note.strip()) if item.note.strip() else "", ""]
        files.append((_FILENAME_BAD.sub("-", key) + ".md", "\n".join(head + [""] + body).rstrip() + "\n"))
    return files
