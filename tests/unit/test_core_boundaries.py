"""The core and the headless commands never import Textual (fast start, testable alone)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui.services


def _imports_textual(modules: list[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return eval(out.stdout)  # a printed list of module names


def test_services_models_config_cli_do_not_import_textual() -> None:
    services = [m.name for m in pkgutil.walk_packages(tui.services.__path__, "tui.services.")]
    assert len(services) > 10
    modules = ["tui.models", "tui.config", "tui.cli", "tui.commands", "tui.headless", *services]
    assert _imports_textual(modules) == []


def test_headless_commands_do_not_import_textual() -> None:
    import tui.headless

    commands = [f"tui.headless.{m.name}" for m in pkgutil.iter_modules(tui.headless.__path__)]
    assert "tui.headless.feed" in commands
    assert _imports_textual(commands) == []


def test_the_app_does_import_textual() -> None:
    # The check above can fail: importing the UI must show up.
    assert "textual" in _imports_textual(["tui.app"])
