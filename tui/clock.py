"""Timers the reader waits on, real or moved by hand (no Textual import).

The reader marks a paper read after its abstract has been on screen a
moment. In the app that moment is real time (:class:`LoopTimers`); tests,
snapshots and the screenshot script use :class:`ManualTimers`, which fire only
when :meth:`ManualTimers.advance` says so, so a busy machine cannot change what
they see.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol


class Cancellable(Protocol):
    def cancel(self) -> None: ...


class Timers(Protocol):
    def after(self, seconds: float, callback: Callable[[], None]) -> Cancellable:
        """Call *callback* once, *seconds* from now (on the event loop's thread)."""
        ...


class LoopTimers:
    """Real time, on the running asyncio loop."""

    def after(self, seconds: float, callback: Callable[[], None]) -> Cancellable:
        return asyncio.get_running_loop().call_later(seconds, callback)


class _Pending:
    __slots__ = ("callback", "cancelled", "due")

    def __init__(self, due: float, callback: Callable[[], None]) -> None:
        self.due = due
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualTimers:
    """A clock that only moves when told to."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now
        self._pending: list[_Pending] = []

    def after(self, seconds: float, callback: Callable[[], None]) -> Cancellable:
        pending = _Pending(self.now + seconds, callback)
        self._pending.append(pending)
        return pending

    def advance(self, seconds: float) -> int:
        """Move the clock on; run what fell due, in order. How many callbacks ran."""
        self.now += seconds
        due = sorted((p for p in self._pending if p.due <= self.now and not p.cancelled), key=lambda p: p.due)
        self._pending = [p for p in self._pending if p.due > self.now and not p.cancelled]
        for pending in due:
            pending.callback()
        return len(due)

    @property
    def waiting(self) -> int:
        return sum(1 for p in self._pending if not p.cancelled)
