"""Reading reference files back: BibTeX/BibLaTeX (.bib), RIS and CSL-JSON.

Only the arXiv id of each entry matters (the paper itself comes from the
cache or Hugging Face), so the readers are tolerant scanners rather than full
parsers: an entry is found, its text searched for an arXiv id (``eprint``,
an arxiv.org URL, the ``10.48550/arXiv.`` DOI, ``arXiv:ID`` anywhere), and a
broken or id-less entry is reported with its line number while every good
entry is kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tui.models import is_arxiv_id
from tui.services.sanitize import clean_line

MAX_BYTES = 50 * 2**20


@dataclass(frozen=True, slots=True)
class Entry:
    line: int
    """1-based line where the entry starts."""
    label: str
    """The key or title, for messages."""
    arxiv_id: str | None
    problem: str | None = None
    """Why this entry cannot be imported (None when it can)."""


_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ID_PATTERNS = [
    re.compile(r"\beprint\s*=\s*[{\"]\s*(?:arxiv:)?\s*" + _ID, re.IGNORECASE),
    re.compile(r"arxiv\.org/(?:abs|pdf)/" + _ID, re.IGNORECASE),
    re.compile(r"10\.48550/arxiv\." + _ID, re.IGNORECASE),
    re.compile(r"\barxiv\s*[:=]?\s*[{\"]?\s*" + _ID, re.IGNORECASE),
]


def find_arxiv_id(text: str) -> str | None:
    for pattern in _ID_PATTERNS:
        for match in pattern.finditer(text):
            if is_arxiv_id(match.group(1)):
                return match.group(1)
    return None


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


# -- BibTeX ---------------------------------------------------------------------------

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_KEY = re.compile(r"\s*([^,\s]*)\s*,")


def parse_bib(text: str) -> list[Entry]:
    entries = []
    pos = 0
    while True:
        match = _ENTRY_START.search(text, pos)
        if match is None:
            break
        kind = match.group(1).lower()
        line = _line_at(text, match.start())
        close = "}" if match.group(2) == "{" else ")"
        end = _balanced_end(text, match.end(), close)
        if kind in ("comment", "string", "preamble"):
            pos = end if end is not None else match.end()
            continue
        key_match = _KEY.match(text, match.end())
        label = clean_line(key_match.group(1)) if key_match else "?"
        if end is None:
            entries.append(Entry(line, label or "?", None, "unbalanced braces: entry never ends"))
            # Resume at the next entry that starts a line, so one typo costs one entry.
            following = re.compile(r"^\s*@", re.MULTILINE).search(text, match.end())
            pos = following.start() if following else len(text)
            continue
        body = text[match.end() : end]
        arxiv = find_arxiv_id(body)
        entries.append(Entry(line, label or "?", arxiv, None if arxiv else "no arXiv id (eprint, arXiv URL or DOI)"))
        pos = end
    return entries


def _balanced_end(text: str, start: int, close: str) -> int | None:
    """Index just after the brace closing the entry opened before *start*, or None."""
    depth = 1
    index = start
    opener = "{" if close == "}" else "("
    while index < len(text):
        ch = text[index]
        if ch == "\\":
            index += 2
            continue
        if ch == opener or (close == ")" and ch == "{"):
            depth += 1
        elif ch == close or (close == ")" and ch == "}"):
            depth -= 1
            if depth == 0:
                return index + 1
        elif ch == "@" and depth == 1 and text[max(0, index - 1)] == "\n":
            return None  # a new entry starts before this one closed
        index += 1
    return None


# -- RIS ------------------------------------------------------------------------------

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def parse_ris(text: str) -> list[Entry]:
    entries = []
    current: list[str] | None = None
    start = 0
    label = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r").lstrip("\ufeff")
        match = _RIS_TAG.match(line)
        if match is None:
            if current is not None and line.strip():
                current.append(line)  # a continued value
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                entries.append(Entry(start, label or "?", None, "record has no ER line"))
            current, start, label = [], number, ""
        elif current is None:
            entries.append(Entry(number, tag, None, f"{tag} outside a record (no TY line before it)"))
        elif tag == "ER":
            arxiv = find_arxiv_id("\n".join(current))
            entries.append(Entry(start, label or "?", arxiv, None if arxiv else "no arXiv id (UR, DO or AN)"))
            current = None
        else:
            if tag in ("TI", "T1") and not label:
                label = clean_line(value)[:60]
            current.append(f"{tag}={value}")
    if current is not None:
        entries.append(Entry(start, label or "?", None, "record has no ER line"))
    return entries


# -- CSL-JSON -------------------------------------------------------------------------


def parse_csl_json(text: str) -> list[Entry]:
    decoder = json.JSONDecoder()
    index = len(text) - len(text.lstrip())
    if text[index : index + 1] != "[":
        return [Entry(_line_at(text, index), "file", None, "CSL-JSON must be a list of items ([...])")]
    index += 1
    entries = []
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            break
        line = _line_at(text, index)
        try:
            item, index = decoder.raw_decode(text, index)
        except (json.JSONDecodeError, RecursionError) as error:
            message = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
            entries.append(Entry(line, "?", None, f"invalid JSON ({message}); the rest of the file was skipped"))
            break
        if not isinstance(item, dict):
            entries.append(Entry(line, "?", None, "item is not an object"))
            continue
        label = clean_line(str(item.get("id") or item.get("title") or "?"))[:60]
        fields = " ".join(
            str(item.get(name)) for name in ("URL", "DOI", "number", "note", "id") if isinstance(item.get(name), str)
        )
        arxiv = find_arxiv_id(fields)
        location = str(item.get("archive_location") or "").strip()
        if arxiv is None and str(item.get("archive") or "").lower() == "arxiv" and is_arxiv_id(location):
            arxiv = location
        entries.append(Entry(line, label or "?", arxiv, None if arxiv else "no arXiv id (URL, DOI or number)"))
    return entries


PARSERS = {"bibtex": parse_bib, "ris": parse_ris, "csl-json": parse_csl_json}


def detect_format(path: Path, text: str) -> str:
    """``bibtex``, ``ris`` or ``csl-json`` from the extension, else from the content."""
    suffix = path.suffix.lower()
    if suffix in (".bib", ".bibtex", ".biblatex"):
        return "bibtex"
    if suffix in (".ris", ".txt") and re.search(r"^TY  -", text, re.MULTILINE):
        return "ris"
    if suffix == ".json" or text.lstrip().startswith("["):
        return "csl-json"
    if re.search(r"^TY  -", text, re.MULTILINE):
        return "ris"
    return "bibtex"


def read_entries(path: Path) -> tuple[str, list[Entry]]:
    """The format and entries of the file at *path*.

    Raises:
        OSError: unreadable; ValueError: too large or not text.
    """
    with path.open("rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"{path} is larger than {MAX_BYTES // 2**20} MB")
    text = data.decode("utf-8-sig", errors="replace")
    if "\x00" in text:
        raise ValueError(f"{path} is not a text file")
    fmt = detect_format(path, text)
    return fmt, PARSERS[fmt](text)
