"""The count under a box for an idea: its length against the core's limit, as it is typed."""

from __future__ import annotations

from rich.text import Text

from rmworkshop.core.text import idea_count
from rmworkshop.ui.widgets.literal import Literal


class IdeaCount(Literal):
    """Says "12/500" under the box, and "512/500: 12 too many" in red once it is too long."""

    DEFAULT_CSS = """
    IdeaCount {
        color: $text-muted;
        padding: 0 1;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(idea_count("")[0], id=id)

    def count(self, text: str) -> None:
        line, over = idea_count(text)
        self.set(Text(line, style="bold red") if over else line)
