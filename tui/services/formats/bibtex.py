"""BibTeX and BibLaTeX entries for a paper: escaped, keyed, never carrying TeX from the network."""

from __future__ import annotations

import re

from tui.models import Paper
from tui.services.formats.citation_keys import citation_key, paper_year
from tui.services.formats.latex_encode import encode
from tui.services.formats.person_names import parse_name
from tui.services.formats.texmath import plain_text

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
    :func:`~tui.services.formats.latex_encode.encode`, so the only commands in the
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
    Letters are written by :func:`~tui.services.formats.latex_encode.encode`
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
    year = paper_year(paper)
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

