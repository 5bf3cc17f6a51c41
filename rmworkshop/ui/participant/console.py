"""The participant's screen: the phase, its countdown and prompt, and what they can do now."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from rmworkshop.remote.state import ParticipantState
from rmworkshop.ui.participant.pairs_panel import PairsPanel
from rmworkshop.ui.participant.panels import (
    ActionsPanel,
    CapturePanel,
    InfoPanel,
    Panel,
    ResultsTable,
    SpeakingPanel,
    VotePanel,
)
from rmworkshop.ui.session_screen import SessionScreen
from rmworkshop.ui.widgets.countdown import Countdown
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PhasePanels

if TYPE_CHECKING:
    from rmworkshop.ui.participant.app import ParticipantApp

_KEYS = {
    "hand": "hand",
    "add_dot": "cast",
    "remove_dot": "cast",
    "cast": "cast",
    "volunteer": "volunteer",
}
"""What each key needs the server (or the core, for a local console) to allow now."""


class ParticipantScreen(SessionScreen[ParticipantState]):
    BINDINGS = [
        Binding("h", "hand", "Hand up/down"),
        Binding("plus,equals_sign,right", "add_dot", "Add dot", key_display="+"),
        Binding("minus,left", "remove_dot", "Remove dot", key_display="-"),
        Binding("v", "cast", "Cast ballot"),
        Binding("o", "volunteer", "Volunteer as owner"),
    ]

    app: ParticipantApp
    AUTO_FOCUS = ""  # each phase panel chooses its own focus
    _shown: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="participant"):
            with Horizontal(id="phase-head"):
                with Vertical(id="phase-names"):
                    yield Literal(id="who", classes="hint")
                    yield Literal(id="phase-name", classes="phase-name")
                yield Countdown("", id="countdown")
            yield Literal(id="prompt", classes="prompt")
            yield PhasePanels(self.panels(), self._panel_id(self.app.session), id="panels")
        yield Footer()

    def panels(self) -> Mapping[str, Callable[..., Panel]]:
        """The panel for each kind of phase; a kiosk swaps some of them for its own."""
        return {
            "info": InfoPanel,
            "capture": CapturePanel,
            "speaking": SpeakingPanel,
            "vote": VotePanel,
            "actions": ActionsPanel,
            "pairs": PairsPanel,
        }

    @on(PhasePanels.Built)
    def _panel_built(self) -> None:
        self.show(self.app.session)

    def who(self) -> str:
        return f"you are {self.app.me}" if self.app.me else ""

    def _panel_id(self, session: ParticipantState) -> str:
        if not session.is_started or session.is_finished:
            return "info"
        kind = session.phase.kind
        if kind == "capture":
            return "capture"
        if kind in ("share", "discuss"):
            return "speaking"
        if kind == "vote":
            return "vote"
        if kind in ("actions", "pairs"):
            return kind
        return "info"

    def draw(self, session: ParticipantState) -> None:
        now = self.app.clock.now()
        who = "   ·   ".join(part for part in (self.who(), self.app.store.trouble) if part)
        self.query_one("#who", Literal).set(
            f"{session.title}   ·   {who}" if who else session.title
        )
        if not session.is_started:
            name = "Waiting for the facilitator to start"
        elif session.is_finished:
            name = "The session has finished. Thank you!"
        elif session.phase.state == "paused":
            name = f"{session.phase.name}   (paused by the facilitator)"
        else:
            name = session.phase.name
        self.query_one("#phase-name", Literal).set(name)
        prompt = self.query_one("#prompt", Literal)
        prompt.set(session.phase.prompt if session.is_started else session.summary)
        wanted = self._panel_id(session)
        prompt.display = wanted != "info"
        switcher = self.query_one("#panels", PhasePanels)
        panel = switcher.panel(wanted)
        if isinstance(panel, Panel):  # None for a moment, while a panel is first built
            if self._shown != wanted:
                self._shown = switcher.current = wanted
                # Keys must reach this phase's panel, not a widget left focused in another one.
                panel.take_focus()
            panel.show(session, now)
        self.refresh_keys()
        self.draw_clock()

    def draw_clock(self) -> None:
        session = self.app.session
        countdown = self.query_one(Countdown)
        countdown.display = session.is_started and not session.is_finished
        paused = session.phase.state == "paused"
        countdown.show(session.remaining(self.app.clock.now()), paused=paused)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needed = _KEYS.get(action)
        return needed is None or needed in self.app.session.allowed

    def _selected(self) -> int | None:
        panels = self.query(VotePanel)
        return panels.first().selected() if panels else None

    def action_hand(self) -> None:
        self.app.toggle_hand()

    def action_add_dot(self) -> None:
        number = self._selected()
        if number is not None:
            self.app.change_dots(number, +1)

    def action_remove_dot(self) -> None:
        number = self._selected()
        if number is not None:
            self.app.change_dots(number, -1)

    def action_cast(self) -> None:
        self.app.cast()

    def action_volunteer(self) -> None:
        boards = self.query("#actions #results").results(ResultsTable)
        board = next(iter(boards), None)
        number = board.selected_number if board is not None else None
        if number is not None:
            self.app.volunteer(number)
