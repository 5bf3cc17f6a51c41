"""Help and the command palette for every console: the keys a console declares, said plainly.

Help lists a screen's keys and the app's; the palette offers the same actions, each run as its
key would run it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from rich.table import Table
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label

from rmworkshop.ui.widgets.literal import Literal

PALETTE_KEY = ("ctrl+p", "Command palette")


def declared_bindings(*nodes: DOMNode) -> list[Binding]:
    """Bindings that rmworkshop's own classes declare, in the order of `nodes`, one per action.

    Textual's own defaults (moving focus, copying text) are left out: they are not workshop
    actions, and listing them beside "Next speaker" only makes the help harder to read.
    """
    out: list[Binding] = []
    seen: set[str] = set()
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("rmworkshop."):
                continue
            for item in cls.__dict__.get("BINDINGS", ()):
                binding = item if isinstance(item, Binding) else Binding(*item)
                if binding.action in seen or not binding.description:
                    continue
                seen.add(binding.action)
                out.append(binding)
    return out


def key_display(app: App[Any], binding: Binding) -> str:
    """How a binding's keys are written for people: "^q or q" for "ctrl+q,q"."""
    if binding.key_display:
        return binding.key_display
    keys = [key.strip() for key in binding.key.split(",")]
    return " or ".join(
        app.get_key_display(Binding(key, binding.action, binding.description)) for key in keys
    )


class Key(NamedTuple):
    keys: str
    description: str
    action: str


class HelpScreen(ModalScreen[None]):
    """Every key of the screen underneath, with what it does."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 3))
        table.add_column(style="bold", justify="right")
        table.add_column()
        for key, description in self._keys:
            table.add_row(key, description)
        with Vertical(classes="dialog"):
            yield Label("Keys", classes="panel-title")
            keys = Literal(id="help-keys")
            keys.set(table)
            yield keys
            yield Label("Ctrl+P opens the command palette with the same actions.", classes="hint")
            yield Label("Esc closes this help.", classes="hint")


class KeyGuide:
    """What one console's help and command palette offer, worked out from its bindings."""

    def __init__(
        self,
        app: App[Any],
        *,
        names: Mapping[str, str] | None = None,
        extra: Sequence[tuple[str, str]] = (),
        help_lists_all: bool = True,
    ) -> None:
        self._app = app
        self._names = names or {}
        self._extra = extra
        self._help_lists_all = help_lists_all

    def keys(self, screen: Screen[Any], *, available_only: bool) -> list[Key]:
        """The screen's keys, then the app's; longer names where the footer is terse."""
        return [
            Key(key_display(self._app, b), self._names.get(b.action, b.description), b.action)
            for b in declared_bindings(screen, self._app)
            if not available_only or screen.check_action(b.action, ()) is not False
        ]

    def show_help(self) -> None:
        screen = self._app.screen
        keys = self.keys(screen, available_only=not self._help_lists_all)
        listed = [(key.keys, key.description) for key in keys]
        self._app.push_screen(HelpScreen([*listed, *self._extra, PALETTE_KEY]))

    def commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """One palette command per key that applies now."""
        for key in self.keys(screen, available_only=True):
            target = screen if hasattr(screen, f"action_{key.action}") else self._app
            yield SystemCommand(key.description, f"Key: {key.keys}", self._runner(key, target))

    def _runner(self, key: Key, target: DOMNode) -> Callable[[], None]:
        def run() -> None:
            self._app.call_later(self._app.run_action, key.action, target)

        return run
