"""The pairs phase for participants: one's own partner and what to talk about, or, on the
kiosk, every pair in the room. Names and topics are shown literally."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from rmworkshop.core.pairing_notes import group_line, partner_line
from rmworkshop.remote.participant_state import PairView, ParticipantState, Person
from rmworkshop.ui.participant.panels import Panel
from rmworkshop.ui.widgets.literal import Literal


def _people(people: tuple[Person, ...]) -> list[tuple[str, str]]:
    return [(person.name, person.level) for person in people]


class PairsPanel(Panel):
    def compose(self) -> ComposeResult:
        yield Literal(id="pair-line", classes="big")
        yield Literal(id="pair-role", classes="hint")

    def draw(self, session: ParticipantState) -> None:
        pair = session.my_pair()
        me = session.me
        if pair is None or me is None:
            line = (
                "You are not in a pair this time." if session.pairs else "Pairs are being formed."
            )
            role = "The facilitator can swap you into a pair." if session.pairs else ""
        else:
            others = [p for p in pair.people if p.name != me.name]
            mentors = {p.name for p in pair.mentors}
            mentor = me.name in mentors
            roles = ["mentor" if p.name in mentors else "mentee" for p in others]
            line = partner_line(
                _people(tuple(others)), pair.topics, ("mentor" if mentor else "mentee", roles)
            )
            role = (
                "You are the mentor: share what you know, and ask what they want to learn."
                if mentor
                else "You are the mentee: ask, listen, and try things together."
            )
        self.query_one("#pair-line", Literal).set(line)
        self.query_one("#pair-role", Literal).set(role)


class KioskPairsPanel(Panel):
    """The shared terminal shows every pair, so people can find their partner."""

    def compose(self) -> ComposeResult:
        yield Label("Find your partner:", classes="panel-title")
        yield Literal(id="all-pairs")

    def draw(self, session: ParticipantState) -> None:
        lines = [self.line(pair) for pair in session.pairs]
        self.query_one("#all-pairs", Literal).set("\n".join(lines) or "Pairs are being formed.")

    @staticmethod
    def line(pair: PairView) -> str:
        return group_line(_people(pair.mentors), _people(pair.mentees), pair.topics)
