"""What the go-to-date prompt (``:``) accepts: a day, an ISO week, a month, ``yesterday``, ``-3``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tui.models import FeedKey, validate_feed_value

GOTO_HELP = "2025-03-12 · 2025-W11 · 2025-03 · today · yesterday · -3 (days back)"
_DAYS_BACK = re.compile(r"^-\s*(\d{1,5})$")


class GoToError(ValueError):
    """The text names no day, week or month; ``str(error)`` says what is accepted."""


def parse_go_to(text: str, today: date) -> FeedKey:
    """The view *text* names, relative to *today*.

    Raises:
        GoToError: with a one-line message naming the accepted forms.
    """
    value = text.strip()
    lowered = value.casefold()
    if lowered in ("today", "t", "latest"):
        return FeedKey("day", today.isoformat())
    if lowered in ("yesterday", "y"):
        return FeedKey("day", (today - timedelta(days=1)).isoformat())
    back = _DAYS_BACK.match(lowered)
    if back:
        return FeedKey("day", (today - timedelta(days=int(back.group(1)))).isoformat())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        kind = "day"
    elif re.fullmatch(r"\d{4}-[Ww]\d{1,2}", value):
        kind, value = "week", f"{value[:4]}-W{int(value[6:]):02d}"
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        kind = "month"
    else:
        raise GoToError(f"not a date: {text.strip()!r} (try {GOTO_HELP})")
    problem = validate_feed_value(kind, value)  # type: ignore[arg-type]
    if problem:
        raise GoToError(problem)
    return FeedKey(kind, value)  # type: ignore[arg-type]

