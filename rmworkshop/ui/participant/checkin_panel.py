"""The pair check-in for a participant: who reads the answers first, then their pair from the
earlier sessions, the two questions and the optional note. Names and texts are literal."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, RadioButton, RadioSet

from rmworkshop.core.text import clean
from rmworkshop.remote.participant_state import CheckinView, ParticipantState
from rmworkshop.ui.participant.panels import Panel
from rmworkshop.ui.participant.seat import Seat
from rmworkshop.ui.participant_messages import Answered, CheckIn
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal

NO_PAIR = "You are not in a pair from the earlier sessions: there is nothing to check in."
SENT = "Your check-in is sent. Thank you!"


class CheckinPanel(Panel):
    FOCUS = "#checkin-met"

    DEFAULT_CSS = """
    CheckinPanel RadioSet { width: 1fr; border: none; padding: 0; height: auto; }
    CheckinPanel RadioSet > RadioButton { width: auto; }
    """

    def __init__(self, seat: Seat, *, id: str | None = None) -> None:
        super().__init__(seat, id=id)
        self._choices: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield Literal(id="checkin-readers", classes="hint")
        yield Literal(id="checkin-pair", classes="big")
        yield Literal(id="checkin-status")
        yield Label("How often have you met since the pair was formed?", classes="panel-title")
        yield RadioSet(id="checkin-met")
        yield Label("How is it going?", classes="panel-title")
        yield RadioSet(id="checkin-going")
        yield Label(
            "One thing you learned or changed (optional; Enter sends your answer once):",
            classes="panel-title",
        )
        yield LineInput(id="checkin-note", placeholder="Optional: one short line")
        yield Literal(id="checkin-count")
        yield Literal(id="checkin-error", classes="error")

    def draw(self, session: ParticipantState) -> None:
        checkin = session.checkin
        if checkin is None:
            return
        self.query_one("#checkin-readers", Literal).set(checkin.readers)
        me = session.me.name if session.me else ""
        if checkin.pair is None:
            pair = NO_PAIR
        else:
            mentors, mentees, topics = checkin.pair
            others = [name for name in (*mentors, *mentees) if name != me]
            pair = f"Your pair: you and {', '.join(others)}."
            if topics:
                pair += f"  Topics: {', '.join(topics)}."
        self.query_one("#checkin-pair", Literal).set(pair)
        self.query_one("#checkin-status", Literal).set(SENT if checkin.answered else "")
        asking = checkin.pair is not None and not checkin.answered
        self._fill(checkin)
        for widget in self.query("RadioSet, LineInput, Label.panel-title, #checkin-count"):
            widget.display = asking
        self._count(checkin)

    def _fill(self, checkin: CheckinView) -> None:
        """The choices, made once: a state arriving while someone picks keeps their pick."""
        if self._choices == (checkin.met, checkin.going):
            return
        self._choices = (checkin.met, checkin.going)
        for set_id, choices in (("#checkin-met", checkin.met), ("#checkin-going", checkin.going)):
            radios = self.query_one(set_id, RadioSet)
            radios.remove_children()
            radios.mount_all(RadioButton(Text(label), name=value) for value, label in choices)

    def _count(self, checkin: CheckinView) -> None:
        length = len(clean(self.query_one("#checkin-note", LineInput).value))
        over = length - checkin.note_chars
        line = f"{length}/{checkin.note_chars}"
        self.query_one("#checkin-count", Literal).set(
            Text(f"{line}: {over} too many", style="bold red") if over > 0 else line
        )

    def _picked(self, set_id: str) -> str:
        button = self.query_one(set_id, RadioSet).pressed_button
        return (button.name or "") if button is not None else ""

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.session is not None and self.session.checkin is not None:
            self._count(self.session.checkin)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        met, going = self._picked("#checkin-met"), self._picked("#checkin-going")
        if not met or not going:
            self.query_one("#checkin-error", Literal).set(
                "Pick how often you met and how it is going first."
            )
            return
        self.post_message(CheckIn(met, going, event.value, reply_to=self))

    @on(Answered)
    def _answered(self, answer: Answered) -> None:
        self.query_one("#checkin-error", Literal).set(answer.refusal or "")
        note = self.query_one("#checkin-note", LineInput)
        if answer.refusal is None:
            note.value = ""
        if self.session is not None:
            self.draw(self.session)
