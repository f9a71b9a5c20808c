"""Running a prepared user command: captured (output shown) or in the foreground (terminal handed over).

Captured commands run in their own process group with no stdin, their output
capped at :data:`MAX_OUTPUT` bytes per stream and cleaned by the one sanitiser
(a command's output is untrusted text like any other). Cancelling the task,
or the command's timeout, stops the whole process group: SIGTERM, then
SIGKILL after :data:`KILL_GRACE` seconds.

Foreground commands (``suspend`` mode) get the real terminal; the caller
suspends the UI around :func:`run_foreground`. Ctrl+C then reaches the
command (the reader ignores it meanwhile), and its stderr is shown live and
kept, so a failure can be explained after the reader comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui.services.sanitize import clean_block
from tui.services.system.user_commands import Prepared

MAX_OUTPUT = 1_000_000
"""Bytes kept per stream; the rest is read and dropped (the command is not blocked)."""
KILL_GRACE = 2.0
SHELL = "/bin/sh"

OnOutput = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a command ended; output already sanitised."""

    exit_code: int | None
    """None when it was stopped (cancelled or timed out)."""
    stdout: str = ""
    stderr: str = ""
    cancelled: bool = False
    timed_out: bool = False
    truncated: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def summary(self, name: str) -> str:
        """One line: ``summarise: exit code 2 · stderr: no such file``."""
        if self.cancelled:
            return f"{name}: cancelled"
        if self.timed_out:
            return f"{name}: stopped after {self.seconds:.0f} s (its timeout)"
        if self.exit_code == 0:
            return f"{name}: done"
        if self.exit_code is not None and self.exit_code < 0:
            head = f"{name}: killed by signal {-self.exit_code}"
        else:
            head = f"{name}: exit code {self.exit_code}"
        last = next((line for line in reversed(self.stderr.strip().splitlines()) if line.strip()), "")
        return f"{head} · {last.strip()[:200]}" if last else head


class _Capped:
    def __init__(self) -> None:
        self.data = bytearray()
        self.truncated = False

    def add(self, chunk: bytes) -> None:
        room = MAX_OUTPUT - len(self.data)
        if len(chunk) > room:
            self.truncated = True
        if room > 0:
            self.data += chunk[:room]

    def text(self) -> str:
        return clean_block(self.data.decode("utf-8", errors="replace"))


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PAPERS_TUI_COMMAND", "1")
    return env


async def _pump(stream: asyncio.StreamReader | None, sink: _Capped, on_chunk: Callable[[], None] | None) -> None:
    if stream is None:
        return
    while chunk := await stream.read(65536):
        sink.add(chunk)
        if on_chunk is not None:
            on_chunk()


def _signal_group(process: asyncio.subprocess.Process, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


async def _stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM the group, SIGKILL it if it is still there after the grace period."""
    _signal_group(process, signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), KILL_GRACE)
    except TimeoutError:
        _signal_group(process, signal.SIGKILL)
        await process.wait()


async def run_captured(prepared: Prepared, *, on_output: OnOutput | None = None) -> RunResult:
    """Run *prepared* with its output captured; cancel the task to stop it.

    Args:
        on_output: called with the sanitised stdout so far whenever more arrives.
    """
    started = time.monotonic()
    out, err = _Capped(), _Capped()
    process = await asyncio.create_subprocess_exec(
        SHELL, "-c", prepared.shell,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, env=_child_env(),
    )

    def progress() -> None:
        if on_output is not None:
            on_output(out.text())

    pumps = asyncio.gather(_pump(process.stdout, out, progress), _pump(process.stderr, err, None))
    timeout = prepared.command.timeout or None
    try:
        await asyncio.wait_for(asyncio.shield(pumps), timeout)
        code = await process.wait()
    except TimeoutError:
        await _stop(process)
        pumps.cancel()
        return RunResult(None, out.text(), err.text(), timed_out=True, truncated=out.truncated,
                         seconds=time.monotonic() - started)
    except asyncio.CancelledError:
        await asyncio.shield(_stop(process))
        pumps.cancel()
        raise
    return RunResult(code, out.text(), err.text(), truncated=out.truncated or err.truncated,
                     seconds=time.monotonic() - started)


@contextlib.contextmanager
def _interrupt_goes_to_the_child() -> Iterator[None]:
    """While a foreground command runs, Ctrl+C is the command's, not the reader's.

    A Python-level handler (not SIG_IGN, which the child would inherit) is reset
    to the default in the child when it execs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_foreground(prepared: Prepared) -> RunResult:
    """Run *prepared* on the real terminal (the caller has suspended the UI); blocks until it ends.

    stderr is copied to the terminal as it comes and kept (capped) to explain a failure.
    """
    started = time.monotonic()
    err = _Capped()
    with _interrupt_goes_to_the_child():
        process = subprocess.Popen(  # the user's own command, from their config
            [SHELL, "-c", prepared.shell], stderr=subprocess.PIPE, env=_child_env()
        )
        assert process.stderr is not None
        stream = process.stderr
        while chunk := os.read(stream.fileno(), 65536):
            err.add(chunk)
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.buffer.write(chunk)
                sys.stderr.buffer.flush()
        code = process.wait()
        if prepared.command.pause:
            with contextlib.suppress(OSError, EOFError):
                sys.stdout.write(f"\n[{prepared.command.name}: exit code {code}] press Enter to return to papers-tui")
                sys.stdout.flush()
                sys.stdin.readline()
    return RunResult(code, "", err.text(), truncated=err.truncated, seconds=time.monotonic() - started)
