"""The one-line prompts the reader's keys open: quick filter (``f``) and go to a date (``g``).

Each function builds the prompt with its hint, placeholder, starting text and
check; the reader screen pushes it and acts on the answer.
"""

from __future__ import annotations

from datetime import date

from tui.screens.line_prompt import LinePrompt
from tui.services.reader.arrange import FILTER_HELP, Arrangement
from tui.services.reader.goto import GOTO_HELP, GoToError, parse_go_to


def filter_prompt(arrangement: Arrangement) -> LinePrompt:
    """Asks for a quick filter, starting from the one in force (as it would be typed)."""
    current = arrangement.filter
    initial = "" if current is None else ("code" if current.kind == "code" else
                                          f"org:{current.value}" if current.kind == "org" else current.value)
    return LinePrompt("Filter this view", FILTER_HELP, initial=initial, placeholder="code, org:NVIDIA, diffusion …")


def date_prompt(today: date) -> LinePrompt:
    """Asks for a day, week, month or offset; refuses what :func:`parse_go_to` cannot read, saying why."""

    def check(text: str) -> str:
        try:
            parse_go_to(text, today)
        except GoToError as error:
            return str(error)
        return ""

    return LinePrompt("Go to a date", GOTO_HELP, check=check,
                      placeholder="2025-03-12, 2025-W11, 2025-03, yesterday, -3")
