"""A user command's output in a scrollable modal (``capture`` mode), or why it failed.

The command runs in this screen's worker; its output streams in as it comes,
already cleaned by the sanitiser, and is drawn from :class:`~rich.text.Text`
(never markup: an LLM's ``[bold]`` stays text). ``esc`` while it runs
cancels it (the whole process group is stopped); ``esc`` again, or ``q``,
closes the window.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker

from tui.services.sanitize import clean_line
from tui.services.system.command_runner import RunResult, run_captured
from tui.services.system.user_commands import Prepared


def render_result(output: str, result: RunResult | None) -> Text:
    """The window's body: the output, then (on failure) the exit code and stderr in red."""
    text = Text(output)
    if result is None:
        return text
    if not output and result.ok:
        text.append("(no output)", style="dim")
    if not result.ok:
        if output:
            text.append("\n\n" if not output.endswith("\n") else "\n")
        if result.cancelled:
            head = "cancelled"
        elif result.timed_out:
            head = f"stopped after {result.seconds:.0f} s (its timeout)"
        else:
            head = f"exit code {result.exit_code}"
        text.append(head, style="bold red")
        if result.stderr.strip():
            text.append("\n" + result.stderr.rstrip(), style="red")
    if result.truncated:
        text.append("\n(output cut at 1 MB)", style="dim")
    return text


class CommandOutput(ModalScreen[RunResult | None]):
    """Runs *prepared* and shows what it prints; with *result* given, only shows that (a failed run)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel_or_close", "Cancel / close", priority=True, id="close-command-output"),
        Binding("q", "close", "Close", show=False),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
        Binding("pagedown,space", "scroll('page-down')", show=False),
        Binding("pageup", "scroll('page-up')", show=False),
    ]
    DEFAULT_CSS = """
    CommandOutput { align: center middle; }
    CommandOutput > VerticalScroll {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CommandOutput #command-body { width: 1fr; }
    """

    def __init__(self, prepared: Prepared, *, result: RunResult | None = None, title: str = "") -> None:
        super().__init__()
        self.prepared = prepared
        self.result = result
        self.output = ""
        self.title_text = clean_line(title or prepared.command.label)
        self._worker: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="command-box") as box:
            box.border_title = self.title_text
            yield Static(Text(""), id="command-body")

    def on_mount(self) -> None:
        box = self.query_one("#command-box", VerticalScroll)
        box.focus()
        if self.result is not None:
            self._finished(self.result)
            return
        box.border_subtitle = "running… esc cancels"
        self.query_one("#command-body", Static).update(Text("running…", style="dim italic"))
        self._worker = self._run()

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.is_running

    @work(exclusive=True, group="user-command", exit_on_error=False)
    async def _run(self) -> None:
        try:
            result = await run_captured(self.prepared, on_output=self._show_output)
        except OSError as error:
            result = RunResult(127, stderr=f"cannot start the command: {error}")
        finally:
            self.prepared.cleanup()
        self._finished(result)

    def _show_output(self, output: str) -> None:
        self.output = output
        self.query_one("#command-body", Static).update(render_result(output, None))

    def _finished(self, result: RunResult) -> None:
        self.result = result
        self.query_one("#command-body", Static).update(render_result(result.stdout or self.output, result))
        state = "done" if result.ok else result.summary(self.prepared.command.name).split(": ", 1)[-1].split(" · ")[0]
        self.query_one("#command-box", VerticalScroll).border_subtitle = (
            f"{state} in {result.seconds:.1f} s · esc / q close"
        )

    def action_cancel_or_close(self) -> None:
        if self.running and self._worker is not None:
            self._worker.cancel()
            self.prepared.cleanup()
            self._finished(RunResult(None, stdout=self.output, cancelled=True))
            return
        self.dismiss(self.result)

    def action_close(self) -> None:
        if self.running and self._worker is not None:
            self._worker.cancel()
            self.prepared.cleanup()
        self.dismiss(self.result)

    def action_scroll(self, how: str) -> None:
        box = self.query_one("#command-box", VerticalScroll)
        {"down": box.scroll_down, "up": box.scroll_up, "page-down": box.scroll_page_down,
         "page-up": box.scroll_page_up}[how]()
