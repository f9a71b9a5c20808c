"""SVG snapshot of the author profile (update with ``pytest --snapshot-update``).

Deterministic without a clock: the bundled sample offline (fixed data, no
network, no "fetched N min ago" anywhere in the sidebar or the status line).
"""

from __future__ import annotations

from textual.pilot import Pilot

from tests.app.harness import make_app, settle
from tui.app import PapersApp

SEED_AUTHORS = ["Zhijie Jia", "Lin Chen", "Kaiwen Hu"]


async def _open_kaiwen_hu(pilot: Pilot[int]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PapersApp)
    index = next(
        i
        for i in range(len(app.reader.feed.source))
        if (paper := app.reader.feed.source.paper(i)) is not None and paper.author_names == SEED_AUTHORS
    )
    app.reader.feed.cursor = index
    await settle(pilot)
    await pilot.press("a", "j", "j")
    await settle(pilot)


def test_sample_author_profile_offline(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = make_app(None, offline=True)
    assert snap_compare(app, terminal_size=(130, 40), run_before=_open_kaiwen_hu)
