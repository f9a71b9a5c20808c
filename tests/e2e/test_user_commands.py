"""``[commands]`` end to end: the real reader in tmux runs the user's own commands on keys.

A ``capture`` command runs a small script whose output shows in the modal;
a ``suspend`` command gets the terminal and the reader comes back after; a
failing one shows its exit code and stderr; the titles come from the fake Hub
with shell metacharacters in them and reach the commands only as data.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.conftest import FakeProcess
from tests.e2e.tmux import TmuxSession, papers_tui_command
from tests.fakes.hub_routes import make_dataset

# Like a job-control shell: the reader gets its own foreground process group, so the
# ctrl+c typed into a suspended command reaches the command (and the reader, which
# ignores it meanwhile) but not the test's wrapper shell.
AS_A_JOB = (
    "import os, signal, sys; os.setpgid(0, 0); signal.signal(signal.SIGTTOU, signal.SIG_IGN);"
    " os.tcsetpgrp(0, os.getpgrp()); signal.signal(signal.SIGTTOU, signal.SIG_DFL);"
    " os.execv(sys.argv[1], sys.argv[1:])"
)
HOSTILE = "Hostile $(touch pwned) `touch pwned2`; touch pwned3 && echo 'single' \"double\" \\ end"


@pytest.fixture
def hostile_fake(tmp_path: Path) -> Iterator[tuple[FakeProcess, str]]:
    """The usual fake Hub, with the newest day's first title full of shell syntax."""
    state = make_dataset(10, 12, date(2025, 3, 3))
    day = max(d for d, items in state.days.items() if items)
    state.days[day][0]["paper"]["title"] = HOSTILE
    state.days[day][0]["title"] = HOSTILE
    state_file = tmp_path / "hub-state.json"
    state_file.write_text(json.dumps(state.to_json()), encoding="utf-8")
    fake = FakeProcess(state_file).start()
    try:
        yield fake, state.days[day][0]["paper"]["id"]
    finally:
        fake.stop()


def _config(isolated_dirs: Path, work: Path) -> None:
    script = work / "summarise.sh"
    script.write_text(
        '#!/bin/sh\nprintf "title=[%s]\\n" "$1" > "$3/received"\n'
        'echo "SUMMARY of $2: $(wc -w < "$4") words"\necho "line two of the summary"\n'
    )
    script.chmod(0o755)
    folder = isolated_dirs / "config" / "papers-tui"
    folder.mkdir(parents=True, exist_ok=True)
    q = shlex.quote
    (folder / "config.toml").write_text(
        "[commands.summarise]\n"
        'key = "W"\n'
        f"run = '{q(str(script))} {{title}} {{id}} {q(str(work))} {{abstract_file}}'\n"
        'mode = "capture"\n'
        'description = "Summarise (test script)"\n'
        "\n[commands.pager]\n"
        'key = "U"\n'
        "run = 'echo IN-SUSPEND {id}; read answer; echo \"$answer\" > " + q(str(work / "answer")) + "'\n"
        'mode = "suspend"\n'
        "\n[commands.broken]\n"
        'key = "Y"\n'
        "run = 'echo this went wrong >&2; exit 4'\n"
        'mode = "suspend"\n'
        "\n[commands.slow]\n"
        'key = "Z"\n'
        "run = 'echo started; exec sleep 3599'\n"
        'mode = "capture"\n'
        "\n[commands.hang]\n"
        'key = "J"\n'
        "run = 'echo HANGING; exec sleep 3599'\n"
        'mode = "suspend"\n'
        "\n[keymap]\n"
        'pager = "K"\n',
        encoding="utf-8",
    )


@pytest.fixture
def own_processes(isolated_dirs: Path) -> Iterator[None]:
    """After the test, end what it left: the pane's wrapper shell sits outside the reader's
    process group here (see AS_A_JOB), so tmux's kill-server does not reach its ``sleep``."""
    yield
    marker = f"XDG_DATA_HOME={isolated_dirs / 'data'}".encode()
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and marker in (proc / "environ").read_bytes().split(b"\0"):
                os.kill(int(proc.name), signal.SIGTERM)
        except OSError:
            continue


def test_capture_and_suspend_commands_run_on_their_keys(
    hostile_fake: tuple[FakeProcess, str], tmux_session: TmuxSession, isolated_dirs: Path, tmp_path: Path,
    own_processes: None,
) -> None:
    fake, hostile_id = hostile_fake
    work = tmp_path / "work"
    work.mkdir()
    _config(isolated_dirs, work)
    tmux_session.start([sys.executable, "-c", AS_A_JOB, *papers_tui_command()], extra_env={"HF_ENDPOINT": fake.url})
    tmux_session.wait_for(lambda s: "Hostile" in s and "updated" in s)
    tmux_session.wait_for(lambda s: hostile_id in s.split("Abstract", 1)[-1])

    # capture: the script's output in the modal; the hostile title arrived as one argument.
    tmux_session.send("W")
    screen = tmux_session.wait_for(lambda s: "line two of the summary" in s)
    assert f"SUMMARY of {hostile_id}:" in screen and "Summarise (test script)" in screen
    assert (work / "received").read_text() == f"title=[{HOSTILE}]\n"
    assert sorted(p.name for p in work.iterdir()) == ["received", "summarise.sh"]
    tmux_session.send("Escape")
    tmux_session.wait_for(lambda s: "line two of the summary" not in s)

    # suspend, on the key [keymap] gave it (K, not U): the terminal is the command's, then the reader's again.
    tmux_session.send("K")
    tmux_session.wait_for(f"IN-SUSPEND {hostile_id}")
    tmux_session.send("typed in the command", "Enter")
    tmux_session.wait_for(lambda s: "Hostile" in s and "IN-SUSPEND" not in s)
    assert (work / "answer").read_text() == "typed in the command\n"

    # a failing command: its exit code and stderr, then back to the feed.
    tmux_session.send("Y")
    tmux_session.wait_for(lambda s: "exit code 4" in s and "this went wrong" in s and "failed" in s)
    tmux_session.send("Escape")
    tmux_session.wait_for(lambda s: "this went wrong" not in s)

    # Hanging commands: esc cancels a captured one, ctrl+c a suspended one.
    tmux_session.send("Z")
    tmux_session.wait_for(lambda s: "started" in s and "esc cancels" in s)
    tmux_session.send("Escape")
    tmux_session.wait_for(lambda s: "cancelled" in s and "esc / q close" in s)
    tmux_session.send("q")
    tmux_session.wait_for(lambda s: "cancelled" not in s)
    tmux_session.send("J")
    tmux_session.wait_for("HANGING")
    tmux_session.send("C-c")
    tmux_session.wait_for(lambda s: "killed by signal 2" in s and "Hostile" in s)
    tmux_session.send("Escape")
    tmux_session.wait_for(lambda s: "killed by signal" not in s)

    # The palette knows them, with their group and key.
    tmux_session.send("C-p")
    tmux_session.wait_for("Search for commands")
    tmux_session.send("Summarise")
    tmux_session.wait_for(lambda s: "Summarise (test script)" in s and "Your commands · key W" in s)
    tmux_session.send("Escape")
    tmux_session.wait_for(lambda s: "Summarise (test" not in s)
    tmux_session.send("q")
    tmux_session.wait_for("EXITED 0")
    assert not _sleepers(), "a cancelled command was left running"
    assert not list(Path.cwd().glob("pwned*")) and not list(work.glob("pwned*"))


def _sleepers() -> list[str]:
    """``sleep 3599`` processes still alive (the cancelled commands must not be)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "cmdline").read_bytes() == b"sleep\x003599\x00":
                found.append(proc.name)
        except OSError:
            continue
    return found
