"""The reader's footer greys and enables its keys in place; it rebuilds only when the keys change."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets._footer import FooterKey

from tests.app.harness import wait_until
from tui.widgets.steady_footer import SteadyFooter


class FooterApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "bookmark", "Bookmark"),
        Binding("o", "open_code", "Code"),
    ]
    ENABLE_COMMAND_PALETTE = False
    can_bookmark = True

    def compose(self) -> ComposeResult:
        yield SteadyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "bookmark":
            return True if self.can_bookmark else None  # None: shown greyed
        return True

    def action_bookmark(self) -> None: ...

    def action_open_code(self) -> None: ...

    def action_sort(self) -> None: ...


def _keys(app: App[None]) -> dict[str, FooterKey]:
    return {key.action: key for key in app.query(FooterKey)}


def _drawn_dim(key: FooterKey) -> bool:
    """The key's styles are updated to the class (what it is drawn with)."""
    return key.styles.text_style.dim


def _composed(app: App[None], count: int) -> bool:
    """The footer holds *count* keys, mounted, and is not composing any more."""
    footer = app.query_one(SteadyFooter)
    keys = list(app.query(FooterKey))
    return not footer._composing and len(keys) == count and all(key.is_mounted for key in keys)


def _greyed(key: FooterKey) -> bool:
    return key.has_class("-disabled")  # how Footer.compose marks a key whose action cannot run now


async def test_a_key_greyed_and_enabled_again_keeps_its_widget() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: _composed(app, 2))  # the footer composes after the first bindings signal
        before = _keys(app)
        assert set(before) == {"bookmark", "open_code"} and not _greyed(before["bookmark"])
        looks_enabled = app.export_screenshot()

        app.can_bookmark = False
        app.refresh_bindings()
        await wait_until(pilot, lambda: _greyed(_keys(app)["bookmark"]) and _drawn_dim(_keys(app)["bookmark"]))
        greyed = _keys(app)
        assert greyed["bookmark"] is before["bookmark"] and _greyed(greyed["bookmark"])  # toggled in place
        assert not _greyed(greyed["open_code"])
        assert app.export_screenshot() != looks_enabled

        app.can_bookmark = True
        app.refresh_bindings()
        await wait_until(pilot, lambda: not _greyed(_keys(app)["bookmark"]) and not _drawn_dim(_keys(app)["bookmark"]))
        assert not _greyed(_keys(app)["bookmark"])
        assert app.export_screenshot() == looks_enabled  # drawn exactly as a key composed enabled


async def test_a_new_key_rebuilds_the_footer() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: _composed(app, 2))
        before = _keys(app)
        app.bind("s", "sort", description="Sort")
        app.refresh_bindings()
        await wait_until(pilot, lambda: "sort" in _keys(app))
        after = _keys(app)
        assert set(after) == {"bookmark", "open_code", "sort"}
        assert after["bookmark"] is not before["bookmark"]  # recomposed: the keys changed
