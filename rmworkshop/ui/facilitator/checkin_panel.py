"""The facilitator's check-in phase: how many pairs have answered, never what anyone answered
(the session holds no answer while the phase runs), the pairs whose members are all away, and
who present is in no pair. Names are shown literally."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult

from rmworkshop.core.checkin import READERS, key
from rmworkshop.core.session import Session
from rmworkshop.core.wording import counted
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PhasePanel


class CheckinPanel(PhasePanel[Session]):
    def compose(self) -> ComposeResult:
        yield Literal(id="checkin-count", classes="big")
        yield Literal(id="checkin-away")
        yield Literal(id="checkin-unpaired")
        yield Literal(id="checkin-readers", classes="hint")

    def show(self, session: Session, now: float) -> None:
        checkin = session.checkin
        pairs = len(checkin.pairs)
        if not pairs:
            count = "No pairs to check in: run the session with --history and earlier outcomes."
        else:
            people = len(checkin.answered)
            count = (
                f"{checkin.pairs_answered()} of {counted(pairs, 'pair')} have answered"
                f" ({counted(people, 'person', 'people')}). Answers are read after this phase."
            )
        self.query_one("#checkin-count", Literal).set(count)
        present = {key(m.name) for m in session.present}
        away = [pair for pair in checkin.pairs if not any(key(n) in present for n in pair.people)]
        lines = Text()
        if away:
            lines.append("All away, listed as not checked in:\n", style="bold")
            for pair in away:
                lines.append(f"  {', '.join(pair.people)}\n")
        self.query_one("#checkin-away", Literal).set(lines)
        loose = [m.name for m in session.present if checkin.pair_of(m.name) is None]
        self.query_one("#checkin-unpaired", Literal).set(
            f"In no pair from the earlier sessions: {', '.join(loose)}" if loose and pairs else ""
        )
        self.query_one("#checkin-readers", Literal).set(f"Participants are told: {READERS}")
