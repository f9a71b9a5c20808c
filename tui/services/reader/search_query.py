"""What a person types into the search box, turned into a safe FTS5 ``MATCH`` expression.

:func:`build_fts_query` only ever emits quoted strings, three operators and
known column names, so no input can make SQLite's FTS5 parser fail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_TERMS = 32
"""More terms than this are dropped (a pasted abstract is not a query)."""
MIN_PREFIX_CHARS = 3
"""Shorter words match exactly: ``a*`` would rank every paper in the cache."""
COLUMNS = {
    "title": "title",
    "abstract": "summary",
    "summary": "summary",
    "author": "authors",
    "authors": "authors",
    "keyword": "keywords",
    "keywords": "keywords",
}
"""``column:word`` filters a user may type, mapped to FTS5 columns."""

_OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


class SearchQueryError(ValueError):
    """The text holds nothing to search for; ``str(error)`` says why, for the status line."""


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    phrase: bool = False
    column: str | None = None
    negated: bool = False


def _clean(text: str) -> str:
    """Drop control characters and lone surrogates (they cannot be bound to SQLite)."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs", "Cf") or ch in "\t\n")


def _has_word(text: str) -> bool:
    """Whether the FTS5 tokenizer would find at least one token in *text*."""
    return any(ch.isalnum() for ch in text)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _last_word(text: str) -> str:
    words = re.findall(r"[^\W_]+", text)
    return words[-1] if words else ""


def _parse(text: str) -> list[_Term | str]:
    """Terms and operator words in the order typed (unbalanced quotes close at the end)."""
    items: list[_Term | str] = []
    for match in _TOKEN.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            if _has_word(phrase):
                items.append(_Term(" ".join(phrase.split()), phrase=True))
            continue
        if word in _OPERATORS:
            items.append(word)
            continue
        negated = word.startswith("-") and len(word) > 1
        word = word.lstrip("-")
        column = None
        head, sep, rest = word.partition(":")
        if sep and head.lower() in COLUMNS:
            column, word = COLUMNS[head.lower()], rest
        if word.startswith('"'):  # title:"exact words" arrives split by whitespace: keep it simple
            word = word.strip('"')
        if _has_word(word):
            items.append(_Term(word, column=column, negated=negated))
    return items


def build_fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 ``MATCH`` expression.

    Words match as prefixes (``transf`` finds *transformer*; words under three
    characters match exactly), ``"quoted phrases"`` match as phrases,
    upper-case ``AND`` / ``OR`` / ``NOT`` are operators between terms, ``-word``
    excludes a word, and ``title:`` / ``author:`` / ``abstract:`` /
    ``keyword:`` restrict a word to one field. Everything else (brackets,
    ``*``, ``:``, stray quotes) is treated as plain text.

    Returns:
        The expression, or None when *text* is empty (nothing typed).

    Raises:
        SearchQueryError: *text* has no word to search for (only punctuation
            or operators); the message says so.
    """
    cleaned = _clean(text).strip()
    if not cleaned:
        return None
    items = _parse(cleaned)
    parts: list[str] = []
    pending: str | None = None
    terms = 0
    for item in items:
        if isinstance(item, str):
            pending = item if parts else None  # an operator needs a term on its left
            continue
        if terms >= MAX_TERMS:
            break
        operator = "NOT" if item.negated else pending
        if not parts and operator == "NOT":
            operator = None  # "-word" or "NOT word" first: FTS5 has no unary NOT; search the word
        expression = _quote(item.text)
        if not item.phrase and len(_last_word(item.text)) >= MIN_PREFIX_CHARS:
            expression += "*"
        if item.column is not None:
            expression = f"{item.column} : {expression}"
        if parts:
            parts.append(operator or "AND")
        parts.append(expression)
        pending = None
        terms += 1
    if not parts:
        if any(isinstance(item, str) for item in items):
            raise SearchQueryError(f"nothing to search for in {text.strip()!r}: AND, OR and NOT go between words")
        raise SearchQueryError(f"nothing to search for in {text.strip()!r}: type a word")
    return " ".join(parts)
