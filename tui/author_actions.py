"""The author sidebar's behaviour: profiles fetched, cached and shown (issue 4).

A mixin of :class:`tui.app.PapersApp`.
"""

from __future__ import annotations


class AuthorActions:
    """``a`` and the author list."""

    def action_focus_authors(self) -> None:
        from tui.widgets.author_sidebar import AuthorSidebar

        self.query_one(AuthorSidebar).names.focus()  # type: ignore[attr-defined]
