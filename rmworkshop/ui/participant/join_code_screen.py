"""The first screen of a console that joins with a code: nothing of the session before it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label

from rmworkshop.ui.participant_messages import Answered, EnterCode
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal


class JoinCodeScreen(Screen[None]):
    def __init__(self, notice: str | None = None, *, kiosk: bool = False) -> None:
        super().__init__()
        self._notice = notice
        self._kiosk = kiosk

    def compose(self) -> ComposeResult:
        with Vertical(id="gate", classes="card"):
            # Nothing of the session, not even its title, before the code is right.
            yield Label("Join the workshop", id="gate-title", classes="title")
            which = "kiosk code" if self._kiosk else "join code"
            yield Label(
                f"Enter the {which} the facilitator gave you, then press Enter.",
                classes="panel-title",
            )
            yield LineInput(
                id="code", max_length=16, placeholder="e.g. K7PQ-3MXY", clear_on_submit=True
            )
            yield Literal(self._notice or "", id="code-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(EnterCode(event.value, reply_to=self))

    @on(Answered)
    def _answered(self, answer: Answered) -> None:
        if answer.refusal is None:
            return
        if "not right" not in answer.refusal:  # a wrong code is cleared; a wait keeps it
            self.query_one("#code", LineInput).restore(answer.text)
        self.query_one("#code-error", Literal).set(Text(answer.refusal, "bold red"))
