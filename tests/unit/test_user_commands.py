"""``[commands]``: parsing, placeholders quoted for the shell, failures, cancelling, clean output."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.models import Author, Paper
from tui.services.system.command_runner import run_captured
from tui.services.system.user_commands import (
    CommandError,
    UserCommand,
    parse_commands,
    placeholders_in,
    prepare,
)

HOSTILE_TITLES = [
    "$(touch pwned)",
    "`touch pwned-backtick`",
    "a; touch pwned-semicolon",
    "it's \"quoted\" ' \" \\ and $HOME && touch pwned-and | cat",
    "line\nbreak $(touch pwned-newline)",
    "-n --help {title} {{ }} %s",
]


def _paper(title: str = "A Paper", **extra: object) -> Paper:
    return Paper(id="2503.00001", title=title, summary="We study things.\x1b[2J",
                 authors=(Author("Ada Lovelace"),), submitted_at=datetime(2025, 3, 5, tzinfo=UTC),
                 **extra)  # type: ignore[arg-type]


def _command(run: str, **extra: object) -> UserCommand:
    commands, warnings = parse_commands({"test-cmd": {"run": run, **extra}}, reserved=set())
    assert warnings == []
    return commands[0]


def test_the_table_is_validated_entry_by_entry() -> None:
    raw = {
        "summarise": {"key": "S", "run": "llm -s 'Summarise' < {abstract_file}", "mode": "capture",
                      "description": "Summarise with llm"},
        "edit": {"key": "E", "run": "$EDITOR {bibtex_file}", "mode": "suspend", "pause": True},
        "Bad Name": {"run": "true"},
        "quit": {"run": "true"},
        "no-run": {"key": "N"},
        "bad-mode": {"run": "true", "mode": "background"},
        "typo": {"run": "echo {titel}"},
        "quoted": {"run": 'echo "{title}"'},
        "extra": {"run": "true", "colour": "red"},
    }
    commands, warnings = parse_commands(raw, reserved={"quit"}, where="config.toml")
    assert [c.name for c in commands] == ["summarise", "edit", "extra"]
    assert commands[0].placeholders == ("abstract_file",) and commands[0].label == "Summarise with llm"
    assert commands[1].mode == "suspend" and commands[1].pause
    text = "\n".join(warnings)
    for expected in ("[commands.Bad Name]: names are lower-case", "'quit' is a built-in command id",
                     "[commands.no-run]: run must be", "mode must be 'suspend' or 'capture'",
                     "unknown placeholder {titel}", "write {title} without quotes",
                     "[commands.extra]: unknown field(s) colour"):
        assert expected in text
    assert parse_commands(["not", "a", "table"], reserved=set())[1][0].endswith("ignored")


def test_shell_braces_and_quoted_literals_are_left_alone() -> None:
    assert placeholders_in("awk '{print $1}' {bibtex_file} && find . -exec ls {} \\; && echo {a,b} {{x}}") == (
        "bibtex_file",
    )


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_hostile_title_reaches_the_command_only_as_data(
    title: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    command = _command("printf '%s' {title} > received; printf '%s' {id} {abs_url} >> received")
    prepared = prepare(command, _paper(title))
    result = asyncio.run(run_captured(prepared))
    assert result.ok, result.stderr
    received = (work / "received").read_text()
    # The title went through clean_line (no newline), then arrived byte for byte as one argument.
    expected = " ".join(title.split())
    assert received == expected + "2503.00001https://arxiv.org/abs/2503.00001"
    assert sorted(p.name for p in work.iterdir()) == ["received"]  # nothing was run from the title


def test_files_are_written_for_the_command_and_removed_after(tmp_path: Path) -> None:
    command = _command("cat {abstract_file}; echo ---; cat {bibtex_file}; echo {abstract_file}")
    prepared = prepare(command, _paper("Title $(x)"))
    result = asyncio.run(run_captured(prepared))
    assert result.ok
    assert result.stdout.startswith("Title $(x)\n\nAda Lovelace\n\nWe study things.")
    assert "@misc{" in result.stdout or "@article{" in result.stdout
    folder = Path(result.stdout.strip().splitlines()[-1]).parent
    assert folder.exists() and oct(folder.stat().st_mode)[-3:] == "700"
    prepared.cleanup()
    assert not folder.exists()


def test_missing_values_are_refused_before_anything_runs() -> None:
    with pytest.raises(CommandError, match="no code link"):
        prepare(_command("open {code_url}"), _paper())
    with pytest.raises(CommandError, match="full text of 2503.00001 is not cached"):
        prepare(_command("wc {fulltext_file}"), _paper())
    prepared = prepare(_command("wc -w < {fulltext_file}"), _paper(), fulltext=lambda _: "one two three")
    assert asyncio.run(run_captured(prepared)).stdout.strip() == "3"
    prepared.cleanup()


def test_a_failure_tells_its_exit_code_and_stderr() -> None:
    result = asyncio.run(run_captured(prepare(_command("echo partial; echo 'no such model' >&2; exit 3"), _paper())))
    assert result.exit_code == 3 and not result.ok
    assert result.summary("summarise") == "summarise: exit code 3 · no such model"
    assert result.stdout == "partial\n"


def test_output_is_sanitised() -> None:
    script = r"printf '\033[2J\033]52;c;aGk=\007red \033[31mtext\033[0m\n\302\233evil\n'"
    result = asyncio.run(run_captured(prepare(_command(script), _paper())))
    assert result.stdout == "red text\nevil\n"


def test_a_hanging_command_is_stopped_by_cancelling_or_its_timeout(tmp_path: Path) -> None:
    marker = tmp_path / "started"

    async def cancel_it() -> None:
        task = asyncio.create_task(run_captured(prepare(_command(f"touch {marker}; exec sleep 600"), _paper())))
        while not marker.exists():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_it())
    timed = asyncio.run(run_captured(prepare(_command("sleep 600", timeout=0.2), _paper())))
    assert timed.timed_out and timed.exit_code is None
    assert timed.summary("slow").startswith("slow: stopped after")
    # No sleep 600 is left behind (the whole process group was stopped).
    assert not any(
        b"sleep\x00600" in Path(f"/proc/{pid}/cmdline").read_bytes()
        for pid in os.listdir("/proc") if pid.isdigit() and Path(f"/proc/{pid}/cmdline").exists()
        and os.getpgid(int(pid)) != os.getpgid(0)
    )


def test_keys_and_help_list_them_and_keymap_rebinds_them_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from tui.commands import BY_ID, effective_keys, register_user_commands
    from tui.screens.help import help_table

    config = tmp_path / "config.toml"
    config.write_text(
        '[commands.summarise]\nkey = "W"\nrun = "llm < {abstract_file}"\ndescription = "Summarise with llm"\n'
        '[commands.edit]\nkey = "U"\nrun = "vi {bibtex_file}"\nmode = "suspend"\n'
        '[commands.clash]\nkey = "j"\nrun = "true"\n'
        '[keymap]\nedit = "K"\n'
    )
    monkeypatch.setenv("PAPERS_TUI_CONFIG", str(config))
    try:
        assert main(["keys"]) == 0
        captured = capsys.readouterr()
        assert "unknown command id" not in captured.err
        assert "[commands.clash]: key 'j' is cursor-down's; rebind one in [keymap]" in captured.err
        lines = captured.out.splitlines()
        group = lines.index("Your commands:")
        assert [line.split()[:2] for line in lines[group + 1 : group + 3]] == [["summarise", "W"], ["edit", "K"]]
        assert "Summarise with llm" in lines[group + 1] and "Run edit" in lines[group + 2]
        assert effective_keys({"edit": "K"})["edit"] == "K"
        from rich.console import Console

        console = Console(width=100, record=True)
        console.print(help_table(effective_keys({"edit": "K"})))
        text = console.export_text()
        assert "Your commands" in text and "Summarise with llm" in text
    finally:
        register_user_commands([])
    assert "summarise" not in BY_ID


def test_fulltext_file_is_the_cached_text_as_markdown(tmp_path: Path) -> None:
    """``{fulltext_file}`` is the paper view's cached text, as the reader hands it over."""
    from tui.services.paper.markdown import document_markdown
    from tui.services.paper.model import Block, Document, Span
    from tui.services.storage.fulltext_cache import FullTextCache

    cache = FullTextCache(tmp_path / "fulltext.sqlite3")
    document = Document("2503.00001", "A Paper", "arxiv-html",
                        blocks=[Block("heading", [Span("Introduction")], level=1, label="1"),
                                Block("paragraph", [Span("The text someone wants summarised.")])])
    cache.put_document(document)
    hit = cache.document("2503.00001")
    assert hit is not None
    markdown = "\n".join(document_markdown(hit.value))
    prepared = prepare(_command("cat {fulltext_file}"), _paper(), fulltext=lambda _id: markdown)
    try:
        assert prepared.workdir is not None
        text = (prepared.workdir / "fulltext.txt").read_text()
        assert "Introduction" in text and "The text someone wants summarised." in text
    finally:
        prepared.cleanup()
    with pytest.raises(CommandError, match="not cached"):
        prepare(_command("cat {fulltext_file}"), _paper(), fulltext=lambda _id: None)
