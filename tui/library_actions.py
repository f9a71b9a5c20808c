"""Search, the whole library, read state and background fetching (issue 5).

A mixin of :class:`tui.app.PapersApp`.
"""

from __future__ import annotations


class LibraryActions:
    """``/`` ``L`` ``x`` ``X`` ``F``."""
