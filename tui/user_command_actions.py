"""Your own commands on a key (``[commands]`` in config.toml; issue 14).

A mixin of :class:`tui.app.PapersApp`. The commands join the one registry
(:func:`tui.commands.register_user_commands`) when the app is built, so the
help screen, the palette, ``papers-tui keys`` and ``[keymap]`` know them by
name; their keys are bound on mount with any ``[keymap]`` override applied.

``capture`` commands run in :class:`~tui.screens.command_output.CommandOutput`;
``suspend`` commands get the terminal (``App.suspend``) and the reader comes
back after; a failure then shows its exit code and stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tui.commands import effective_keys, normalise_key
from tui.screens.command_output import CommandOutput
from tui.services.command_runner import RunResult, run_foreground
from tui.services.user_commands import CommandError, UserCommand, install_user_commands, prepare

if TYPE_CHECKING:
    from textual.app import App

    from tui.models import Paper
    from tui.services.session import Session

    _AppBase = App[int]
else:
    _AppBase = object


class UserCommandActions(_AppBase):
    """``run_user_command(name)`` for every ``[commands.NAME]``."""

    if TYPE_CHECKING:
        session: Session

        def highlighted_paper(self) -> Paper | None: ...

    user_commands: dict[str, UserCommand]
    user_command_warnings: list[str]

    def install_user_commands(self) -> None:
        """Register the config's commands (call before the keymap is applied)."""
        settings = self.session.settings
        commands, warnings = install_user_commands(settings.commands, where=str(self.session.paths.config_file))
        self.user_commands = {c.name: c for c in commands}
        self.user_command_warnings = warnings

    def bind_user_command_keys(self) -> None:
        keys = effective_keys(self.session.settings.keymap)
        for command in self.user_commands.values():
            bound = normalise_key(keys.get(command.name, command.key))
            if bound.strip(","):
                self.bind(bound, f"run_user_command('{command.name}')", description=command.label, show=False)

    def action_run_user_command(self, name: str) -> None:
        command = self.user_commands.get(name)
        if command is None:
            self.notify(f"no command {name!r} in [commands]", severity="error", timeout=5)
            return
        paper = self.highlighted_paper()
        if paper is None:
            self.notify("no paper selected", severity="warning", timeout=3)
            return
        try:
            prepared = prepare(command, paper)
        except (CommandError, OSError) as error:
            self.notify(f"{name}: {error}", severity="warning", timeout=6)
            return
        if command.mode == "capture":
            self.push_screen(CommandOutput(prepared, title=f"{command.label} · {paper.id}"))
            return
        try:
            with self.suspend():
                result = run_foreground(prepared)
        except SuspendNotSupported:
            prepared.cleanup()
            self.notify(f"{name}: this terminal cannot be handed over (use mode = \"capture\")",
                        severity="error", timeout=6)
            return
        except OSError as error:
            result = RunResult(127, stderr=f"cannot start the command: {error}")
        finally:
            prepared.cleanup()
        self.refresh(layout=True)
        if result.ok:
            self.notify(result.summary(name), timeout=3)
            return
        self.notify(result.summary(name), severity="error", timeout=8)
        self.push_screen(CommandOutput(prepared, result=result, title=f"{command.label} · {paper.id} · failed"))
