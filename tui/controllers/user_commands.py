"""Your own commands on a key (``[commands]`` in config.toml; issue 14).

The commands join the one registry when the App is built
(:func:`tui.services.system.user_commands.install_user_commands`), so help, the
palette, ``papers-tui keys`` and ``[keymap]`` know them by name; the App
binds their keys. Running one is this controller's: ``capture`` commands run
in :class:`~tui.screens.command_output.CommandOutput`; ``suspend`` commands
get the terminal (``App.suspend``) and the reader comes back after; a
failure then shows its exit code and stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tui.screens.command_output import CommandOutput
from tui.services.system.command_runner import RunResult, run_foreground
from tui.services.system.user_commands import CommandError, FulltextLookup, UserCommand, prepare

if TYPE_CHECKING:
    from textual.app import App

    from tui.controllers import ReaderUI


class UserCommandController:
    """Runs ``[commands.NAME]`` on the highlighted paper."""

    def __init__(self, ui: ReaderUI, app: Callable[[], App[int]], commands: Callable[[], dict[str, UserCommand]],
                 fulltext: FulltextLookup | None = None) -> None:
        self.ui = ui
        self._app = app
        self._commands = commands
        self._fulltext = fulltext
        """The cached full text of a paper as Markdown, for ``{fulltext_file}``."""

    def run(self, name: str) -> None:
        command = self._commands().get(name)
        if command is None:
            self.ui.say(f"no command {name!r} in [commands]", severity="error", timeout=5)
            return
        paper = self.ui.highlighted_paper()
        if paper is None:
            self.ui.say("no paper selected", severity="warning")
            return
        try:
            prepared = prepare(command, paper, fulltext=self._fulltext)
        except (CommandError, OSError) as error:
            self.ui.say(f"{name}: {error}", severity="warning", timeout=6)
            return
        app = self._app()
        if command.mode == "capture":
            app.push_screen(CommandOutput(prepared, title=f"{command.label} · {paper.id}"))
            return
        try:
            with app.suspend():
                result = run_foreground(prepared)
        except SuspendNotSupported:
            self.ui.say(f"{name}: this terminal cannot be handed over (use mode = \"capture\")",
                        severity="error", timeout=6)
            return
        except OSError as error:
            result = RunResult(127, stderr=f"cannot start the command: {error}")
        finally:
            prepared.cleanup()
        if result.ok:
            self.ui.say(result.summary(name), timeout=3)
            return
        self.ui.say(result.summary(name), severity="error", timeout=8)
        app.push_screen(CommandOutput(prepared, result=result, title=f"{command.label} · {paper.id} · failed"))
