"""The browser console's first screen: the join code, with wrong guesses slowed down."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label

from rmworkshop.core.errors import Refused
from rmworkshop.core.joincode import delay_after, matches
from rmworkshop.ui.widgets.literal import Literal

if TYPE_CHECKING:
    from rmworkshop.ui.participant.app import ParticipantApp


class JoinCodeScreen(Screen[None]):
    app: ParticipantApp

    def __init__(self, expected_digest: str) -> None:
        super().__init__()
        self._digest = expected_digest

    def compose(self) -> ComposeResult:
        with Vertical(id="gate", classes="card"):
            # Nothing of the session, not even its title, before the code is right.
            yield Label("Join the workshop", id="gate-title", classes="title")
            yield Label(
                "Enter the join code the facilitator gave you, then press Enter.",
                classes="panel-title",
            )
            yield Input(id="code", max_length=16, placeholder="e.g. K7P-Q3M")
            yield Literal(id="code-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#code-error", Literal)
        right = matches(event.value, self._digest)
        try:
            # The store decides and counts in one transaction, so that browser tabs guessing
            # at the same moment share one guess per wait instead of getting one each.
            guess = self.app.store.try_join_code(right)
        except Refused as refusal:  # the session file is busy: say so, never crash
            error.set(Text(str(refusal), "bold red"))
            return
        if guess.wait > 0:
            wait = math.ceil(guess.wait)
            error.set(Text(f"Too many wrong codes. Wait {wait} s, then try again.", "bold red"))
            return
        if right:
            self.app.enter()
            return
        failures = guess.failures
        event.input.value = ""
        error.set(
            Text(
                "That join code is not right. Check it with the facilitator;"
                f" you can try again in {delay_after(failures):.0f} s.",
                "bold red",
            )
        )
