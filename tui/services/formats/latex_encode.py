"""Unicode text as LaTeX that pdflatex sets and that can never run a TeX command from the network.

BibTeX and BibLaTeX files are compiled, so every title and name written into
one is untrusted input for TeX. The rule here is structural: text from the
network is first turned into plain Unicode (:func:`~tui.services.formats.texmath.plain_text`
drops every ``\\command``, keeping readable text), then written back character
by character. Every backslash in the result comes from this module's own
tables (:data:`SAFE_COMMANDS`), so ``$\\input{/etc/passwd}$`` in a title can
only ever become the words ``input/etc/passwd``.

:func:`encode` writes what pdflatex with its default OT1 encoding can set:
ASCII stays, TeX specials are escaped, accented letters become accent
commands (``Garc{\\'\\i}a``), Greek and math symbols become braced math
(``{$\\Sigma$}``), and letters OT1 lacks (ą, ð, þ, ŋ ...) or scripts pdflatex
cannot set (CJK, emoji) are transliterated to readable ASCII (``王小明`` ->
``Wang Xiao Ming``). With ``keep_latin=True`` (BibLaTeX), Latin letters that
pdflatex's UTF-8 input sets are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

__all__ = ["SAFE_COMMANDS", "encode", "unsafe_commands"]

# fmt: off
_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
"""ASCII characters special to TeX. Braces are commands: BibTeX counts ``\\{`` as a brace."""

_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0327": "c", "\u0331": "b",
}
"""Combining marks with an OT1 accent command (no ogonek: OT1 has none)."""

_LETTERS = {
    "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "ø": r"{\o}",
    "Ø": r"{\O}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "ȷ": r"{\j}", "å": r"{\aa}",
    "Å": r"{\AA}",
}

_TEXT_SYMBOLS = {
    "\u00a0": "~", "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''",
    "„": ",,", "…": r"{\ldots}", "§": r"{\S}", "¶": r"{\P}", "©": r"{\copyright}",
    "£": r"{\pounds}", "†": r"{\dag}", "‡": r"{\ddag}", "¿": "?`", "¡": "!`",
    "«": "<<", "»": ">>", "‹": "<", "›": ">", "€": "EUR", "™": "(TM)", "®": "(R)",
    "\u2009": " ", "\u2002": " ", "\u2003": " ", "\u202f": " ", "\u2010": "-", "\u2011": "-",
    "\u2212": "-",
}

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ϖ": "varpi",
    "ρ": "rho", "ϱ": "varrho", "σ": "sigma", "ς": "varsigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta",
    "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
_GREEK_LATIN = {
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "ο": "o",
}
"""Capital Greek letters that look Latin have no TeX command: the Latin letter is what TeX prints."""

_MATH = {
    "×": "times", "÷": "div", "±": "pm", "∓": "mp", "·": "cdot", "⋅": "cdot", "∗": "ast",
    "⋆": "star", "∘": "circ", "•": "bullet", "⊕": "oplus", "⊗": "otimes", "⊙": "odot",
    "≤": "leq", "≥": "geq", "≠": "neq", "≈": "approx", "∼": "sim", "≃": "simeq",
    "≅": "cong", "≡": "equiv", "∝": "propto", "≪": "ll", "≫": "gg", "≺": "prec", "≻": "succ",
    "∈": "in", "∉": "notin", "∋": "ni", "⊂": "subset", "⊆": "subseteq", "⊃": "supset",
    "⊇": "supseteq", "∪": "cup", "∩": "cap", "∖": "setminus", "∅": "emptyset",
    "∀": "forall", "∃": "exists", "¬": "neg", "∧": "wedge", "∨": "vee", "∑": "sum",
    "∏": "prod", "∫": "int", "∮": "oint", "∂": "partial", "∇": "nabla", "∞": "infty",
    "ℓ": "ell", "ℏ": "hbar", "ℜ": "Re", "ℑ": "Im", "ℵ": "aleph", "′": "prime", "⊤": "top",
    "⊥": "perp", "∥": "parallel", "‖": "Vert", "⟨": "langle", "⟩": "rangle", "⌈": "lceil",
    "⌉": "rceil", "⌊": "lfloor", "⌋": "rfloor", "∠": "angle", "△": "triangle", "√": "surd",
    "→": "rightarrow", "←": "leftarrow", "↔": "leftrightarrow", "⇒": "Rightarrow",
    "⇐": "Leftarrow", "⇔": "Leftrightarrow", "⟹": "Longrightarrow", "↦": "mapsto",
    "⟶": "longrightarrow", "↑": "uparrow", "↓": "downarrow", "↪": "hookrightarrow",
    "⋯": "cdots", "⋮": "vdots", "⋱": "ddots", "°": "circ", "∣": "mid", "⊢": "vdash",
    "⊨": "models", "⪯": "preceq", "⪰": "succeq", "≍": "asymp",
}
"""Symbols as plain-LaTeX math commands (no amssymb needed)."""
# fmt: on

_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", "0123456789+-=()aeoxhklmnpstij", strict=True))

_OT1_UNSET = frozenset("ÐÞðþĄąĐđĘęĦħĮįĸĿŀŉŊŋŦŧŲų")
"""Latin letters pdflatex's default (OT1) encoding cannot set: transliterated instead."""

SAFE_COMMANDS = frozenset(
    {r"\textbackslash", r"\textbraceleft", r"\textbraceright", r"\textasciitilde", r"\textasciicircum"}
    | {"\\" + ch for ch in "&%$#_"}
    | {"\\" + accent for accent in _ACCENTS.values()}
    | {r"\ss", r"\ae", r"\AE", r"\oe", r"\OE", r"\o", r"\O", r"\l", r"\L", r"\i", r"\j", r"\aa", r"\AA"}
    | {r"\ldots", r"\S", r"\P", r"\copyright", r"\pounds", r"\dag", r"\ddag"}
    | {"\\" + name for name in _GREEK.values()}
    | {"\\" + name for name in _MATH.values()}
)
"""Every TeX command :func:`encode` can write (none reads a file, writes one or runs anything)."""

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)


def _is_keepable_latin(ch: str) -> bool:
    return ("\u00c0" <= ch <= "\u017f") and ch not in "×÷" and ch not in _OT1_UNSET


def _accented(ch: str) -> str | None:
    """``{\\'e}`` for é, ``{\\'\\i}`` for í, ``{\\d{\\^e}}`` for ệ; None when OT1 has no way."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not ("a" <= base.lower() <= "z") or not marks or any(m not in _ACCENTS for m in marks):
        return None
    inner = base
    if base in "ij" and any(unicodedata.combining(m) == 230 for m in marks):
        inner = "\\" + base  # dotless i/j under an accent above
    for index, mark in enumerate(marks):
        command = _ACCENTS[mark]
        if command.isalpha() or index > 0:
            inner = f"\\{command}{{{inner}}}"  # \c{c}, and \~{\^e} when marks stack
        else:
            inner = f"\\{command}{inner}"
    return "{" + inner + "}"


def _script(run: str, table: dict[str, str], mark: str) -> str:
    return "{$" + mark + "{" + "".join(table[ch] for ch in run) + "}$}"


def _transliterate(ch: str, missing: str = "?") -> str:
    ascii_text = anyascii(ch)
    return "".join(_SPECIALS.get(c, c) for c in ascii_text if c.isprintable()) or missing


def _char(ch: str, keep_latin: bool) -> str:
    if ch < "\x80":
        return _SPECIALS.get(ch, ch) if ch.isprintable() or ch == " " else " "
    if keep_latin and _is_keepable_latin(ch):
        return ch
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _TEXT_SYMBOLS:
        return _TEXT_SYMBOLS[ch]
    if ch in _GREEK:
        return "{$\\" + _GREEK[ch] + "$}"
    if ch in _GREEK_LATIN:
        return _GREEK_LATIN[ch]
    if ch in _MATH:
        return "{$^\\circ$}" if ch == "°" else "{$\\" + _MATH[ch] + "$}"
    # Biber turns accent commands back into UTF-8 for pdflatex, which sets only
    # the letters kept above: with keep_latin the others are transliterated.
    if ch not in _OT1_UNSET and not keep_latin:
        accented = _accented(ch)
        if accented is not None:
            return accented
    category = unicodedata.category(ch)
    if category.startswith("Z"):
        return " "
    if category in ("Cc", "Cf", "Cs"):
        return ""
    # A lone mark may carry a vowel (Devanagari); a bare accent has no ASCII form.
    return _transliterate(ch, "" if category in ("Mn", "Me") else "?")


_SCRIPT_RUN = re.compile(f"[{''.join(_SUPERSCRIPTS)}]+|[{''.join(_SUBSCRIPTS)}]+")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]+")


def encode(text: str, *, keep_latin: bool = False) -> str:
    """*text* (plain Unicode, no TeX) as LaTeX for a ``.bib`` field.

    Args:
        text: Plain text; any backslash or brace in it is a literal character.
        keep_latin: Keep Latin letters pdflatex sets from UTF-8 (for BibLaTeX).

    Returns:
        Balanced-brace LaTeX whose only commands are in :data:`SAFE_COMMANDS`.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    pos = 0
    for match in _SCRIPT_RUN.finditer(text):
        out.append(_encode_plain(text[pos : match.start()], keep_latin))
        run = match.group()
        if run[0] in _SUPERSCRIPTS:
            out.append(_script(run, _SUPERSCRIPTS, "^"))
        else:
            out.append(_script(run, _SUBSCRIPTS, "_"))
        pos = match.end()
    out.append(_encode_plain(text[pos:], keep_latin))
    return "".join(out)


def _encode_plain(text: str, keep_latin: bool) -> str:
    out: list[str] = []
    pos = 0
    for match in _CJK_RUN.finditer(text):
        out.append("".join(_char(ch, keep_latin) for ch in text[pos : match.start()]))
        # One transliterated word per character reads as a name: 王小明 -> "Wang Xiao Ming".
        words = [_transliterate(ch) for ch in match.group()]
        joined = " ".join(word.capitalize() for word in words if word != "?")
        before = text[pos : match.start()]
        lead = " " if out and before and not before[-1].isspace() else ""
        out.append(lead + (joined or "?"))
        pos = match.end()
    out.append("".join(_char(ch, keep_latin) for ch in text[pos:]))
    return "".join(out)


def unsafe_commands(latex: str) -> list[str]:
    """Commands in *latex* that are not in :data:`SAFE_COMMANDS` (empty for :func:`encode` output).

    Also reports ``^^`` (TeX's notation for any character, a backslash too).
    """
    found = [m.group() for m in _COMMAND.finditer(latex) if m.group() not in SAFE_COMMANDS]
    if "^^" in latex:
        found.append("^^")
    return found
