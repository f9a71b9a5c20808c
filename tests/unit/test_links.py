"""Paper links and opening URLs without ever hijacking the terminal."""

from __future__ import annotations

import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui.models import Paper
from tui.services.system.links import (
    OpenerPlan,
    PaperLink,
    build_argv,
    code_link,
    describe_environment,
    open_url,
    paper_link,
    paper_links,
)


@dataclass
class Details:
    linked_models: list[str] = field(default_factory=list)
    linked_datasets: list[str] = field(default_factory=list)
    linked_spaces: list[str] = field(default_factory=list)


def _arxiv_paper(**kw: object) -> Paper:
    return Paper(id="2502.01234", title="A paper", **kw)  # type: ignore[arg-type]


def test_links_in_order_with_details() -> None:
    paper = _arxiv_paper(github_repo="https://github.com/org/repo", project_page="https://org.github.io/p")
    details = Details(["org/model"], ["org/data"], ["org/demo"])
    assert paper_links(paper, details) == [
        PaperLink("code", "Code", "https://github.com/org/repo"),
        PaperLink("project", "Project page", "https://org.github.io/p"),
        PaperLink("arxiv", "arXiv abstract", "https://arxiv.org/abs/2502.01234"),
        PaperLink("pdf", "PDF", "https://arxiv.org/pdf/2502.01234"),
        PaperLink("huggingface", "Hugging Face page", "https://huggingface.co/papers/2502.01234"),
        PaperLink("model", "Model: org/model", "https://huggingface.co/org/model"),
        PaperLink("dataset", "Dataset: org/data", "https://huggingface.co/datasets/org/data"),
        PaperLink("space", "Space: org/demo", "https://huggingface.co/spaces/org/demo"),
    ]


def test_local_paper_gets_no_arxiv_links_but_keeps_code_from_abstract() -> None:
    paper = Paper(id="local-0123456789", title="T", summary="Code: https://github.com/a/b.")
    links = paper_links(paper, Details(linked_models=["x/y"]))
    assert [link.kind for link in links] == ["code", "model"]
    assert code_link(paper) == "https://github.com/a/b"
    assert paper_link(paper) is None
    assert paper_link(_arxiv_paper()) == "https://arxiv.org/abs/2502.01234"


def test_details_object_missing_attributes_and_duplicate_urls() -> None:
    paper = _arxiv_paper(github_repo="https://github.com/o/r", project_page="https://github.com/o/r")
    links = paper_links(paper, object())
    assert [link.kind for link in links] == ["code", "arxiv", "pdf", "huggingface"]


def _fake_bin(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    exe = folder / name
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return folder


@pytest.mark.parametrize(
    ("env", "platform", "mode", "command_name", "reason_part"),
    [
        ({"BROWSER": "firefox --new-window %s"}, "linux", "command", "firefox", "$BROWSER"),
        ({"BROWSER": "firefox", "SSH_CONNECTION": "1 2 3 4"}, "linux", "command", "firefox", "$BROWSER"),
        ({"BROWSER": "w3m", "DISPLAY": ":0"}, "linux", "show", None, "console browser"),
        ({"SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22", "DISPLAY": ":10"}, "linux", "show", None, "SSH"),
        ({"SSH_TTY": "/dev/pts/3"}, "darwin", "show", None, "SSH"),
        ({}, "linux", "show", None, "no graphical display"),
        ({}, "darwin", "command", "open", "macOS"),
        ({"DISPLAY": ":0"}, "linux", "command", "xdg-open", "xdg-open"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", "command", "xdg-open", "xdg-open"),
        ({}, "win32", "command", "rundll32", "Windows"),
    ],
)
def test_plan_decisions(
    tmp_path: Path, env: dict[str, str], platform: str, mode: str, command_name: str | None, reason_part: str
) -> None:
    path = _fake_bin(tmp_path, "xdg-open")
    _fake_bin(tmp_path, "firefox")
    plan = describe_environment({**env, "PATH": str(path)}, platform)
    assert plan.mode == mode
    assert reason_part in plan.reason
    if command_name is None:
        assert plan.command == ()
    else:
        assert os.path.basename(plan.command[0]) == command_name


def test_display_without_xdg_open_shows(tmp_path: Path) -> None:
    plan = describe_environment({"DISPLAY": ":0", "PATH": str(tmp_path)}, "linux")
    assert plan.mode == "show"


def test_browser_list_picks_first_installed(tmp_path: Path) -> None:
    path = _fake_bin(tmp_path, "firefox")
    env = {"BROWSER": f"no-such-browser{os.pathsep}firefox %s", "PATH": str(path)}
    plan = describe_environment(env, "linux")
    assert plan.command == ("firefox", "%s")


def test_build_argv_placeholder_rules() -> None:
    url = "https://x.org/a?b=1&c=2"
    assert build_argv(("firefox",), url) == ["firefox", url]
    assert build_argv(("firefox", "--new-tab=%s"), url) == ["firefox", f"--new-tab={url}"]
    assert build_argv(("echo", "100%%", "%s"), url) == ["echo", "100%", url]


def _recorder(tmp_path: Path, exit_code: int = 0) -> tuple[Path, Path]:
    """A browser stand-in that records its arguments (one per line) into a file."""
    record = tmp_path / "record.txt"
    script = tmp_path / "fake-browser"
    script.write_text(
        "#!/bin/sh\n"
        f'for arg in "$@"; do printf "%s\\n" "$arg"; done > "{record}.tmp"\n'
        f'mv "{record}.tmp" "{record}"\n'
        f"exit {exit_code}\n"
    )
    script.chmod(0o755)
    return script, record


def _wait_for(path: Path, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return path.read_text()
        time.sleep(0.02)
    raise AssertionError(f"{path} never appeared")


def test_open_url_runs_browser_from_env(tmp_path: Path) -> None:
    script, record = _recorder(tmp_path)
    plan = describe_environment({"BROWSER": str(script), "PATH": "/usr/bin:/bin"}, "linux")
    url = "https://arxiv.org/abs/2502.01234?x=1"
    result = open_url(url, plan)
    assert result.status == "launched"
    assert result.command == (str(script), url)
    assert _wait_for(record) == url + "\n"


def test_open_url_with_placeholder(tmp_path: Path) -> None:
    script, record = _recorder(tmp_path)
    plan = describe_environment({"BROWSER": f"'{script}' --flag --url=%s", "PATH": "/usr/bin:/bin"}, "linux")
    result = open_url("https://example.org/p", plan)
    assert result.status == "launched"
    assert _wait_for(record) == "--flag\n--url=https://example.org/p\n"


def test_open_url_detaches_from_terminal(tmp_path: Path) -> None:
    out = tmp_path / "fds.txt"
    script = tmp_path / "inspect"
    # Records its session id and where stdin/stdout point.
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        f"open({str(out)!r} + '.tmp', 'w').write("
        "f\"{os.getsid(0) == os.getpid()} {os.readlink('/proc/self/fd/0')} \"\n"
        "f\"{os.readlink('/proc/self/fd/1')}\")\n"
        f"os.replace({str(out)!r} + '.tmp', {str(out)!r})\n"
    )
    script.chmod(0o755)
    if not Path("/proc/self/fd/0").exists():
        pytest.skip("needs /proc")
    result = open_url("https://example.org", OpenerPlan("command", (str(script),)))
    assert result.status == "launched"
    assert _wait_for(out) == "True /dev/null /dev/null"


def test_open_url_missing_command_fails(tmp_path: Path) -> None:
    plan = describe_environment({"BROWSER": str(tmp_path / "nope"), "PATH": str(tmp_path)}, "linux")
    result = open_url("https://example.org", plan)
    assert result.status == "failed"
    assert "not found" in result.reason


def test_open_url_command_that_errors_at_once_fails(tmp_path: Path) -> None:
    script, record = _recorder(tmp_path, exit_code=3)
    result = open_url("https://example.org", OpenerPlan("command", (str(script),)), grace=5.0)
    assert result.status == "failed"
    assert "status 3" in result.reason
    assert _wait_for(record) == "https://example.org\n"


def test_open_url_show_plan_runs_nothing() -> None:
    plan = describe_environment({"SSH_TTY": "/dev/pts/1"}, "linux")
    result = open_url("https://example.org", plan)
    assert (result.status, result.url, result.command) == ("show", "https://example.org", ())
