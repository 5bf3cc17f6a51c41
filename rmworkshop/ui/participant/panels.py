"""What a participant sees in each phase kind. Texts are always literal."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label

from rmworkshop.remote.state import ParticipantState
from rmworkshop.ui.messages import Answered, SubmitIdea
from rmworkshop.ui.participant.seat import Seat
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PhasePanel


class Panel(PhasePanel[ParticipantState]):
    """A participant panel: draws from the state and from what this seat has done."""

    def __init__(self, seat: Seat, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.seat = seat
        self.session: ParticipantState | None = None

    def show(self, session: ParticipantState, now: float) -> None:
        self.session = session
        self.draw(session)

    def draw(self, session: ParticipantState) -> None:
        raise NotImplementedError

    def selected(self) -> int | None:
        """The idea picked on this panel, if it lists ideas to pick from."""
        return None


class InfoPanel(Panel):
    def compose(self) -> ComposeResult:
        yield Literal(id="big-prompt")

    def draw(self, session: ParticipantState) -> None:
        self.query_one("#big-prompt", Literal).set(session.phase.prompt or session.phase.name)


class CapturePanel(Panel):
    """An input for ideas, and the ideas this screen sent (kept in memory only)."""

    FOCUS = "#idea"

    def compose(self) -> ComposeResult:
        yield Label("Your idea (Enter sends it; nobody sees who wrote it):", classes="panel-title")
        # No max_length: a longer idea is refused with a message, not silently cut short.
        yield LineInput(id="idea", placeholder="Type one idea", clear_on_submit=True)
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

    @on(Answered)
    def _answered(self, answer: Answered) -> None:
        self.query_one("#capture-error", Literal).set(answer.refusal or "")
        if answer.refusal is not None:
            self.query_one("#idea", LineInput).restore(answer.text)
        if self.session is not None:
            self.draw(self.session)


class SpeakingPanel(Panel):
    """The speaking order, with "you are next" and "you are speaking" made obvious."""

    def compose(self) -> ComposeResult:
        yield Literal(id="you", classes="banner")
        yield Literal(id="order")

    def draw(self, session: ParticipantState) -> None:
        me = self.seat.who(session)
        banner = self.query_one("#you", Literal)
        discuss = session.phase.kind == "discuss"
        place = session.hand.place
        if me is None:  # the kiosk: nobody in particular is at the keyboard
            banner.set("")
        elif session.you_are_speaking:
            banner.set(Text("You are speaking now", style="bold reverse green"))
        elif discuss and session.hand.up and place is not None:
            style = "bold reverse yellow" if place == 1 else "bold"
            lead = "You are next. " if place == 1 else ""
            banner.set(
                Text(
                    f"{lead}Your hand is up: place {place} of {len(session.order)}. h lowers it.",
                    style,
                )
            )
        elif discuss:
            banner.set("h raises your hand to speak.")
        elif session.you_are_next:
            banner.set(Text("You are next", style="bold reverse yellow"))
        else:
            banner.set("")
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="dim")
        table.add_column()
        table.add_column(style="dim")
        speaker = session.speaking
        if speaker is not None:
            table.add_row("now", Text(speaker.name, style="bold"), Text(speaker.level))
        for number, person in enumerate(session.order, 1):
            style = "bold" if person.name == me else ""
            table.add_row(str(number), Text(person.name, style=style), Text(person.level))
        self.query_one("#order", Literal).set(table)
