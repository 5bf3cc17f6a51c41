"""Helpers that keep participant and agenda text literal: never parsed as markup."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.text import Text
from textual.widgets import Static


def literal(text: str, style: str = "") -> Text:
    """Text shown exactly as typed: brackets stay brackets, nothing is interpreted."""
    return Text(text, style=style, no_wrap=False)


class Literal(Static):
    """A `Static` that only ever shows plain text."""

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(literal(text), id=id, classes=classes, markup=False)
        self._plain: str | None = text
        self._content: RenderableType = literal(text)

    @property
    def plain(self) -> str:
        """What the widget shows, as plain text (tables rendered at a wide width)."""
        if self._plain is None:
            console = Console(width=200, color_system=None, file=io.StringIO())
            with console.capture() as capture:
                console.print(self._content)
            self._plain = "\n".join(line.rstrip() for line in capture.get().splitlines())
        return self._plain

    def set(self, content: str | RenderableType) -> None:
        """Show a plain string literally, or a Rich renderable built from `Text` cells."""
        if isinstance(content, str):
            if content == self._plain:
                return
            self._plain = content
            self._content = literal(content)
            self.update(self._content)
            return
        self._plain = content.plain if isinstance(content, Text) else None
        self._content = content
        self.update(content)
