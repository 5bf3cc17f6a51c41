"""Where a participant types ideas: loaded when a capture phase first comes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label

from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.ui.participant.panels import Panel
from rmworkshop.ui.participant_messages import Answered, SubmitIdea
from rmworkshop.ui.widgets.idea_count import IdeaCount
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal


class CapturePanel(Panel):
    """An input for ideas, and the ideas this screen sent (kept in memory only)."""

    FOCUS = "#idea"

    def compose(self) -> ComposeResult:
        yield Label("Your idea (Enter sends it; nobody sees who wrote it):", classes="panel-title")
        # No max_length: a longer idea is refused with a message, not silently cut short;
        # the count under the box says how long it is against the limit as it is typed.
        yield LineInput(id="idea", placeholder="Type one idea", clear_on_submit=True)
        yield IdeaCount(id="idea-count")
        yield Literal(id="capture-error", classes="error")
        yield Label("Sent from this screen:", classes="panel-title", id="mine-title")
        yield Literal(id="mine")

    def draw(self, session: ParticipantState) -> None:
        mine = self.seat.my_ideas
        self.query_one("#mine-title").display = bool(mine)
        text = Text()
        for idea in mine:
            text.append("• ")
            text.append(idea)
            text.append("\n")
        self.query_one("#mine", Literal).set(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SubmitIdea(event.value, reply_to=self))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(IdeaCount).count(event.value)

    @on(Answered)
    def _answered(self, answer: Answered) -> None:
        self.query_one("#capture-error", Literal).set(answer.refusal or "")
        if answer.refusal is not None:
            self.query_one("#idea", LineInput).restore(answer.text)
        if self.session is not None:
            self.draw(self.session)
