"""The tables and small helpers behind :mod:`tui.services.formats.texmath`: Greek, symbols, accents, scripts.

Kept apart from the converter so the scan reads on its own; every table maps a
TeX name to the Unicode it stands for.
"""

from __future__ import annotations

import re
import unicodedata

# The symbol tables stay dense, several entries a line.
# fmt: off
GREEK = {
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

SYMBOLS = {
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

ABBREVIATIONS = {
    "eg": "e.g.", "Eg": "E.g.", "ie": "i.e.", "Ie": "I.e.", "etc": "etc.", "etal": "et al.",
    "vs": "vs.", "cf": "cf.", "Cf": "Cf.", "wrt": "w.r.t.", "iid": "i.i.d.", "aka": "a.k.a.",
    "resp": "resp.", "viz": "viz.",
}
"""Paper macros (CVPR style); like the originals they add no dot before a dot."""

COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
    "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303",
    "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308",
    "acute": "\u0301", "grave": "\u0300", "breve": "\u0306", "check": "\u030c",
    "mathring": "\u030a",
}
SPACING_ACCENT = {'"': "¨", "'": "´", "`": "`", "^": "^", "~": "~", "=": "¯", ".": "˙"}

IDENTITY = frozenset({
    "emph", "textbf", "textit", "texttt", "textsf", "textsc", "textup", "textsl", "textmd",
    "underline", "uline", "hbox", "fbox", "ensuremath",
    "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathscr", "mathfrak",
    "mathnormal", "boldsymbol", "bm", "pmb", "operatorname", "mathop", "mathbin", "mathrel",
    "mathord", "ref", "eqref", "autoref", "cref", "Cref", "textls", "smash", "overbrace",
    "underbrace",
})
DROP_ARG = frozenset({
    "label", "hspace", "vspace", "begin", "end", "color", "pagecolor", "bibliographystyle",
    "bibliography", "thanks", "phantom", "hphantom", "vphantom", "includegraphics",
    "setlength", "addtolength", "nocite",
})
DECLARATIONS = frozenset({
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
BLACKBOARD = {
    "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ", "E": "𝔼", "1": "𝟙",
}
SUPERSCRIPT = dict(zip(
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
SUBSCRIPT = dict(zip(
    "0123456789+-=()aehijklmnoprstuvxβγρφχə",
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪₔ",
    strict=True,
))
CONTROL_SYMBOLS = {
    "%": "%", "&": "&", "_": "_", "$": "$", "#": "#", "{": "{", "}": "}", " ": " ", "\n": " ",
    "\t": " ", ",": " ", ";": " ", ":": " ", ">": " ", "!": "", "\\": " ", "-": "", "/": "",
    "@": "", "|": "‖",
}
# fmt: on
NUMBER = re.compile(r"\d+(?:\.\d+)?")
ROOTS = {"2": "√", "3": "∛", "4": "∜"}


def script(content: str, table: dict[str, str], mark: str) -> str:
    """*content* as Unicode super/subscript, else TeX-like ``^x`` / ``^(x+1)``."""
    compact = content.replace(" ", "")
    if not compact:
        return ""
    if all(ch in table for ch in compact):
        return "".join(table[ch] for ch in compact)
    if len(compact) == 1 or (compact[0] == "(" and compact[-1] == ")"):
        return mark + compact
    return f"{mark}({content.strip()})"


def accent(content: str, mark: str, spacing: str) -> str:
    if not content:
        return spacing
    # Dotless i/j exist only so TeX can put an accent on them: na\"{\i}ve.
    base = {"ı": "i", "ȷ": "j"}.get(content, content)
    return unicodedata.normalize("NFC", base + mark)


def operand(value: str) -> str:
    """Parenthesise *value* unless it reads as one symbol (for a/b and √x)."""
    value = value.strip()
    if len(value) <= 1 or value.isalpha() or NUMBER.fullmatch(value):
        return value
    if value.startswith("(") and value.endswith(")"):
        return value
    return f"({value})"


def unescape_raw(value: str) -> str:
    return re.sub(r"\\([%#_&$~{}])", r"\1", value)
