"""The speaking order a participant sees: loaded when a share or discuss phase first comes."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult

from rmworkshop.core.timer import format_remaining
from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.ui.participant.panels import Panel
from rmworkshop.ui.widgets.literal import Literal


class SpeakingPanel(Panel):
    """The speaking order, with "you are next" and "you are speaking" made obvious."""

    def compose(self) -> ComposeResult:
        yield Literal(id="you", classes="banner")
        yield Literal(id="order")
        yield Literal(id="wall")

    def draw(self, session: ParticipantState) -> None:
        me = self.seat.who(session)
        banner = self.query_one("#you", Literal)
        discuss = session.phase.kind == "discuss"
        place = session.hand.place
        if me is None:  # the kiosk: nobody in particular is at the keyboard
            banner.set("")
        elif session.you_are_speaking:
            banner.set(speaker_banner(session.turn_left))
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
        self.query_one("#wall", Literal).set(wall_text(session))

    def tick(self, session: ParticipantState, now: float) -> None:
        """The speaker's own countdown, in the banner they are looking at."""
        left = session.my_turn_left(now)
        if not session.you_are_speaking or self.seat.who(session) is None:
            return
        self.query_one("#you", Literal).set(speaker_banner(left))


def speaker_banner(left: float | None) -> Text:
    """ "You are speaking now", with the time the turn has left (or how far it has run over)."""
    text = Text("You are speaking now", style="bold reverse green")
    if left is not None:
        over = left < 0
        text.append(
            f"  {format_remaining(abs(left))} {'over' if over else 'left'}",
            style="bold reverse red" if over else "bold reverse green",
        )
    return text


def wall_text(session: ParticipantState) -> Text:
    """The revealed ideas, each in full, as the room's wall (nothing before the reveal)."""
    text = Text()
    if session.wall:
        text.append("\nThe room's ideas\n", style="bold")
    for idea in session.wall:
        text.append(f"#{idea.number} ", style="bold")
        text.append(" ".join(idea.text.split()))
        text.append("\n")
    return text
