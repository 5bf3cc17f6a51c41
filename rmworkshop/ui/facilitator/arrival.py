"""Before the first phase, in a room people join from devices: which of the people on the list
who joined on no device are in the room? (`rmworkshop.core.claims.not_arrived`)

Each is ticked, as here, to begin with: starting at once changes nobody, and a kiosk (which
lists only people present) keeps everyone it serves. Space unticks someone not here yet, who is
then marked away, and is present again on joining from a device."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label
from textual.widgets.selection_list import Selection

from rmworkshop.core.people import Member
from rmworkshop.core.wording import counted
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.tick_list import TickList


def arrival_question(count: int) -> str:
    return (
        f"{counted(count, 'person', 'people')} on the list joined on no device."
        " Who is in the room (at the kiosk, or without a device)?"
    )


ARRIVAL_HELP = (
    "Space: here or not here yet.  Enter: start.  Esc: back.\n"
    "Not here yet: marked away (no speaking turn, not counted in ballots) until they join."
)


class ArrivalDialog(ModalScreen[tuple[str, ...] | None]):
    """Returns the names unticked (not here yet) when Enter starts, None on Esc."""

    BINDINGS = [
        Binding("enter", "start", "Start", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, people: Sequence[Member]) -> None:
        super().__init__()
        self._people = tuple(people)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="arrival"):
            yield Literal(arrival_question(len(self._people)), id="arrival-question")
            yield Label(ARRIVAL_HELP, id="arrival-help", classes="hint", markup=False)
            yield TickList(
                *(Selection(Text(f"{m.name}  ({m.level})"), m.name, True) for m in self._people),
                id="arrival-list",
            )

    def action_start(self) -> None:
        here = set(self.query_one(TickList).selected)
        self.dismiss(tuple(m.name for m in self._people if m.name not in here))

    def action_back(self) -> None:
        self.dismiss(None)
