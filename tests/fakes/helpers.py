"""Small test doubles shared by several test modules (real processes, a settable clock)."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def recorder(folder: Path, name: str = "browser") -> tuple[Path, Path]:
    """An executable that appends its first argument to a file: (script, record file)."""
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / f"{name}.record"
    script = folder / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, record


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
