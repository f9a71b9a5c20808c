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
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tui.models import Paper, short_author_list
from tui.services.latex_encode import encode
from tui.services.sanitize import clean_block
from tui.services.texmath import plain_text

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "PersonName",
    "apa",
    "biblatex",
    "bibtex",
    "bibtex_authors",
    "bibtex_name",
    "bibtex_title",
    "citation_key",
    "export",
    "fold_ascii",
    "latex_escape",
    "markdown_link",
    "parse_name",
    "plain",
    "render",
    "split_name",
]

ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_DOI_PREFIX = "10.48550/arXiv."

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


def _is_cjk(token: str) -> bool:
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
    if all(_is_cjk(token) for token in tokens):
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


def _year(paper: Paper) -> int | None:
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
    year = _year(paper)
    base = f"{surname or 'anon'}{year if year is not None else 'nd'}{_title_word(paper.title)}"
    if taken is None:
        return base
    key = base
    if key in taken:
        key = next(base + s for s in _letter_suffixes() if base + s not in taken)
    taken.add(key)
    return key


# -- BibTeX escaping ----------------------------------------------------------------

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Braces are escaped as \textbraceleft{}: BibTeX counts "\{" as a brace, so an
# unpaired one would break the whole entry.
_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_WORD_PARTS = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_KEY_FORBIDDEN = re.compile(r"[\s,{}()\"#%'=\\~]")


def latex_escape(text: str) -> str:
    """*text* with the characters special to (La)TeX escaped; UTF-8 is kept."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group()], text)


def _needs_protection(word: str) -> bool:
    """True for words BibTeX styles must not lower-case: BERT, GANs, PyTorch, CIFAR-10."""
    for part in word.split("-"):
        capitals = sum(1 for ch in part if ch.isupper())
        if capitals >= 2 or (capitals == 1 and not part[:1].isupper()):
            return True
    return False


def _protect_word(word: str, keep_latin: bool) -> str:
    match = _WORD_PARTS.match(word)
    assert match is not None  # the pattern matches any string
    lead, core, trail = (encode(part, keep_latin=keep_latin) for part in match.groups())
    if core and _needs_protection(match.group(2)):
        return f"{lead}{{{core}}}{trail}"
    return f"{lead}{core}{trail}"


def bibtex_title(title: str, *, keep_latin: bool = False) -> str:
    """A title as a BibTeX field value: plain text re-encoded as safe LaTeX, capitals protected.

    The TeX in an arXiv title is untrusted: it is read as text first
    (``$\\Sigma$-Mem`` -> ``Σ-Mem``), then written back with
    :func:`~tui.services.latex_encode.encode`, so the only commands in the
    result are that module's whitelist (``{$\\Sigma$}-Mem``).

    Args:
        title: The title as arXiv gives it (may contain ``$...$`` math).
        keep_latin: Keep accented Latin letters as UTF-8 (BibLaTeX).

    Returns:
        The value to put between the field's braces.
    """
    text = plain_text(title)
    return "".join(
        piece if piece.isspace() or not piece else _protect_word(piece, keep_latin)
        for piece in re.split(r"(\s+)", text)
    )


_ESCAPED_SPECIAL = re.compile(r"\\[&%$#_]|\\text(?:backslash|brace|ascii)")


def _bib_token(token: str, keep_latin: bool) -> tuple[str, bool]:
    """*token* encoded, and whether it may stand bare in "Given Family" order."""
    encoded = encode(token, keep_latin=keep_latin)
    plain = token[:1].isupper() and token.lower() != "and" and " " not in encoded
    # A bare "and" would split the author list, whatever its case; escaped
    # specials are braced because bibtexparser misreads "\& and" as a separator.
    if token.lower() == "and" or _ESCAPED_SPECIAL.search(encoded) or " " in encoded or "," in encoded:
        return "{" + encoded + "}", False
    return encoded, plain


def bibtex_name(name: str, *, keep_latin: bool = False) -> str:
    """One author in a form BibTeX (and bibtexparser) split back to the same parts.

    "Given Family" (arXiv's order) when every given name starts with a capital,
    with a multi-word family name braced (``Jan {van der Berg}``). Otherwise
    "Family, Given": after the comma BibTeX does no case analysis, so
    lower-case or transliterated given names ("danah", "小明") cannot turn
    into a "von" part. "Family, Jr., Given" when there is a suffix; groups
    ("The Soofi-Team", "Gemini Team") braced whole so no style abbreviates them.
    Letters are written by :func:`~tui.services.latex_encode.encode`
    (``{\\L}ukasz``, ``Garc{\\'\\i}a-L{\\'o}pez``); hyphenated given names stay
    unbraced so abbreviating styles print "J.-B.".

    Args:
        name: The author name as the paper lists it.
        keep_latin: Keep accented Latin letters as UTF-8 (BibLaTeX).

    Returns:
        The name as it goes inside the ``author`` field.
    """
    parts = parse_name(plain_text(name))
    family = encode(parts.family, keep_latin=keep_latin)
    if (
        parts.group
        or " " in family
        or "," in family  # a transliteration (¸ -> ",") must not split the name
        or not parts.family[:1].isupper()
        or _ESCAPED_SPECIAL.search(family)
        or parts.family.lower() == "and"
    ):
        family = "{" + family + "}"
    tokens = [_bib_token(token, keep_latin) for token in parts.given.split()]
    given = " ".join(text for text, _ in tokens)
    if parts.suffix:
        # Only the "Family, Jr., Given" form has a place for the suffix; an empty
        # given name must still be written ({}), a trailing comma is invalid.
        return f"{family}, {encode(parts.suffix)}, {given or '{}'}"
    if not given:
        return family
    if all(plain for _, plain in tokens):
        return f"{given} {family}"
    return f"{family}, {given}"


def bibtex_authors(paper: Paper, *, keep_latin: bool = False) -> str:
    """The ``author`` field value: every author through :func:`bibtex_name`, joined by "and"."""
    return " and ".join(
        bibtex_name(name, keep_latin=keep_latin) for name in paper.author_names if plain_text(name)
    )


def _check_key(key: str) -> str:
    if not key or _KEY_FORBIDDEN.search(key):
        raise ValueError(f"not a usable citation key: {key!r}")
    return key


def _entry(kind: str, key: str, fields: list[tuple[str, str]], *, indent: str, sep: str) -> str:
    body = "".join(f"{indent}{name}{sep}{{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{key},\n{body}}}\n"


def bibtex(paper: Paper, *, primary_class: str | None = None, key: str | None = None) -> str:
    """An arXiv-style ``@misc`` BibTeX entry.

    Args:
        paper: The paper.
        primary_class: The arXiv primary category (``cs.CL``); omitted when None.
        key: The citation key; :func:`citation_key` when None.

    Returns:
        The entry, ending with a newline. Papers without an arXiv id get no
        eprint fields and a ``note``.

    Raises:
        ValueError: *key* contains characters BibTeX keys cannot hold.
    """
    key = _check_key(key) if key is not None else citation_key(paper)
    fields = [("title", bibtex_title(paper.title))]
    authors = bibtex_authors(paper)
    if authors:
        fields.append(("author", authors))
    year = _year(paper)
    if year is not None:
        fields.append(("year", str(year)))
    if paper.has_arxiv_id:
        category = _category(primary_class)
        # plain, plainnat and abbrvnat ignore eprint; howpublished is what they
        # print, and without url/doi the id appears exactly once in each.
        fields.append(("howpublished", f"arXiv:{paper.id}" + (f" [{category}]" if category else "")))
        fields += [("eprint", paper.id), ("archivePrefix", "arXiv")]
        if category:
            fields.append(("primaryClass", category))
    else:
        fields.append(("note", "No arXiv identifier"))
    return _entry("misc", key, fields, indent="      ", sep="=")


def biblatex(paper: Paper, *, primary_class: str | None = None, key: str | None = None) -> str:
    """A BibLaTeX ``@online`` entry with ``eprinttype = {arxiv}`` and ``eprintclass``.

    Accented Latin letters stay UTF-8 where pdflatex sets them; the rest is
    written as in :func:`bibtex`, so the file compiles with pdflatex + Biber.

    Args:
        paper: The paper.
        primary_class: The arXiv primary category, written as ``eprintclass``.
        key: The citation key; :func:`citation_key` when None.

    Returns:
        The entry, ending with a newline (``@misc`` for papers without an arXiv id).

    Raises:
        ValueError: *key* contains characters BibTeX keys cannot hold.
    """
    key = _check_key(key) if key is not None else citation_key(paper)
    fields = [("title", bibtex_title(paper.title, keep_latin=True))]
    authors = bibtex_authors(paper, keep_latin=True)
    if authors:
        fields.append(("author", authors))
    stamp = paper.published_at or paper.submitted_at
    if stamp is not None:
        fields.append(("date", stamp.date().isoformat()))
    if not paper.has_arxiv_id:
        fields.append(("note", "No arXiv identifier"))
        return _entry("misc", key, fields, indent="  ", sep=" = ")
    fields += [("eprinttype", "arxiv"), ("eprint", paper.id)]
    category = _category(primary_class)
    if category:
        fields.append(("eprintclass", category))
    # No doi/url: biblatex prints each, and both repeat the id its eprint
    # already prints (as a link with hyperref).
    return _entry("online", key, fields, indent="  ", sep=" = ")


_CATEGORY = re.compile(r"^[a-z][a-z-]*(?:\.[A-Za-z]{2})?$")


def _category(primary_class: str | None) -> str | None:
    """An arXiv category (``cs.CL``, ``hep-th``) or None: anything else is not written."""
    if primary_class and _CATEGORY.match(primary_class.strip()):
        return primary_class.strip()
    return None


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
    elif _is_cjk(parts.given.replace(" ", "")):
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
    year = _year(paper)
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
    year = _year(paper)
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
