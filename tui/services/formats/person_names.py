"""Author names as given ("Given Family", "Family, Given", CJK, groups) split into their parts.

Author names are stored as single strings; :func:`parse_name` splits them, knowing
particles (van, von, de la ...), suffixes (Jr., III), "Family, Given" input,
single-token and CJK names, and group authors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# -- names --------------------------------------------------------------------------

# fmt: off
_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "degli", "dei", "des", "di", "da", "dal",
    "du", "la", "le", "lo", "bin", "binti", "ibn", "bint", "al", "el", "dos", "das", "do",
    "ten", "ter", "te", "op", "zu", "zum", "zur", "af", "av", "y", "e", "st", "st.", "abu",
    "vander", "vanden",
})
"""Lower-case words that start a family name ("Jan van der Berg", "Ali bin Said")."""

_CAPITAL_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "del", "della", "dos", "das", "ten", "ter", "vander",
    "vanden",
})
"""Capitalised forms accepted mid-name ("Luc Van Gool", "Valentin De Bortoli").

"Le", "La", "Di", "Da", "Du" are left out: they are common Chinese and
Vietnamese given names ("Le Song", "Di Wu")."""

_VIETNAMESE_SURNAMES = frozenset({
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "truong", "lam", "mai", "trinh", "doan", "luong",
})
"""After one of these, a capitalised "Van" is a middle name ("Nguyen Van Minh")."""

_SUFFIXES = frozenset({"jr", "sr", "jnr", "snr", "ii", "iii", "iv", "2nd", "3rd"})
_GROUP_WORDS = frozenset({
    "team", "collaboration", "consortium", "group", "project", "lab", "laboratory", "inc",
    "ltd", "llc", "gmbh", "corporation", "corp", "committee", "initiative", "contributors",
    "authors", "community", "foundation", "institute", "university", "organization",
})
"""A name ending in one of these is a group author, kept whole ("Gemini Team")."""

_AND_WORD = re.compile(r"(?:^|\s)(?:and|&)(?:\s|$)", re.IGNORECASE)
_TRANSLITERATE = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
    "ħ": "h", "Ħ": "H", "ŋ": "ng", "Ŋ": "Ng",
})
"""Letters NFKD does not decompose into ASCII."""
# fmt: on


@dataclass(frozen=True, slots=True)
class PersonName:
    """An author name split into its parts."""

    given: str
    family: str
    suffix: str = ""
    """"Jr.", "III" ... (empty for most names)."""
    group: bool = False
    """A group or organisation ("Gemini Team"): ``family`` holds the whole name."""


def fold_ascii(text: str) -> str:
    """*text* with accents removed and non-ASCII letters transliterated or dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _is_suffix(token: str) -> bool:
    return token.rstrip(".").lower() in _SUFFIXES


def is_cjk(token: str) -> bool:
    return bool(token) and all(
        "\u2e80" <= ch <= "\u9fff"
        or "\uac00" <= ch <= "\ud7af"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003134f"
        or ch in "·・"
        for ch in token
    )


def _is_group(name: str) -> bool:
    last = name.rsplit(" ", 1)[-1].rsplit("-", 1)[-1].rstrip(".").lower()
    return bool(_AND_WORD.search(name)) or last in _GROUP_WORDS


def parse_name(name: str) -> PersonName:
    """Split an author name into given name, family name and suffix.

    Args:
        name: "Given Family", "Family, Given", "Family, Jr., Given" or
            "Given Family, Jr."; extra whitespace is ignored.

    Returns:
        The parts. Single-token names and CJK names without a space are all
        family name; CJK names with a space are read family-first ("王 小明").
    """
    name = " ".join(name.split())
    if not name:
        return PersonName("", "")
    if _is_group(name):
        return PersonName("", name, group=True)
    parts = [part.strip() for part in name.split(",") if part.strip()]
    if len(parts) >= 2:
        if len(parts) == 2 and _is_suffix(parts[1]):
            natural = _parse_natural(parts[0])
            return PersonName(natural.given, natural.family, parts[1])
        if len(parts) >= 3 and _is_suffix(parts[1]):
            return PersonName(" ".join(parts[2:]), parts[0], parts[1])
        if len(parts) >= 3 and _is_suffix(parts[-1]):
            return PersonName(" ".join(parts[1:-1]), parts[0], parts[-1])
        return PersonName(" ".join(parts[1:]), parts[0])
    if not parts:
        return PersonName("", name)  # nothing but commas
    return _parse_natural(parts[0])


def _parse_natural(name: str) -> PersonName:
    """Parse "Given [particles] Family [Suffix]" (no commas)."""
    tokens = name.split(" ")
    suffix = ""
    if len(tokens) >= 2 and _is_suffix(tokens[-1]):
        suffix = tokens.pop()
    if len(tokens) == 1:
        return PersonName("", tokens[0], suffix)
    if all(is_cjk(token) for token in tokens):
        # East Asian names written in their own script put the family name first.
        return PersonName(" ".join(tokens[1:]), tokens[0], suffix)
    start = _family_start(tokens)
    return PersonName(" ".join(tokens[:start]), " ".join(tokens[start:]), suffix)


def _family_start(tokens: list[str]) -> int:
    """Index of the first token of the family name (the last token at the latest)."""
    last = len(tokens) - 1
    if tokens[0] in _PARTICLES:
        return 0  # "van Gogh": no given name at all
    vietnamese = fold_ascii(tokens[0]).lower() in _VIETNAMESE_SURNAMES
    for index in range(1, last):
        token = tokens[index]
        if token in _PARTICLES:
            return index
        if (
            not vietnamese
            and token[:1].isupper()
            and token.lower() in _CAPITAL_PARTICLES
            and all(t.lower() in _PARTICLES for t in tokens[index + 1 : last])
        ):
            return index
    return last


def split_name(name: str) -> tuple[str, str]:
    """``(given, family)`` for an author name; a suffix (Jr., III) is dropped.

    Args:
        name: The name as the paper lists it.

    Returns:
        The given names and the family name with its particles
        ("Jan van der Berg" -> ``("Jan", "van der Berg")``).
    """
    parts = parse_name(name)
    return parts.given, parts.family


