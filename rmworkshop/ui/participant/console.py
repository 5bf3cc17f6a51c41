"""The participant's screen: the phase, its countdown and prompt, and what they can do now."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Footer

from rmworkshop.core.session import Session
from rmworkshop.ui.participant.panels import (
    ActionsPanel,
    CapturePanel,
    InfoPanel,
    Panel,
    SpeakingPanel,
    VotePanel,
)
from rmworkshop.ui.session_screen import SessionScreen
from rmworkshop.ui.widgets.countdown import Countdown
from rmworkshop.ui.widgets.literal import Literal

if TYPE_CHECKING:
    from rmworkshop.ui.participant.app import ParticipantApp

_KEYS = {
    "hand": {"discuss"},
    "add_dot": {"vote"},
    "remove_dot": {"vote"},
    "cast": {"vote"},
    "volunteer": {"actions"},
}


class ParticipantScreen(SessionScreen):
    BINDINGS = [
        Binding("h", "hand", "Hand up/down"),
        Binding("plus,equals_sign,right", "add_dot", "+ dot", key_display="+"),
        Binding("minus,left", "remove_dot", "- dot", key_display="-"),
        Binding("v", "cast", "Cast ballot"),
        Binding("o", "volunteer", "Volunteer as owner"),
    ]

    app: ParticipantApp
    AUTO_FOCUS = ""  # each phase panel chooses its own focus

    def compose(self) -> ComposeResult:
        with Vertical(id="participant"):
            with Horizontal(id="phase-head"):
                with Vertical(id="phase-names"):
                    yield Literal(id="who", classes="hint")
                    yield Literal(id="phase-name", classes="phase-name")
                yield Countdown("", id="countdown")
            yield Literal(id="prompt", classes="prompt")
            with ContentSwitcher(id="panels"):
                yield from self.panels()
        yield Footer()

    def panels(self) -> Iterator[Panel]:
        """One panel per kind of phase; a kiosk swaps some of them for its own."""
        yield InfoPanel(id="info")
        yield CapturePanel(id="capture")
        yield SpeakingPanel(id="speaking")
        yield VotePanel(id="vote")
        yield ActionsPanel(id="actions")

    def who(self) -> str:
        return f"you are {self.app.me}" if self.app.me else ""

    def _panel_id(self, session: Session) -> str:
        if not session.is_started or session.is_finished:
            return "info"
        kind = session.kind
        if kind == "capture":
            return "capture"
        if kind in ("share", "discuss"):
            return "speaking"
        if kind == "vote":
            return "vote"
        if kind == "actions":
            return "actions"
        return "info"

    def draw(self, session: Session) -> None:
        now = self.app.clock.now()
        who = self.who()
        self.query_one("#who", Literal).set(
            f"{session.agenda.title}   ·   {who}" if who else session.agenda.title
        )
        if not session.is_started:
            name = "Waiting for the facilitator to start"
        elif session.is_finished:
            name = "The session has finished. Thank you!"
        else:
            name = f"{session.phase.name}"
        self.query_one("#phase-name", Literal).set(name)
        prompt = self.query_one("#prompt", Literal)
        prompt.set(session.phase.prompt if session.is_started else session.agenda.summary)
        wanted = self._panel_id(session)
        prompt.display = wanted != "info"
        switcher = self.query_one("#panels", ContentSwitcher)
        panel = self.query_one(f"#{wanted}", Panel)
        if switcher.current != wanted:
            switcher.current = wanted
            # Keys must reach this phase's panel, not a widget left focused in another one.
            panel.take_focus()
        panel.show(session, now)
        self.refresh_keys()
        self.draw_clock()

    def draw_clock(self) -> None:
        session = self.app.session
        countdown = self.query_one(Countdown)
        countdown.display = session.is_started and not session.is_finished
        countdown.show(session.remaining(self.app.clock.now()), paused=session.state == "paused")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kinds = _KEYS.get(action)
        if kinds is None:
            return True
        session = self.app.session
        if not session.is_started or session.is_finished or session.kind not in kinds:
            return False
        if action in ("add_dot", "remove_dot", "cast"):
            return not self.app.has_voted and not session.voting.closed
        return True

    def _selected(self) -> int | None:
        return self.query_one(VotePanel).selected()

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
        number = self.query_one("#actions #results").selected_number  # type: ignore[attr-defined]
        if number is not None:
            self.app.volunteer(number)
