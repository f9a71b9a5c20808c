"""Readable Unicode from the small TeX dialect found in arXiv abstracts and titles.

arXiv abstracts are plain text with TeX sprinkled in: ``$U(1)$``, ``45\\%``,
``Schr\\"odinger``, ``(\\eg colors)``, ``\\url{...}``. A terminal cannot typeset
them, so :func:`tex_to_unicode` maps what has a Unicode equivalent (Greek,
operators, accents, sub/superscripts, blackboard letters) and strips markup
whose content is plain text (``\\emph{x}`` -> ``x``).

The converter is a single left-to-right scan driven by one precompiled regex;
it never raises, never loops (every step consumes input), caps nesting depth,
and keeps all ordinary text: an unknown ``\\command`` loses only its backslash.
Sub/superscripts and ``$`` math only change what is inside math; outside math
``_`` is left alone unless it clearly is a subscript (``x_i``), because plain
abstracts are full of ``snake_case`` names and URLs.
"""

from __future__ import annotations

__all__ = ["may_hold_tex", "plain_text", "tex_to_unicode"]

TEX_MARKS = frozenset("\\${}^_~`")
"""The characters the converter acts on; ``--`` and ``''`` are the only other marks
(the SQL twin of this test is :func:`tui.services.storage.store_schema._no_tex`)."""


def may_hold_tex(text: str) -> bool:
    """False when *text* has nothing :func:`tex_to_unicode` would change (most titles)."""
    return not TEX_MARKS.isdisjoint(text) or "--" in text or "''" in text


def tex_to_unicode(text: str) -> str:
    """Turn the simple TeX of an arXiv abstract into readable Unicode.

    Args:
        text: An abstract or title as arXiv serves it (plain text with TeX bits).

    Returns:
        The text with math delimiters removed and TeX markup mapped to Unicode.
        Ordinary text is kept; malformed TeX never raises.
    """
    if not text or not may_hold_tex(text):
        return text
    from tui.services.formats.texmath_scan import convert  # with its glyph tables, on the first TeX

    return convert(text)


def plain_text(text: str) -> str:
    """:func:`tex_to_unicode`, then every whitespace run collapsed to one space.

    Args:
        text: TeX-ish text such as a title or abstract.

    Returns:
        One line of readable text without leading or trailing spaces.
    """
    return " ".join(tex_to_unicode(text).split())
