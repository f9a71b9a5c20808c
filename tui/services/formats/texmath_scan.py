"""The converter behind :func:`tui.services.formats.texmath.tex_to_unicode`.

It is imported only for text that holds a TeX mark (:func:`~tui.services.formats.texmath.may_hold_tex`):
most titles have none, so the reader's first screen never loads it or its glyph tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tui.services.formats.texmath_glyphs import (
    ABBREVIATIONS,
    BLACKBOARD,
    COMBINING,
    CONTROL_SYMBOLS,
    DECLARATIONS,
    DROP_ARG,
    GREEK,
    IDENTITY,
    ROOTS,
    SPACING_ACCENT,
    SUBSCRIPT,
    SUPERSCRIPT,
    SYMBOLS,
    accent,
    operand,
    script,
    unescape_raw,
)

__all__ = ["KNOWN_COMMANDS", "convert"]

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



def convert(text: str) -> str:
    """*text* with its TeX mapped to Unicode (see :func:`~tui.services.formats.texmath.tex_to_unicode`)."""
    if not _TOKEN.search(text):
        return text
    return _Converter(text).run()


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
        table, mark = (SUPERSCRIPT, "^") if token == "^" else (SUBSCRIPT, "_")
        if self.math:
            return script(self._argument(depth + 1, skip_space=True), table, mark)
        text = self.text
        if self.pos < self.n and text[self.pos] == "{":
            if token == "_" and not self._short_base(start):
                return token
            return script(self._argument(depth + 1, skip_space=False), table, mark)
        if token == "^":
            match = _TEXT_SUP_ARG.match(text, self.pos)
        else:
            match = _TEXT_SUB_ARG.match(text, self.pos) if self._short_base(start) else None
        if match is None:
            return token
        self.pos = match.end()
        return script(match.group(), table, mark)

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
                    return unescape_raw(value)
            i += 1
        value = text[self.pos + 1 :]
        self.pos = self.n
        return unescape_raw(value)

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
        if char in SPACING_ACCENT:
            content = self._argument(depth + 1, skip_space=False)
            return accent(content, COMBINING[char], SPACING_ACCENT[char])
        if char in "([":
            self.math = True
            return ""
        if char in ")]":
            self.math = False
            return ""
        return CONTROL_SYMBOLS.get(char, char)

    def _command(self, name: str, depth: int) -> str:
        value = GREEK.get(name) or SYMBOLS.get(name)
        if value is not None:
            return value
        if name in ABBREVIATIONS:
            value = ABBREVIATIONS[name]
            following = self.text[self.pos : self.pos + 1]
            return value[:-1] if following == "." else value
        handler = _SPECIAL.get(name)
        if handler is not None:
            self._skip_star()
            return handler(self, depth)
        if name in COMBINING:
            content = self._argument(depth + 1, skip_space=len(name) > 1)
            return accent(content, COMBINING[name], "")
        if name in IDENTITY:
            self._skip_star()
            return self._argument(depth + 1, skip_space=True)
        if name in DROP_ARG:
            self._skip_star()
            self._optional()
            self._argument(depth + 1, skip_space=True)
            return ""
        if name in DECLARATIONS:
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
        radicand = operand(self._argument(depth + 1, skip_space=True))
        root = ROOTS.get(index) or script(index, SUPERSCRIPT, "^") + "√"
        return root + radicand

    def _frac(self, depth: int) -> str:
        numerator = self._argument(depth + 1, skip_space=True)
        denominator = self._argument(depth + 1, skip_space=True)
        return f"{operand(numerator)}/{operand(denominator)}"

    def _binom(self, depth: int) -> str:
        top = self._argument(depth + 1, skip_space=True)
        bottom = self._argument(depth + 1, skip_space=True)
        return f"C({top.strip()}, {bottom.strip()})"

    def _mathbb(self, depth: int) -> str:
        content = self._argument(depth + 1, skip_space=True)
        return "".join(BLACKBOARD.get(ch, ch) for ch in content)

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
        return script(self._argument(depth + 1, skip_space=True), SUPERSCRIPT, "^")

    def _subscript(self, depth: int) -> str:
        return script(self._argument(depth + 1, skip_space=True), SUBSCRIPT, "_")

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

KNOWN_COMMANDS: frozenset[str] = frozenset(
    {*GREEK, *SYMBOLS, *_SPECIAL, *COMBINING, *IDENTITY, *DROP_ARG, *DECLARATIONS}
)
"""Every ``\\command`` the converter gives a meaning (the rest lose only their backslash)."""
