"""Before the first phase, in a room people join from devices: are the people on the list
who have joined on no device in the room? (`rmworkshop.core.claims.not_arrived`)"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from rmworkshop.core.wording import counted
from rmworkshop.ui.widgets.literal import Literal


def arrival_question(names: Sequence[str]) -> Text:
    """The question, with every name: the facilitator looks round the room for them."""
    text = Text()
    text.append(f"{counted(len(names), 'person', 'people')} on the list joined on no device:\n")
    text.append(", ".join(names), style="bold")
    text.append(
        "\n\nAre they in the room (at the kiosk, or without a device)?"
        "\nThose not here yet are marked away: they sit in no speaking order and count in no"
        " ballot total, and each is present again on joining from a device."
    )
    return text


class ArrivalDialog(ModalScreen[bool | None]):
    """y: they are here; n: not here yet (marked away); Esc: back to the start screen."""

    BINDINGS = [
        Binding("y", "answer(True)", "They are here"),
        Binding("n", "answer(False)", "Not here yet"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__()
        self._names = tuple(names)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="arrival"):
            yield Literal(id="arrival-question")
            with Horizontal(classes="buttons"):
                yield Button("They are here (y)", variant="primary", id="here")
                yield Button("Not here yet (n)", id="not-here")
                yield Button("Back (Esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#arrival-question", Literal).set(arrival_question(self._names))
        # Enter straight away changes nobody: a kiosk lists only people present.
        self.query_one("#here", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "back" else event.button.id == "here")

    def action_answer(self, here: bool) -> None:
        self.dismiss(here)

    def action_back(self) -> None:
        self.dismiss(None)
