"""``/``: the one-line prompt as a search box (the query is checked before it is run)."""

from __future__ import annotations

from collections.abc import Callable

from tui.screens.line_prompt import LinePrompt
from tui.services.reader.search import SearchQueryError, build_fts_query

SEARCH_HINT = 'words match as prefixes · "exact phrase" · AND OR NOT · -word · title: author: keyword:'


def _query_problem(text: str) -> str:
    try:
        build_fts_query(text)
    except SearchQueryError as error:
        return str(error)
    return ""


class SearchPrompt(LinePrompt):
    """A one-line search box at the bottom: enter searches, esc cancels."""

    def __init__(
        self, initial: str = "", *, offline: bool = False, on_submit: Callable[[str], None] | None = None
    ) -> None:
        """*on_submit* starts the search and leaves the prompt up until the results are painted."""
        super().__init__(
            "Search the cache" if offline else "Search the cache and Hugging Face",
            SEARCH_HINT,
            initial=initial,
            placeholder='attention, "state space", author:hinton …',
            check=_query_problem,
            on_submit=on_submit,
            blank_is_cancel=True,
            busy="searching…",
        )
