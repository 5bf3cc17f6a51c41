"""The keys a console declares itself, for its help screen and command palette."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode


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
