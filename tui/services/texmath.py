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

import re
import unicodedata
from collections.abc import Callable

__all__ = ["plain_text", "tex_to_unicode"]

_MAX_DEPTH = 48
"""Deeper nesting is flattened rather than recursed into (keeps the stack small)."""

_MAX_OPTIONAL = 200
"""How far to look for the end of ``[...]`` or ``\\verb|...|`` before giving up."""

_TOKEN = re.compile(
    # The lookahead lets the engine skip ordinary text without trying each branch
    # (5x faster on real abstracts).
    r"(?=[\\$\{\}\^_~\-`'hfw])"
    r"(?:(?P<url>(?:https?|ftp)://[^\s{}]+|www\.[^\s{}]+\.[^\s{}]+)"
    r"|(?P<cmd>\\[A-Za-z]+)"
    r"|(?P<sym>\\.)"
    r"|(?P<bs>\\)"
    r"|(?P<dollar>\$\$?)"
    r"|(?P<brace>[{}])"
    r"|(?P<script>[\^_])"
    r"|(?P<tilde>~)"
    r"|(?P<dash>---?)"
    r"|(?P<quote>``|''|`))",
    re.DOTALL,
)
_COMMAND_AT = re.compile(r"\\(?:[A-Za-z]+|.)?", re.DOTALL)
_NEXT_DOLLAR = re.compile(r"(?<!\\)\$")
# Outside math only these look like intended scripts: "10^6", "x^{2}", "n^2".
_TEXT_SUP_ARG = re.compile(r"[+-]?\d+(?![\w])|[A-Za-z*](?![\w])")
_TEXT_SUB_ARG = re.compile(r"\d{1,3}(?![\w])|[A-Za-z](?![\w])")
_WHITESPACE = re.compile(r"\s+")

# The symbol tables stay dense, several entries a line.
# fmt: off
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "varkappa": "ϰ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π",
    "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Alpha": "Α", "Beta": "Β", "Gamma": "Γ", "Delta": "Δ", "Epsilon": "Ε", "Zeta": "Ζ",
    "Eta": "Η", "Theta": "Θ", "Iota": "Ι", "Kappa": "Κ", "Lambda": "Λ", "Mu": "Μ", "Nu": "Ν",
    "Xi": "Ξ", "Omicron": "Ο", "Pi": "Π", "Rho": "Ρ", "Sigma": "Σ", "Tau": "Τ",
    "Upsilon": "Υ", "Phi": "Φ", "Chi": "Χ", "Psi": "Ψ", "Omega": "Ω",
    "varGamma": "Γ", "varDelta": "Δ", "varTheta": "Θ", "varLambda": "Λ", "varXi": "Ξ",
    "varPi": "Π", "varSigma": "Σ", "varUpsilon": "Υ", "varPhi": "Φ", "varPsi": "Ψ",
    "varOmega": "Ω", "digamma": "ϝ",
}

_SYMBOLS = {
    # relations and operators
    "times": "×", "div": "÷", "pm": "±", "mp": "∓", "cdot": "·", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "•", "oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "odot": "⊙",
    "leq": "≤", "le": "≤", "leqslant": "≤", "geq": "≥", "ge": "≥", "geqslant": "≥",
    "neq": "≠", "ne": "≠", "approx": "≈", "sim": "~", "simeq": "≃", "cong": "≅",
    "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "lesssim": "≲", "gtrsim": "≳",
    "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰", "triangleq": "≜",
    "coloneqq": "≔", "doteq": "≐", "asymp": "≍", "models": "⊨", "vdash": "⊢",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "cup": "∪", "cap": "∩", "bigcup": "⋃", "bigcap": "⋂",
    "setminus": "∖", "emptyset": "∅", "varnothing": "∅", "forall": "∀", "exists": "∃",
    "nexists": "∄", "neg": "¬", "lnot": "¬", "land": "∧", "wedge": "∧", "lor": "∨",
    "vee": "∨", "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬",
    "oint": "∮", "partial": "∂", "nabla": "∇", "infty": "∞", "ell": "ℓ", "hbar": "ℏ",
    "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "wp": "℘", "prime": "′", "dagger": "†",
    "ddagger": "‡", "dag": "†", "ddag": "‡", "top": "⊤", "bot": "⊥", "perp": "⊥",
    "parallel": "∥", "mid": "|", "vert": "|", "Vert": "‖", "lvert": "|", "rvert": "|",
    "lVert": "‖", "rVert": "‖", "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉",
    "lfloor": "⌊", "rfloor": "⌋", "backslash": "\\", "angle": "∠", "triangle": "△",
    "square": "□", "Box": "□", "diamond": "⋄", "checkmark": "✓", "surd": "√",
    # arrows
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹",
    "impliedby": "⟸", "iff": "⟺", "mapsto": "↦", "longrightarrow": "⟶",
    "longleftarrow": "⟵", "Longrightarrow": "⟹", "uparrow": "↑", "downarrow": "↓",
    "hookrightarrow": "↪", "rightleftharpoons": "⇌", "nearrow": "↗", "searrow": "↘",
    # dots and spaces
    "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "dotsc": "…",
    "dotsb": "⋯", "textellipsis": "…", "quad": " ", "qquad": "  ", "enspace": " ",
    "thinspace": " ", "space": " ", "newline": " ", "linebreak": " ",
    # text symbols
    "S": "§", "P": "¶", "copyright": "©", "textcopyright": "©", "textregistered": "®",
    "texttrademark": "™", "euro": "€", "texteuro": "€", "pounds": "£", "textsterling": "£",
    "textdegree": "°", "degree": "°", "textmu": "µ", "textasciitilde": "~",
    "textasciicircum": "^", "textbackslash": "\\", "textbar": "|", "textless": "<",
    "textgreater": ">", "textendash": "–", "textemdash": "—", "textquoteleft": "‘",
    "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "textbullet": "•", "textdagger": "†", "textperiodcentered": "·", "textunderscore": "_",
    "textbraceleft": "{", "textbraceright": "}", "textpercent": "%", "lbrace": "{",
    "rbrace": "}", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
    # letters without a combining form
    "i": "ı", "j": "ȷ", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ",
    "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
}

_ABBREVIATIONS = {
    "eg": "e.g.", "Eg": "E.g.", "ie": "i.e.", "Ie": "I.e.", "etc": "etc.", "etal": "et al.",
    "vs": "vs.", "cf": "cf.", "Cf": "Cf.", "wrt": "w.r.t.", "iid": "i.i.d.", "aka": "a.k.a.",
    "resp": "resp.", "viz": "viz.",
}
"""Paper macros (CVPR style); like the originals they add no dot before a dot."""

_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
    "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
    "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308",
    "acute": "\u0301", "grave": "\u0300", "breve": "\u0306", "check": "\u030c",
    "mathring": "\u030a",
}
_SPACING_ACCENT = {'"': "¨", "'": "´", "`": "`", "^": "^", "~": "~", "=": "¯", ".": "˙"}

_IDENTITY = frozenset({
    "emph", "textbf", "textit", "texttt", "textsf", "textsc", "textup", "textsl", "textmd",
    "underline", "uline", "hbox", "fbox", "ensuremath",
    "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathscr", "mathfrak",
    "mathnormal", "boldsymbol", "bm", "pmb", "operatorname", "mathop", "mathbin", "mathrel",
    "mathord", "ref", "eqref", "autoref", "cref", "Cref", "textls", "smash", "overbrace",
    "underbrace",
})
_DROP_ARG = frozenset({
    "label", "hspace", "vspace", "begin", "end", "color", "pagecolor", "bibliographystyle",
    "bibliography", "thanks", "phantom", "hphantom", "vphantom", "includegraphics",
    "setlength", "addtolength", "nocite",
})
_DECLARATIONS = frozenset({
    "em", "it", "bf", "rm", "sf", "tt", "sc", "sl", "up", "md", "normalfont", "itshape",
    "bfseries", "ttfamily", "rmfamily", "sffamily", "scshape", "upshape", "mdseries",
    "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE",
    "huge", "Huge", "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle",
    "limits", "nolimits", "noindent", "indent", "par", "centering", "xspace", "relax",
    "protect", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "middle", "nonumber", "notag", "allowbreak", "nobreak",
    "hfill", "vfill", "medskip", "smallskip", "bigskip", "maketitle", "boldmath",
    "unboldmath", "mathstrut", "strut", "cr", "hline", "displaylimits",
})
_BLACKBOARD = {
    "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ", "E": "𝔼", "1": "𝟙",
}
_SUPERSCRIPT = dict(zip(
    "0123456789+-=()nia"
    "bcdefghjklmoprstuvwxyz"
    "ABDEGHIJKLMNOPRTUVW"
    "αβγδεθιφχ′*∗†⊤∘",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃ"
    "ᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"
    "ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"
    "ᵅᵝᵞᵟᵋᶿᶥᵠᵡ′**†ᵀ°",
    strict=True,
))
_SUBSCRIPT = dict(zip(
    "0123456789+-=()aehijklmnoprstuvxβγρφχə",
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪₔ",
    strict=True,
))
_CONTROL_SYMBOLS = {
    "%": "%", "&": "&", "_": "_", "$": "$", "#": "#", "{": "{", "}": "}", " ": " ", "\n": " ",
    "\t": " ", ",": " ", ";": " ", ":": " ", ">": " ", "!": "", "\\": " ", "-": "", "/": "",
    "@": "", "|": "‖",
}
# fmt: on
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ROOTS = {"2": "√", "3": "∛", "4": "∜"}


def tex_to_unicode(text: str) -> str:
    """Turn the simple TeX of an arXiv abstract into readable Unicode.

    Args:
        text: An abstract or title as arXiv serves it (plain text with TeX bits).

    Returns:
        The text with math delimiters removed and TeX markup mapped to Unicode.
        Ordinary text is kept; malformed TeX never raises.
    """
    if not text or not _TOKEN.search(text):
        return text
    return _Converter(text).run()


def plain_text(text: str) -> str:
    """:func:`tex_to_unicode`, then every whitespace run collapsed to one space.

    Args:
        text: TeX-ish text such as a title or abstract.

    Returns:
        One line of readable text without leading or trailing spaces.
    """
    return _WHITESPACE.sub(" ", tex_to_unicode(text)).strip()


def _script(content: str, table: dict[str, str], mark: str) -> str:
    """*content* as Unicode super/subscript, else TeX-like ``^x`` / ``^(x+1)``."""
    compact = content.replace(" ", "")
    if not compact:
        return ""
    if all(ch in table for ch in compact):
        return "".join(table[ch] for ch in compact)
    if len(compact) == 1 or (compact[0] == "(" and compact[-1] == ")"):
        return mark + compact
    return f"{mark}({content.strip()})"


def _accent(content: str, mark: str, spacing: str) -> str:
    if not content:
        return spacing
    # Dotless i/j exist only so TeX can put an accent on them: na\"{\i}ve.
    base = {"ı": "i", "ȷ": "j"}.get(content, content)
    return unicodedata.normalize("NFC", base + mark)


def _operand(value: str) -> str:
    """Parenthesise *value* unless it reads as one symbol (for a/b and √x)."""
    value = value.strip()
    if len(value) <= 1 or value.isalpha() or _NUMBER.fullmatch(value):
        return value
    if value.startswith("(") and value.endswith(")"):
        return value
    return f"({value})"


def _unescape_raw(value: str) -> str:
    return re.sub(r"\\([%#_&$~{}])", r"\1", value)


class _Converter:
    """One conversion: the text, a cursor, and whether we are inside math."""

    __slots__ = ("math", "n", "pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.n = len(text)
        self.math = False

    def run(self) -> str:
        return self._sequence(0, in_group=False)

    # -- scanning ---------------------------------------------------------------

    def _sequence(self, depth: int, *, in_group: bool) -> str:
        """Convert up to the closing brace of this group (or the end)."""
        out: list[str] = []
        text = self.text
        while self.pos < self.n:
            match = _TOKEN.search(text, self.pos)
            if match is None:
                out.append(text[self.pos :])
                self.pos = self.n
                break
            start = match.start()
            if start > self.pos:
                out.append(text[self.pos : start])
            self.pos = match.end()
            kind = match.lastgroup
            token = match.group()
            if kind == "url":
                out.append(token)
            elif kind == "cmd":
                out.append(self._command(token[1:], depth))
            elif kind == "sym":
                out.append(self._control_symbol(token[1], depth))
            elif kind == "brace":
                if token == "}":
                    if in_group:
                        return "".join(out)
                    continue  # a stray closing brace carries no text
                if depth < _MAX_DEPTH:
                    out.append(self._sequence(depth + 1, in_group=True))
            elif kind == "dollar":
                out.append(self._dollar(token))
            elif kind == "script":
                out.append(self._script_token(token, start, depth))
            elif kind == "tilde":
                out.append(" ")
            elif kind == "dash":
                out.append("—" if len(token) == 3 else "–")
            elif kind == "quote":
                out.append(self._quote(token))
            # kind "bs": a lone trailing backslash is dropped.
        return "".join(out)

    def _dollar(self, token: str) -> str:
        if self.math:
            self.math = False
            return ""
        # An opening $ without a closing one is a literal dollar ("costs $5").
        if _NEXT_DOLLAR.search(self.text, self.pos) is None:
            return token
        self.math = True
        return ""

    def _quote(self, token: str) -> str:
        if self.math:
            return "″" if token == "''" else token
        return {"``": "“", "''": "”", "`": "‘"}[token]

    def _script_token(self, token: str, start: int, depth: int) -> str:
        table, mark = (_SUPERSCRIPT, "^") if token == "^" else (_SUBSCRIPT, "_")
        if self.math:
            return _script(self._argument(depth + 1, skip_space=True), table, mark)
        text = self.text
        if self.pos < self.n and text[self.pos] == "{":
            if token == "_" and not self._short_base(start):
                return token
            return _script(self._argument(depth + 1, skip_space=False), table, mark)
        if token == "^":
            match = _TEXT_SUP_ARG.match(text, self.pos)
        else:
            match = _TEXT_SUB_ARG.match(text, self.pos) if self._short_base(start) else None
        if match is None:
            return token
        self.pos = match.end()
        return _script(match.group(), table, mark)

    def _short_base(self, start: int) -> bool:
        """True when ``_`` at *start* follows a one/two-character symbol (x_i, W_q)."""
        text = self.text
        i = start
        while i > 0 and start - i < 3 and text[i - 1].isalnum():
            i -= 1
        length = start - i
        if length not in (1, 2) or not text[i].isalpha():
            return False
        return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_\\")

    def _argument(self, depth: int, *, skip_space: bool) -> str:
        """The next TeX argument, converted: a ``{group}``, a command or one character."""
        if depth > _MAX_DEPTH:
            return ""
        text = self.text
        if skip_space:
            while self.pos < self.n and text[self.pos] in " \t\n":
                self.pos += 1
        if self.pos >= self.n:
            return ""
        char = text[self.pos]
        if char == "{":
            self.pos += 1
            return self._sequence(depth, in_group=True)
        if char in "}$":
            return ""
        if char == "\\":
            match = _COMMAND_AT.match(text, self.pos)
            assert match is not None  # the pattern always matches a backslash
            self.pos = match.end()
            name = match.group()[1:]
            if not name:
                return ""
            if len(name) == 1 and not name.isalpha():
                return self._control_symbol(name, depth)
            return self._command(name, depth)
        self.pos += 1
        return char

    def _raw_argument(self) -> str:
        """A ``{...}`` argument taken verbatim (URLs keep ``_``, ``~`` and ``%``)."""
        text = self.text
        while self.pos < self.n and text[self.pos] in " \t\n":
            self.pos += 1
        if self.pos >= self.n or text[self.pos] != "{":
            return ""
        level = 0
        i = self.pos
        while i < self.n:
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "{":
                level += 1
            elif char == "}":
                level -= 1
                if level == 0:
                    value = text[self.pos + 1 : i]
                    self.pos = i + 1
                    return _unescape_raw(value)
            i += 1
        value = text[self.pos + 1 :]
        self.pos = self.n
        return _unescape_raw(value)

    def _optional(self) -> str | None:
        """A ``[...]`` optional argument, or None (nothing consumed) when absent."""
        text = self.text
        if self.pos < self.n and text[self.pos] == "[":
            # A bounded look: an unclosed "[" must not make the scan quadratic.
            end = text.find("]", self.pos, self.pos + _MAX_OPTIONAL)
            if end != -1:
                value = text[self.pos + 1 : end]
                self.pos = end + 1
                return value
        return None

    def _skip_spaces(self) -> None:
        while self.pos < self.n and self.text[self.pos] in " \t\n":
            self.pos += 1

    def _skip_star(self) -> None:
        if self.pos < self.n and self.text[self.pos] == "*":
            self.pos += 1

    # -- commands ---------------------------------------------------------------

    def _control_symbol(self, char: str, depth: int) -> str:
        if char in _SPACING_ACCENT:
            content = self._argument(depth + 1, skip_space=False)
            return _accent(content, _COMBINING[char], _SPACING_ACCENT[char])
        if char in "([":
            self.math = True
            return ""
        if char in ")]":
            self.math = False
            return ""
        return _CONTROL_SYMBOLS.get(char, char)

    def _command(self, name: str, depth: int) -> str:
        value = _GREEK.get(name) or _SYMBOLS.get(name)
        if value is not None:
            return value
        if name in _ABBREVIATIONS:
            value = _ABBREVIATIONS[name]
            following = self.text[self.pos : self.pos + 1]
            return value[:-1] if following == "." else value
        handler = _SPECIAL.get(name)
        if handler is not None:
            self._skip_star()
            return handler(self, depth)
        if name in _COMBINING:
            content = self._argument(depth + 1, skip_space=len(name) > 1)
            return _accent(content, _COMBINING[name], "")
        if name in _IDENTITY:
            self._skip_star()
            return self._argument(depth + 1, skip_space=True)
        if name in _DROP_ARG:
            self._skip_star()
            self._optional()
            self._argument(depth + 1, skip_space=True)
            return ""
        if name in _DECLARATIONS:
            # TeX swallows the spaces after a command word: "{\em finite}".
            self._skip_spaces()
            return ""
        return name

    def _url(self, depth: int) -> str:
        return self._raw_argument()

    def _href(self, depth: int) -> str:
        url = self._raw_argument()
        label = self._argument(depth + 1, skip_space=True).strip()
        if not label or label == url:
            return url
        return f"{label} ({url})" if url else label

    def _sqrt(self, depth: int) -> str:
        index = (self._optional() or "2").strip()
        radicand = _operand(self._argument(depth + 1, skip_space=True))
        root = _ROOTS.get(index) or _script(index, _SUPERSCRIPT, "^") + "√"
        return root + radicand

    def _frac(self, depth: int) -> str:
        numerator = self._argument(depth + 1, skip_space=True)
        denominator = self._argument(depth + 1, skip_space=True)
        return f"{_operand(numerator)}/{_operand(denominator)}"

    def _binom(self, depth: int) -> str:
        top = self._argument(depth + 1, skip_space=True)
        bottom = self._argument(depth + 1, skip_space=True)
        return f"C({top.strip()}, {bottom.strip()})"

    def _mathbb(self, depth: int) -> str:
        content = self._argument(depth + 1, skip_space=True)
        return "".join(_BLACKBOARD.get(ch, ch) for ch in content)

    def _text(self, depth: int) -> str:
        # \text{...} inside math is text: its "_" and "^" are literal again.
        was_math, self.math = self.math, False
        try:
            return self._argument(depth + 1, skip_space=True)
        finally:
            self.math = was_math

    def _textcolor(self, depth: int) -> str:
        self._optional()
        self._argument(depth + 1, skip_space=True)
        return self._argument(depth + 1, skip_space=True)

    def _superscript(self, depth: int) -> str:
        return _script(self._argument(depth + 1, skip_space=True), _SUPERSCRIPT, "^")

    def _subscript(self, depth: int) -> str:
        return _script(self._argument(depth + 1, skip_space=True), _SUBSCRIPT, "_")

    def _cite(self, depth: int) -> str:
        self._optional()
        self._optional()
        return f"[{self._raw_argument()}]"

    def _footnote(self, depth: int) -> str:
        return f" ({self._argument(depth + 1, skip_space=True).strip()})"

    def _delimiter(self, depth: int) -> str:
        # \left. and \right. are invisible delimiters.
        self._skip_spaces()
        if self.pos < self.n and self.text[self.pos] == ".":
            self.pos += 1
        return ""

    def _item(self, depth: int) -> str:
        self._optional()
        return "• "

    def _verb(self, depth: int) -> str:
        if self.pos >= self.n:
            return "verb"
        delimiter = self.text[self.pos]
        end = self.text.find(delimiter, self.pos + 1, self.pos + _MAX_OPTIONAL)
        if delimiter.isalpha() or end == -1:
            return "verb"
        value = self.text[self.pos + 1 : end]
        self.pos = end + 1
        return value


_SPECIAL: dict[str, Callable[[_Converter, int], str]] = {
    "url": _Converter._url,
    "nolinkurl": _Converter._url,
    "path": _Converter._url,
    "href": _Converter._href,
    "sqrt": _Converter._sqrt,
    "frac": _Converter._frac,
    "dfrac": _Converter._frac,
    "tfrac": _Converter._frac,
    "cfrac": _Converter._frac,
    "binom": _Converter._binom,
    "mathbb": _Converter._mathbb,
    "mathds": _Converter._mathbb,
    "text": _Converter._text,
    "textrm": _Converter._text,
    "textnormal": _Converter._text,
    "mbox": _Converter._text,
    "textcolor": _Converter._textcolor,
    "colorbox": _Converter._textcolor,
    "textsuperscript": _Converter._superscript,
    "textsubscript": _Converter._subscript,
    "cite": _Converter._cite,
    "citep": _Converter._cite,
    "citet": _Converter._cite,
    "footnote": _Converter._footnote,
    "left": _Converter._delimiter,
    "right": _Converter._delimiter,
    "item": _Converter._item,
    "verb": _Converter._verb,
}
