"""What a console shows once its session file was deleted or replaced: it takes no more input.

Ideas typed into a file that was deleted would be stored nowhere anyone could read them.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from rmworkshop.core.text import shown
from rmworkshop.ui.widgets.literal import Literal


class FileLostScreen(ModalScreen[None]):
    """Covers the console for good; only quitting is left."""

    DEFAULT_CSS = """
    FileLostScreen { align: center middle; }
    FileLostScreen > Vertical {
        width: 80%; max-width: 90; height: auto;
        border: thick $error; background: $surface; padding: 1 2;
    }
    """
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="file-lost"):
            yield Label("This console has stopped", classes="panel-title")
            message = Text("The session file ")
            message.append(shown(self._path), style="bold")
            message.append(
                " was deleted or replaced, so nothing typed here could be saved."
                " Nothing more is taken. Ask the facilitator how to carry on."
            )
            lost = Literal(id="file-lost-message")
            lost.set(message)
            yield lost
            yield Label("Ctrl+Q closes this console.", classes="hint")
