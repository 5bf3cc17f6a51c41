"""What a participant sees in each phase kind. Texts are always literal."""

from __future__ import annotations

from textual.app import ComposeResult

from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.ui.participant.seat import Seat
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
