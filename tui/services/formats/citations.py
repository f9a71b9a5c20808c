"""Citations for a paper: BibTeX, BibLaTeX, APA 7, Markdown, plain text, keys.

Citation keys follow Google Scholar's widespread convention rather than arXiv's
own export (whose year is that of the *latest* version, so keys change)::

    <surname><year><word>       vaswani2017attention

* ``surname``: the first author's family name (:func:`split_name`) with its
  particles joined ("Jan van der Berg" -> ``vanderberg``), accents folded
  (NFKD, plus ß -> ss, ø -> o, ł -> l ...), lower-case ASCII letters only.
  Names without Latin letters (``王小明``) cannot be romanised here: they, and
  papers without authors, give ``anon``.
* ``year``: year of the first arXiv version (``published_at``), else of the
  Hugging Face submission (``submitted_at``), else ``nd``.
* ``word``: the first title word, TeX and accents folded, lower-case letters
  and digits only, that is not a stopword (``a``, ``the``, ``on``, ``how`` ...);
  empty when the title has none.

Keys are a pure function of the paper, so they are stable across sessions.
When a ``taken`` set is given (one export), a clash gets ``a``, ``b`` ... ``z``,
``aa``, ``ab`` ... appended, and every key handed out is added to the set.

Author names are stored as single strings ("Given Family"); :func:`parse_name`
splits them, knowing particles (van, von, de la ...), suffixes (Jr., III),
"Family, Given" input, single-token and CJK names, and group authors.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from tui.models import Paper, short_author_list
from tui.services.formats.bibtex import biblatex, bibtex
from tui.services.formats.citation_keys import citation_key, paper_year
from tui.services.formats.person_names import is_cjk, parse_name
from tui.services.formats.texmath import plain_text
from tui.services.sanitize import clean_block

__all__ = ["EXPORT_FORMATS", "FORMATS", "apa", "export", "markdown_link", "plain", "render"]

ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_DOI_PREFIX = "10.48550/arXiv."


# -- prose formats ------------------------------------------------------------------


def _initials(given: str) -> str:
    """APA initials: "María José" -> "M. J.", "Jean-Baptiste" -> "J.-B."."""
    initials = []
    for word in given.split():
        pieces = [next((ch for ch in piece if ch.isalpha()), "") for piece in word.split("-")]
        pieces = [piece.upper() + "." for piece in pieces if piece]
        if pieces:
            initials.append("-".join(pieces))
    return " ".join(initials)


def _apa_name(name: str) -> str:
    parts = parse_name(name)
    if parts.group or not parts.given:
        text = parts.family
    elif is_cjk(parts.given.replace(" ", "")):
        # Initials mean nothing in CJK script: the name is written whole, family first.
        text = parts.family + parts.given.replace(" ", "")
    else:
        initials = _initials(parts.given)
        text = f"{parts.family}, {initials}" if initials else parts.family
    return f"{text}, {parts.suffix}" if parts.suffix else text


def _sentence(text: str) -> str:
    """*text* ending with exactly one sentence mark."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def apa(paper: Paper) -> str:
    """An APA 7 reference for an arXiv preprint.

    "Family, G. G., Family, G., & Family, G. (YYYY). Title. arXiv. https://doi.org/..."
    with up to 20 authors; from 21 on, the first 19, an ellipsis, and the last.

    Args:
        paper: The paper.

    Returns:
        One line of text.
    """
    names = [_apa_name(plain_text(name)) for name in paper.author_names if plain_text(name)]
    if len(names) > 20:
        authors = ", ".join(names[:19]) + ", … " + names[-1]
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = "".join(names)
    year = paper_year(paper)
    date = f"({year if year is not None else 'n.d.'})."
    title = _sentence(plain_text(paper.title) or "Untitled")
    head = f"{authors} {date} {title}" if authors else f"{title} {date}"
    if not paper.has_arxiv_id:
        return head
    return f"{head} arXiv. https://doi.org/{ARXIV_DOI_PREFIX}{paper.id}"


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def markdown_link(paper: Paper) -> str:
    """``[Title](https://arxiv.org/abs/ID)``; the bare escaped title without an arXiv id."""
    title = _markdown_escape(plain_text(paper.title) or paper.id)
    if not paper.has_arxiv_id:
        return title
    return f"[{title}]({ARXIV_ABS}{paper.id})"


def plain(paper: Paper) -> str:
    """``A, B, C et al. (YYYY). Title. arXiv:ID`` (the arXiv part only when there is an id)."""
    year = paper_year(paper)
    date = f"({year if year is not None else 'n.d.'})."
    title = _sentence(plain_text(paper.title) or "Untitled")
    authors = short_author_list([plain_text(name) for name in paper.author_names if plain_text(name)])
    text = f"{authors} {date} {title}" if authors else f"{title} {date}"
    return f"{text} arXiv:{paper.id}" if paper.has_arxiv_id else text


# -- registry -----------------------------------------------------------------------

FORMATS: dict[str, Callable[..., str]] = {
    "bibtex": bibtex,
    "biblatex": biblatex,
    "apa": apa,
    "markdown": markdown_link,
    "plain": plain,
    "key": citation_key,
}
"""Every single-paper format by name; see :func:`render`."""

_OPTIONS = {
    name: frozenset(list(inspect.signature(function).parameters)[1:]) for name, function in FORMATS.items()
}
_ALL_OPTIONS = frozenset(option for options in _OPTIONS.values() for option in options)


def render(paper: Paper, fmt: str, **kw: Any) -> str:
    """*paper* in format *fmt* (a key of :data:`FORMATS`).

    Args:
        paper: The paper.
        fmt: ``bibtex``, ``biblatex``, ``apa``, ``markdown``, ``plain`` or ``key``.
        **kw: Options (``primary_class``, ``key``, ``taken``); each format gets
            only those it understands, so callers can pass them uniformly.

    Returns:
        The formatted citation.

    Raises:
        ValueError: *fmt* is not a known format.
        TypeError: an option no format understands.
    """
    function = FORMATS.get(fmt)
    if function is None:
        raise ValueError(f"unknown citation format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    unknown = set(kw) - _ALL_OPTIONS
    if unknown:
        raise TypeError(f"unknown citation option(s): {', '.join(sorted(unknown))}")
    text = function(paper, **{name: value for name, value in kw.items() if name in _OPTIONS[fmt]})
    # Citations are pasted into terminals and files: never let a stray escape through.
    return clean_block(text)


EXPORT_FORMATS = ("bibtex", "biblatex", "markdown", "json", "apa", "plain")
"""Formats :func:`export` writes."""


def export(papers: list[Paper], fmt: str, *, primary_classes: Mapping[str, str] | None = None) -> str:
    """Several papers in one text, with keys unique within it.

    Papers repeated (same id) are written once.

    Args:
        papers: The papers, in order.
        fmt: One of :data:`EXPORT_FORMATS`.
        primary_classes: arXiv primary category per paper id, where known.

    Returns:
        BibTeX/BibLaTeX entries separated by blank lines, a Markdown bulleted
        list, one APA/plain reference per line, or a JSON list of paper dicts
        each with its ``key``.

    Raises:
        ValueError: *fmt* is not an export format.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
    classes = primary_classes or {}
    seen: set[str] = set()
    taken: set[str] = set()
    keyed: list[tuple[Paper, str]] = []
    for paper in papers:
        if paper.id not in seen:
            seen.add(paper.id)
            keyed.append((paper, citation_key(paper, taken)))
    if fmt == "json":
        return (
            json.dumps([paper.to_dict() | {"key": key} for paper, key in keyed], ensure_ascii=False, indent=2)
            + "\n"
        )
    if fmt in ("bibtex", "biblatex"):
        write = bibtex if fmt == "bibtex" else biblatex
        text = "\n".join(write(paper, primary_class=classes.get(paper.id), key=key) for paper, key in keyed)
    elif fmt == "markdown":
        text = "".join(f"- {markdown_link(paper)}\n" for paper, _ in keyed)
    else:
        line = apa if fmt == "apa" else plain
        text = "".join(f"{line(paper)}\n" for paper, _ in keyed)
    return clean_block(text)

