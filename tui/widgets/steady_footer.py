"""A footer that rebuilds its keys only when the keys themselves changed.

Textual's :class:`~textual.widgets.Footer` recomposes (removes and mounts a
widget per key, then lays the whole screen out again) on every bindings
signal: 10-15 ms on the event loop each time, and a view switch sends several
(``m`` three: its keys are greyed while the month loads, then enabled again).
Here a change of which keys are enabled only toggles them in place.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """The footer, recomposed only when a key, its label or its place changed."""

    _shown: tuple[object, ...] | None = None
    _composing = False
    """A recompose is under way (it awaits the old keys' removal and the new keys' mounting)."""
    _asked_again = False
    """The bindings changed during that recompose: look again when it is done."""

    def _layout_keys(self) -> tuple[object, ...]:
        """What decides which key widgets :meth:`Footer.compose` makes, as a comparable value."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, binding.group)
            for (_node, binding, _enabled, _tooltip) in self.screen.active_bindings.values()
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        if self._composing:
            # The new key widgets may not be mounted yet: toggling now would miss them.
            self._asked_again = True
            return
        keys = self._layout_keys()
        if keys == self._shown and self.children:
            self._refresh_states()
            return
        self._shown = keys
        self._composing = True
        try:
            await super().recompose()
        finally:
            self._composing = False
        if self._asked_again:
            self._asked_again = False
            await self.recompose()

    def _refresh_states(self) -> None:
        """Grey or enable the keys already shown, as Footer.compose would (first binding of each action)."""
        states: dict[str, tuple[bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                states.setdefault(binding.action, (enabled, tooltip))
        for key in self.query(FooterKey):
            if key.action not in states:
                continue
            enabled, tooltip = states[key.action]
            # As FooterKey.__init__ marks a greyed key: its "-disabled" class (drawn dim) and the
            # flag its click handler reads. (Widget.disabled is another state, drawn differently.)
            key._disabled = not enabled
            key.set_class(not enabled, "-disabled")
            if tooltip:
                key.tooltip = tooltip
