"""The Textual app: a thin shell around the reader screen.

The App keeps only what is app-wide: the session, the theme, the keymap (the
palette key included), the command palette, the clipboard's channel to the
terminal, and the one place a failed worker becomes a message. Everything
about what is on screen belongs to :class:`tui.screens.reader.ReaderScreen`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.actions import parse as parse_action
from textual.app import App, InvalidThemeError, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.clock import LoopTimers, Timers
from tui.commands import (
    COMMANDS,
    all_commands,
    effective_keys,
    normalise_key,
    register_user_commands,
    unknown_keymap_ids,
)
from tui.models import FeedKey
from tui.services.session import Session, open_session

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen
    from tui.services.system import clipboard
    from tui.services.system.user_commands import UserCommand

APP_WIDE = ("help", "quit", "focus-next", "focus-previous", "command-palette")
"""Bindings of the App itself (command-palette has an id here, so ``[keymap]`` can rebind it)."""
NOT_IN_PALETTE = ("command-palette", "cursor-down", "cursor-up", "page-down", "page-up")


class PapersApp(App[int]):
    """papers-tui: feed, abstract and authors, local first."""

    CSS_PATH = "app.tcss"
    TITLE = "papers-tui"
    ENABLE_COMMAND_PALETTE = True
    # Small terminals (a phone over SSH, a split pane): app.tcss drops the sidebar, then the abstract.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012 - Textual's own type
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(c.keys, c.action, c.footer_label, show=c.footer, id=c.id, tooltip=c.description,
                priority=c.id == "command-palette")  # as Textual's own palette binding: works in inputs too
        for c in COMMANDS
        if c.id in APP_WIDE
    ]

    def __init__(self, key: FeedKey, session: Session, *, timers: Timers | None = None) -> None:
        super().__init__()
        self.session = session
        self.start_key = key
        self.timers: Timers = timers or LoopTimers()
        """When things happen later (tests pass :class:`tui.clock.ManualTimers`)."""
        self._problems: list[str] = []
        self._apply_theme(session.settings.theme)
        self.user_commands: dict[str, UserCommand] = {}
        """``[commands]`` of the config, by name (registered before the keymap: it rebinds them)."""
        self._install_user_commands()
        self._apply_keymap()

    def get_default_screen(self) -> Screen[Any]:
        from tui.screens.reader import ReaderScreen

        return ReaderScreen(self.session, self.start_key, timers=self.timers)

    @property
    def reader(self) -> ReaderScreen:
        """The reader screen (under any modal on top of it)."""
        from tui.screens.reader import ReaderScreen

        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def _apply_theme(self, theme: str | None) -> None:
        if not theme:
            return
        try:
            self.theme = theme
        except InvalidThemeError:
            self._problems.append(f"config: unknown theme {theme!r}; using the default")

    def _apply_keymap(self) -> None:
        keymap = self.session.settings.keymap
        unknown = unknown_keymap_ids(keymap)
        self._problems += [f"config [keymap]: unknown command id {u!r} ignored" for u in unknown]
        known = {k: normalise_key(v) for k, v in keymap.items() if k not in unknown}
        if known:
            self.set_keymap(known)

    def _install_user_commands(self) -> None:
        settings = self.session.settings
        if settings.commands is None or settings.commands == {}:
            register_user_commands(())  # none configured: forget earlier ones, skip the module (start-up)
            return
        from tui.services.system.user_commands import install_user_commands, taken_keys

        commands, warnings = install_user_commands(settings.commands, where=str(self.session.paths.config_file))
        self.user_commands = {c.name: c for c in commands}
        self._problems += warnings
        for command in commands:
            free, taken = taken_keys(command, settings.keymap)
            self._problems += taken
            if free:
                self.bind(",".join(free), f"run_user_command('{command.name}')", description=command.label, show=False)

    def action_run_user_command(self, name: str) -> None:
        """A ``[commands]`` key: run it on the reader's highlighted paper (not over a modal)."""
        if self.screen is self.reader:
            self.reader.action_run_user_command(name)

    def on_mount(self) -> None:
        self.session.on_hub_retry(self._network_retrying)
        self.call_after_refresh(self._say_notices)  # after the first paint: titles come first

    def _say_notices(self) -> None:
        for notice in [*self.session.notices, *self._problems]:
            self.notify(notice, title="papers-tui", severity="warning", timeout=12)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text: messages quote servers, paths and config values."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    async def on_unmount(self) -> None:
        # The HTTP client belongs to this event loop: close it before the loop ends.
        await self.session.close_network()

    def _network_retrying(self, reason: str, seconds: float) -> None:
        """Called by the HTTP layer before it waits: say so instead of looking frozen."""
        self.reader.status = self.reader.status.doing(reason)

    # -- keys and the palette ----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # "/" opens the prompt before the keys right behind it are routed: typed in one
        # burst (over SSH, or pasted), they then land in the query instead of being
        # taken as feed commands (t, r, a ...) or lost.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and len(self.screen_stack) == 1
            and event.key in self._search_keys()
            and not self._typing()
        ):
            self.reader.action_search()
            return
        await super().on_event(event)

    def _typing(self) -> bool:
        from textual.widgets import Input, TextArea  # TextArea is heavy: imported on the first "/"

        return isinstance(self.focused, (Input, TextArea))

    def _search_keys(self) -> set[str]:
        keys = effective_keys(self.session.settings.keymap)["search"]
        return {k.strip() for k in normalise_key(keys).split(",")}

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        keys = effective_keys(self.session.settings.keymap)
        reader = self.reader
        for command in all_commands():
            if command.id in NOT_IN_PALETTE or command.scope not in ("app", "feed"):
                continue  # the sidebar's list keys only make sense inside the sidebar
            name, params = parse_action(command.action)[1:]
            ready = command.scope == "feed" or command.id in APP_WIDE or reader.check_action(name, params)
            where = f"{command.group} · key {keys[command.id]} · id {command.id}"
            yield SystemCommand(
                command.description if ready else f"{command.description} (not available now)",
                where,
                lambda action=command.action, scope=command.scope, ok=ready: self._run(action, scope, ok),
            )
        yield from super().get_system_commands(screen)

    def _run(self, action: str, scope: str, ready: bool | None = True) -> None:
        if not ready:
            self.notify("not available now", timeout=2)
            return
        reader = self.reader
        target = reader.feed if scope == "feed" else reader
        self.call_later(self.run_action, action, target)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(effective_keys(self.session.settings.keymap)))

    # -- the terminal and failures -----------------------------------------------------------

    def clipboard_writer(self) -> clipboard.Writer | None:
        """Sends OSC 52 bytes to the user's terminal through Textual's driver.

        None when there is no real terminal (headless runs, tests): the ladder
        then moves on instead of claiming a copy nobody received. Called from a
        worker thread, so the write hops to the app's thread.
        """
        if self.is_headless or self._driver is None:
            return None

        def write(data: bytes) -> None:
            try:
                self.call_from_thread(self._write_terminal, data.decode("latin-1"))
            except RuntimeError as error:  # the app is shutting down
                raise OSError(str(error)) from error

        return write

    def _write_terminal(self, data: str) -> None:
        driver = self._driver
        if driver is None:
            raise OSError("no terminal to write to")
        driver.write(data)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.report_failure(event.worker)

    def report_failure(self, worker: Worker[Any]) -> None:
        """The one place a failed worker becomes a message; the view on screen stays."""
        self.notify(f"Something went wrong: {worker.error}", severity="error", timeout=8)


def build_app(
    key: FeedKey | None = None,
    *,
    session: Session | None = None,
    offline: bool = False,
    endpoint: str | None = None,
    timers: Timers | None = None,
) -> PapersApp:
    """The one way to make the app: the command, the tests and the screenshot script use it.

    Args:
        key: the view to open (the latest day by default).
        session: an open session (default: opened from the user's places and config).
        offline: never open a network connection.
        endpoint: the Hugging Face base URL (default: ``HF_ENDPOINT`` or the real one).
        timers: when delayed things happen (default: real time).
    """
    session = session or open_session(offline=offline, endpoint=endpoint)
    return PapersApp(key or FeedKey("latest"), session, timers=timers)


def run_app(key: FeedKey, *, offline: bool = False) -> int:
    """Open the session, run the UI, close everything; the process exit code."""
    app = build_app(key, offline=offline)
    from tui.image_terminal import detect

    detect(app.session.settings.images)  # before app.run(): textual-image asks the terminal on stdin
    try:
        app.run()
    finally:
        gc.enable()  # paused for start-up by the command (tui.cli); the reader resumes it after its first paint
        app.session.close_local()
    return app.return_code or 0


__all__ = ["PapersApp", "build_app", "run_app"]
