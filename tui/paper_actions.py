"""Actions on the highlighted paper: open links, bookmark, copy citations (issue 3).

A mixin of :class:`tui.app.PapersApp`; it uses ``self.current`` (the paper in
the abstract pane), ``self.session`` and ``self.feed``.
"""

from __future__ import annotations


class PaperActions:
    """``o`` ``p`` ``u`` ``b`` ``c`` ``C`` and friends."""
