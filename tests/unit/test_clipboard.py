"""The clipboard ladder: OSC 52 (plain / tmux / screen), pyperclip, file."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyperclip
import pytest

from tui.services.system import clipboard
from tui.services.system.clipboard import (
    OSC52_MAX_BASE64,
    SCREEN_CHUNK,
    ClipboardTooLarge,
    copy,
    osc52_sequence,
)

ESC = b"\x1b"
LOCAL_X11 = {"DISPLAY": ":0"}


def test_plain_osc52_exact_bytes() -> None:
    assert osc52_sequence("hello", {}) == b"\x1b]52;c;aGVsbG8=\x07"
    # UTF-8 before base64: "✓" is e2 9c 93.
    assert osc52_sequence("✓", {"TERM": "xterm-256color"}) == b"\x1b]52;c;4pyT\x07"


def test_tmux_sends_plain_then_passthrough_with_escs_doubled() -> None:
    seq = osc52_sequence("hello", {"TMUX": "/tmp/tmux-0/default,1,0", "TERM": "screen"})
    plain = b"\x1b]52;c;aGVsbG8=\x07"
    assert seq == plain + b"\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"
    wrapped = seq[len(plain) :]
    assert wrapped.startswith(ESC + b"Ptmux;") and wrapped.endswith(ESC + b"\\")
    inner = wrapped[len(b"\x1bPtmux;") : -2]
    assert inner.replace(ESC + ESC, ESC) == plain


@pytest.mark.parametrize("env", [{"STY": "1234.pts-0.host"}, {"TERM": "screen.xterm-256color"}])
def test_screen_chunks_each_wrapped_in_dcs(env: dict[str, str]) -> None:
    text = "x" * 200 + "✓"
    payload = base64.b64encode(text.encode())
    seq = osc52_sequence(text, env)
    assert seq.startswith(ESC + b"P") and seq.endswith(ESC + b"\\")
    pieces = seq[2:-2].split(ESC + b"\\" + ESC + b"P")
    assert len(pieces) == -(-len(payload) // SCREEN_CHUNK) == 4
    assert pieces[0].startswith(b"\x1b]52;c;") and pieces[-1].endswith(b"\x07")
    chunks = [pieces[0][len(b"\x1b]52;c;") :], *pieces[1:-1], pieces[-1][:-1]]
    assert all(0 < len(chunk) <= SCREEN_CHUNK for chunk in chunks)
    assert b"".join(chunks) == payload
    assert base64.b64decode(b"".join(chunks)).decode() == text


def test_screen_rule_does_not_apply_inside_tmux() -> None:
    assert osc52_sequence("a", {"TMUX": "x", "TERM": "screen-256color"}).count(b"Ptmux;") == 1


def test_too_large_raises() -> None:
    limit_text = "a" * (OSC52_MAX_BASE64 // 4 * 3)  # exactly the limit once encoded
    assert len(osc52_sequence(limit_text, {})) == OSC52_MAX_BASE64 + len(b"\x1b]52;c;\x07")
    with pytest.raises(ClipboardTooLarge):
        osc52_sequence(limit_text + "aaa", {})


def test_osc52_via_writer(tmp_path: Path) -> None:
    written: list[bytes] = []
    result = copy("hi", writer=written.append, env={}, fallback_dir=tmp_path)
    assert result.method == "osc52"
    assert result.detail == "sent to the terminal's clipboard (OSC 52)"
    assert written == [osc52_sequence("hi", {})]
    assert not (tmp_path / "clipboard.txt").exists()


def test_too_large_text_falls_through_to_file(tmp_path: Path) -> None:
    written: list[bytes] = []
    text = "é" * 60_000  # 120 KB of UTF-8, 160 KB of base64
    result = copy(text, writer=written.append, env={}, use_pyperclip=False, fallback_dir=tmp_path)
    assert written == []
    assert result.method == "file"
    assert "too large" in result.detail
    assert result.path is not None and result.path.read_text(encoding="utf-8") == text


def test_writer_error_falls_through(tmp_path: Path) -> None:
    def broken(data: bytes) -> None:
        raise OSError("terminal went away")

    result = copy("x", writer=broken, env={}, use_pyperclip=False, fallback_dir=tmp_path)
    assert result.method == "file"


@pytest.fixture
def pyperclip_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", calls.append)
    return calls


def test_remote_session_skips_pyperclip(tmp_path: Path, pyperclip_calls: list[str]) -> None:
    env = {**LOCAL_X11, "SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22"}
    result = copy("secret", writer=None, env=env, fallback_dir=tmp_path, platform="linux")
    assert pyperclip_calls == []
    assert result.method == "file"


def test_headless_linux_skips_pyperclip(tmp_path: Path, pyperclip_calls: list[str]) -> None:
    result = copy("x", writer=None, env={}, fallback_dir=tmp_path, platform="linux")
    assert (pyperclip_calls, result.method) == ([], "file")


@pytest.mark.parametrize(("env", "platform"), [(LOCAL_X11, "linux"), ({}, "darwin"), ({}, "win32")])
def test_local_clipboard_uses_pyperclip(
    tmp_path: Path, pyperclip_calls: list[str], env: dict[str, str], platform: str
) -> None:
    result = copy("local ✓", writer=None, env=env, fallback_dir=tmp_path, platform=platform)
    assert pyperclip_calls == ["local ✓"]
    assert result.method == "pyperclip"
    assert (result.detail, result.path) == ("copied to the system clipboard", None)


def test_use_pyperclip_false(tmp_path: Path, pyperclip_calls: list[str]) -> None:
    result = copy(
        "x", writer=None, env=LOCAL_X11, use_pyperclip=False, fallback_dir=tmp_path, platform="linux"
    )
    assert (pyperclip_calls, result.method) == ([], "file")


def test_pyperclip_error_falls_to_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str) -> None:
        raise pyperclip.PyperclipException("no copy mechanism")

    monkeypatch.setattr(pyperclip, "copy", fail)
    result = copy("x", writer=None, env=LOCAL_X11, fallback_dir=tmp_path, platform="linux")
    assert result.method == "file"


def test_pyperclip_hang_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyperclip, "copy", lambda text: time.sleep(5))
    start = time.monotonic()
    result = copy("slow", writer=None, env=LOCAL_X11, fallback_dir=tmp_path, platform="linux")
    elapsed = time.monotonic() - start
    assert elapsed < 2.0
    assert elapsed >= clipboard.PYPERCLIP_TIMEOUT - 0.1
    assert result.method == "file"


def test_file_fallback_content_and_path(tmp_path: Path) -> None:
    folder = tmp_path / "state" / "nested"
    first = copy("first", writer=None, env={}, use_pyperclip=False, fallback_dir=folder)
    text = "line 1\nline 2 ✓\r\n"
    result = copy(text, writer=None, env={}, use_pyperclip=False, fallback_dir=folder)
    assert result.method == "file"
    assert result.path == first.path == folder / "clipboard.txt"
    assert result.detail == f"saved to {folder / 'clipboard.txt'}"
    assert result.path.read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["clipboard.txt"]  # no temp files left
    assert result.path.stat().st_mode & 0o077 == 0


# --- real tmux -------------------------------------------------------------------------

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")

PANE_SCRIPT = """\
import os, sys
from tui.services.system.clipboard import osc52_sequence
assert os.environ.get("TMUX"), "not inside tmux"
sys.stdout.buffer.write(osc52_sequence(sys.argv[1]))
sys.stdout.buffer.flush()
"""


class Tmux:
    """A tmux server on a private socket, killed at teardown."""

    def __init__(self) -> None:
        self.socket = f"test-{uuid.uuid4().hex[:12]}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, env=self.env, check=check, timeout=10,
        )

    def wait_for_buffer(self, timeout: float = 5.0) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self("show-buffer", check=False)
            if shown.returncode == 0:
                return shown.stdout
            time.sleep(0.05)
        return None


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    server = Tmux()
    server("new-session", "-d", "-x", "80", "-y", "24", "sleep 60")
    socket_path = server("display-message", "-p", "#{socket_path}").stdout.strip()
    try:
        yield server
    finally:
        server("kill-server", check=False)
        # tmux leaves its socket file behind; don't litter /tmp/tmux-UID.
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)


def _run_in_pane(tmux: Tmux, tmp_path: Path, text: str, *, visible: bool = False) -> None:
    script = tmp_path / "pane.py"
    script.write_text(PANE_SCRIPT)
    marker = tmp_path / "done"
    command = f"{sys.executable} {script} '{text}' && touch {marker}; sleep 30"
    # tmux only passes a pane's OSC 52 to clients that are showing that pane.
    tmux("new-window", *(() if visible else ("-d",)), command)
    deadline = time.monotonic() + 10
    while not marker.exists():
        assert time.monotonic() < deadline, "pane command did not finish"
        time.sleep(0.05)


@needs_tmux
def test_real_tmux_stores_our_sequence_as_paste_buffer(tmux: Tmux, tmp_path: Path) -> None:
    tmux("set", "-g", "set-clipboard", "on")
    _run_in_pane(tmux, tmp_path, "hello ✓ world")
    assert tmux.wait_for_buffer() == "hello ✓ world"


@needs_tmux
def test_real_tmux_ignores_passthrough_alone(tmux: Tmux, tmp_path: Path) -> None:
    """Why the plain form is sent too: tmux never buffers the DCS-wrapped one."""
    tmux("set", "-g", "set-clipboard", "on")
    script = tmp_path / "dcs.py"
    script.write_text(
        "import sys\nfrom tui.services.system.clipboard import osc52_plain, tmux_passthrough\n"
        "sys.stdout.buffer.write(tmux_passthrough(osc52_plain(b'aGk=')))\n"
    )
    marker = tmp_path / "done"
    tmux("new-window", "-d", f"{sys.executable} {script} && touch {marker}; sleep 30")
    deadline = time.monotonic() + 10
    while not marker.exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert tmux.wait_for_buffer(timeout=1.0) is None


@needs_tmux
@pytest.mark.skipif(shutil.which("script") is None, reason="util-linux script not installed")
@pytest.mark.parametrize(
    ("set_clipboard", "allow_passthrough"),
    [("on", "off"), ("off", "on"), ("on", "on")],
    ids=["tmux-forwards-plain", "passthrough-only", "both"],
)
def test_real_tmux_reaches_outer_terminal(
    tmux: Tmux, tmp_path: Path, set_clipboard: str, allow_passthrough: str
) -> None:
    """An attached client's terminal (recorded by `script`) receives the OSC 52 in each setup."""
    tmux("set", "-g", "set-clipboard", set_clipboard)
    tmux("set", "-g", "allow-passthrough", allow_passthrough)
    typescript = tmp_path / "outer.typescript"
    client = subprocess.Popen(
        ["script", "-q", "-f", "-c", f"tmux -L {tmux.socket} attach", str(typescript)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**tmux.env, "TERM": "xterm-256color"},
    )
    try:
        deadline = time.monotonic() + 10
        while not tmux("list-clients", check=False).stdout.strip():
            assert time.monotonic() < deadline, "tmux client did not attach"
            time.sleep(0.05)
        _run_in_pane(tmux, tmp_path, "outer ✓", visible=True)
        payload = base64.b64encode("outer ✓".encode())
        deadline = time.monotonic() + 5
        while b"]52;" not in typescript.read_bytes() or payload not in typescript.read_bytes():
            assert time.monotonic() < deadline, "the outer terminal never got the OSC 52"
            time.sleep(0.05)
    finally:
        client.kill()
        client.wait(timeout=5)
        if client.stdin is not None:
            client.stdin.close()
