"""Citation keys in Google Scholar's convention: ``<surname><year><word>`` (``vaswani2017attention``).

See :mod:`tui.services.formats.citations` for the rules; keys are a pure function of the
paper, with ``a``, ``b`` ... appended on a clash within one export.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.models import Paper
from tui.services.formats.person_names import fold_ascii, parse_name
from tui.services.formats.texmath import plain_text

# -- keys ---------------------------------------------------------------------------

# fmt: off
_STOPWORDS = frozenset({
    "a", "an", "the", "of", "on", "in", "at", "to", "for", "from", "by", "with", "and", "or",
    "is", "are", "was", "were", "be", "been", "do", "how", "what", "when", "where", "which",
    "who", "why", "whom", "via", "as", "into", "onto", "we", "our", "you", "your", "it", "its",
    "this", "that", "these", "those", "there", "here", "than", "but", "not", "so", "let", "us",
})
# fmt: on
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ALPHA = re.compile(r"[^a-z]+")
_TITLE_WORD_SPLIT = re.compile(r"[\s\-–—/:]+")


def _slug(text: str, *, digits: bool) -> str:
    pattern = _NON_ALNUM if digits else _NON_ALPHA
    return pattern.sub("", fold_ascii(text).lower())


def paper_year(paper: Paper) -> int | None:
    stamp = paper.published_at or paper.submitted_at
    return stamp.year if stamp else None


def _title_word(title: str) -> str:
    words = [_slug(word, digits=True) for word in _TITLE_WORD_SPLIT.split(plain_text(title))]
    words = [word for word in words if word]
    for word in words:
        if word not in _STOPWORDS:
            return word
    return ""


def _letter_suffixes() -> Iterator[str]:
    """a, b, ... z, aa, ab, ... (bijective base 26, never ending)."""
    number = 1
    while True:
        value, letters = number, ""
        while value:
            value, remainder = divmod(value - 1, 26)
            letters = chr(ord("a") + remainder) + letters
        yield letters
        number += 1


def citation_key(paper: Paper, taken: set[str] | None = None) -> str:
    """The paper's citation key, e.g. ``vaswani2017attention`` (rule: module docstring).

    Args:
        paper: The paper.
        taken: Keys already used in this export; a clash gets a letter suffix,
            and the returned key is added to the set.

    Returns:
        The key (lower-case ASCII letters and digits).
    """
    surname = ""
    if paper.authors:
        surname = _slug(parse_name(paper.authors[0].name).family, digits=False)
    year = paper_year(paper)
    base = f"{surname or 'anon'}{year if year is not None else 'nd'}{_title_word(paper.title)}"
    if taken is None:
        return base
    key = base
    if key in taken:
        key = next(base + s for s in _letter_suffixes() if base + s not in taken)
    taken.add(key)
    return key
