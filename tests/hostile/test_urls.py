"""URLs from the network can never become shell code, extra lines or another scheme."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fakes.hostile import BAD_URLS
from tui.services.system.links import describe_environment, open_url, safe_url

SHELL_META = set("$`'\"; &|<>(){}\\*!^\n\r\t\u2028\u2029")


@pytest.mark.parametrize("raw", BAD_URLS)
def test_hostile_urls_are_encoded_or_refused(raw: str) -> None:
    url = safe_url(raw)
    assert url is None or (url.startswith(("https://", "http://")) and not SHELL_META & set(url)), url


@given(st.text())
def test_no_safe_url_carries_a_shell_metacharacter_or_a_line_break(tail: str) -> None:
    url = safe_url("https://example.org/" + tail)
    assert url is None or (not SHELL_META & set(url) and url.isascii() and len(url.splitlines()) == 1)


def test_a_browser_wrapping_the_url_in_sh_c_never_runs_code_from_it(tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    record = tmp_path / "record"
    browser = f"sh -c 'printf \"%%s\\n\" %s >> {record}'"
    plan = describe_environment({"BROWSER": browser, "PATH": "/usr/bin:/bin"}, "linux")
    for raw in (f"https://github.com/org/repo$(touch${{IFS}}{pwned})", f"https://github.com/org/repo`touch${{IFS}}{pwned}`",
                f"https://github.com/org/r;touch {pwned}", f"https://github.com/org/r&&touch${{IFS}}{pwned}"):
        result = open_url(raw, plan, grace=5.0)
        assert result.status in ("launched", "failed"), result
    deadline = time.monotonic() + 5  # a hang guard only: the outcome is read from the files
    while time.monotonic() < deadline and len(record.read_text().splitlines() if record.exists() else []) < 3:
        time.sleep(0.02)
    assert not pwned.exists()
    lines = record.read_text().splitlines()
    assert len(lines) == 3, lines  # the URL with a space is refused, the others arrive encoded
    assert all(line.startswith("https://github.com/org/") and not SHELL_META & set(line) for line in lines), lines
    assert "%24%28touch" in lines[0] and "%60touch" in lines[1] and "%26%26touch%24%7BIFS%7D" in lines[2]
