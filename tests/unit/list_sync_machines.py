"""Two (or more) machines for list-sync tests: separate XDG homes, the real ``papers-tui`` command.

Each :class:`Machine` runs the installed ``papers-tui`` script (next to
``sys.executable``) as a subprocess with its own data, cache and config
dirs, against the loopback fake. Local edits a user would make (a note,
a bookmark without network) go through the same library files in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakes.server import FakeServer
from tui.models import Paper
from tui.services.lists.local import BOOKMARKS, ReadingListStore
from tui.services.lists.session import store_for
from tui.services.storage.library import UserLibrary

TOKEN = "hf_alicewritetoken0123456789"
PAPERS_TUI = str(Path(sys.executable).with_name("papers-tui"))


@dataclass
class Machine:
    name: str
    home: Path
    server: FakeServer
    token: str = TOKEN
    outputs: list[str] = field(default_factory=list)
    """Every stdout and stderr this machine printed (to check no token ever appears)."""

    @property
    def data_dir(self) -> Path:
        return self.home / "data" / "papers-tui"

    def env(self, endpoint: str | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "PAPERS_TUI"))}
        env.update(
            HF_ENDPOINT=endpoint or self.server.url, HF_HOME=str(self.home / "hf"),
            XDG_DATA_HOME=str(self.home / "data"), XDG_CACHE_HOME=str(self.home / "cache"),
            XDG_CONFIG_HOME=str(self.home / "config"),
        )
        if self.token:
            env["HF_TOKEN"] = self.token
        return env

    def run(self, *argv: str, stdin: str = "", endpoint: str | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [PAPERS_TUI, *argv], check=False, env=self.env(endpoint), capture_output=True, text=True,
            input=stdin, timeout=60,
        )
        self.outputs += [result.stdout, result.stderr]
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def ok(self, *argv: str) -> str:
        result = self.run(*argv)
        assert result.returncode == 0, f"{self.name}: papers-tui {' '.join(argv)}\n{result.stdout}{result.stderr}"
        return result.stdout

    def _store(self) -> tuple[UserLibrary, ReadingListStore]:
        library = UserLibrary(self.data_dir / "library.sqlite3")
        return library, store_for(library, self.data_dir)

    def members(self) -> dict[str, str]:
        library, store = self._store()
        try:
            return store.members(BOOKMARKS)
        finally:
            library.close()

    def set_note(self, paper_id: str, note: str) -> None:
        library, store = self._store()
        try:
            store.set_note(BOOKMARKS, paper_id, note)
        finally:
            library.close()

    def bookmark_offline(self, paper: Paper) -> None:
        library = UserLibrary(self.data_dir / "library.sqlite3")
        try:
            library.add_bookmark(paper)
        finally:
            library.close()
