"""Start-up imports only what the first titles need (issue 10): checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tui.services.session import open_session

REPO = Path(__file__).resolve().parents[2]

# What the reader imports to draw its first titles: the command, the app, the reader screen, a session.
FIRST_PAINT = """
import json, sys
import tui.cli, tui.app, tui.screens.reader
from tui.services.session import open_session
session = open_session(offline=True)
tui.cli._reader_args(["--offline", "--library"])
session.feeds.cached(tui.models.FeedKey("latest"))
session.library.bookmarked_ids()
print(json.dumps(sorted(sys.modules)))
"""

NOT_AT_START = (
    "httpx",
    "tui.services.net.clients",  # the HTTP stack: the session builds its client on first use
    "tui.services.net.http",
    "tui.services.net.hub",
    "tui.services.reader.search",  # the first search imports it
    "tui.services.reader.stepping",  # the first [ / ]
    "tui.services.storage.reading_lists",  # notes, tags, lists: after the first paint
    "tui.services.system.links",
    "tui.services.system.editor",
    "tui.screens.reader_prompts",
    "tui.controllers.shelf",
    "tui.widgets.author_sidebar",
    "tui.author_models",  # profiles: the sidebar loads after the first paint
    "tui.services.formats.texmath_scan",  # the TeX converter: only for text with a TeX mark
    "argparse",  # the reader's own flags are read by hand; the full parser is for commands and --help
    "tomllib",  # only when there is a config file to parse
    "concurrent.futures.thread",  # the rows' reader thread starts with the first read ahead
)


def test_the_first_titles_do_not_import_the_network_search_or_lists(isolated_dirs: Path) -> None:
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT], cwd=REPO, capture_output=True, text=True,
                          check=True, timeout=120)
    loaded = set(json.loads(done.stdout))
    assert "tui.screens.reader" in loaded and "tui.services.storage.store" in loaded  # the probe ran
    assert sorted(loaded.intersection(NOT_AT_START)) == []


async def test_the_session_builds_its_client_on_first_use_and_tells_it_retry_notices() -> None:
    session = open_session(offline=True)
    heard: list[tuple[str, float]] = []
    try:
        session.on_hub_retry(lambda reason, seconds: heard.append((reason, seconds)))
        assert session._hub is None
        await session.close_network()  # nothing built: nothing to close
        hub = session.hub
        assert session.hub is hub and session.feeds.hub is hub  # one client, shared with the reader policy
        assert hub.http.on_retry is not None
        hub.http.on_retry("429 from Hugging Face", 2.0)
        assert heard == [("429 from Hugging Face", 2.0)]
        later: list[str] = []
        session.on_hub_retry(lambda reason, seconds: later.append(reason))  # also once the client exists
        hub.http.on_retry("timeout", 1.0)
        assert later == ["timeout"]
    finally:
        await session.aclose()
