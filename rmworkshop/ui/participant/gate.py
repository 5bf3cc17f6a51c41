"""The first screen of a console that joins with a code: nothing of the session before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label

from rmworkshop.ui.widgets.literal import Literal

if TYPE_CHECKING:
    from rmworkshop.ui.participant.app import ParticipantApp


class JoinCodeScreen(Screen[None]):
    app: ParticipantApp

    def __init__(self, notice: str | None = None) -> None:
        super().__init__()
        self._notice = notice

    def compose(self) -> ComposeResult:
        with Vertical(id="gate", classes="card"):
            # Nothing of the session, not even its title, before the code is right.
            yield Label("Join the workshop", id="gate-title", classes="title")
            yield Label(
                "Enter the join code the facilitator gave you, then press Enter.",
                classes="panel-title",
            )
            yield Input(id="code", max_length=16, placeholder="e.g. K7P-Q3M")
            yield Literal(self._notice or "", id="code-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        refusal = self.app.try_code(event.value)
        if refusal is not None:
            if "not right" in refusal:
                event.input.value = ""
            self.query_one("#code-error", Literal).set(Text(refusal, "bold red"))
