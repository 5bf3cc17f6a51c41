"""The kiosk: one participant console passed round the room (`rmworkshop kiosk`).

It remembers nobody. An idea is sent and forgotten; a ballot belongs to whoever picked their
name, and it is put away unsent when they walk off for a minute or press Escape.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from textual import events, on
from textual.binding import Binding
from textual.screen import Screen

from rmworkshop.core.clock import Clock
from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.store import Store
from rmworkshop.ui import participant_messages
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.kiosk_panels import KioskCapturePanel, KioskVotePanel
from rmworkshop.ui.participant.local_participant import ParticipantBackend
from rmworkshop.ui.participant.pairs_panel import KioskPairsPanel
from rmworkshop.ui.session_app import POLL_SECONDS
from rmworkshop.ui.widgets.phase_panels import PanelFactory

IDLE_SECONDS = 60.0
"""A ballot left this long without a key press is put away, and nothing is cast."""
QUIT_CONFIRM_SECONDS = 3.0


class KioskScreen(ParticipantScreen):
    BINDINGS = [
        Binding("plus,equals_sign,right", "add_dot", "Add dot", key_display="+"),
        Binding("minus,left", "remove_dot", "Remove dot", key_display="-"),
        Binding("v", "cast", "Cast ballot"),
        Binding("escape", "cancel", "Cancel ballot"),
    ]

    def panels(self) -> Mapping[str, PanelFactory]:
        return {
            **super().panels(),
            "capture": partial(KioskCapturePanel, self.seat),
            "vote": partial(KioskVotePanel, self.seat),
            "pairs": partial(KioskPairsPanel, self.seat),
        }

    def who(self) -> str:
        me = self.seat.voter
        return f"shared terminal   ·   {me} is voting" if me else "shared terminal"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_dot", "remove_dot", "cast", "cancel") and self.seat.voter is None:
            return False
        if action == "cancel":
            return True
        return super().check_action(action, parameters)

    def action_cancel(self) -> None:
        self.post_message(participant_messages.PutBallotAway())

    _seated: str | None = None

    def draw(self, session: ParticipantState) -> None:
        super().draw(session)
        if self._seated != self.seat.voter:  # a voter came or went: keys go to list or ballot
            self._seated = self.seat.voter
            for panel in self.query(KioskVotePanel):
                panel.take_focus()

    @on(participant_messages.Forget)
    def _forget(self) -> None:
        for panel in self.query(KioskCapturePanel):
            panel.forget()


class KioskApp(ParticipantApp):
    ENABLE_COMMAND_PALETTE = False  # a passer-by should not reach themes, quit or anything else
    BINDINGS = [Binding("ctrl+q", "quit_kiosk", "Quit", show=False, priority=True)]

    KIOSK = True

    def __init__(
        self,
        backend: ParticipantBackend | Store,
        clock: Clock,
        *,
        poll: float = POLL_SECONDS,
    ) -> None:
        super().__init__(backend, clock, poll=poll)
        self.last_activity = clock.now()
        self._quit_asked_at: float | None = None

    def entrance(self) -> Screen[None]:
        return KioskScreen(self.seat)  # nobody in particular: no "who are you?"

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.last_activity = self.clock.now()
        await super().on_event(event)

    def action_quit_kiosk(self) -> None:
        now = self.clock.now()
        if self._quit_asked_at is not None and now - self._quit_asked_at <= QUIT_CONFIRM_SECONDS:
            self.exit()
            return
        self._quit_asked_at = now
        self.notify("Press ctrl+q again to close the kiosk.", timeout=QUIT_CONFIRM_SECONDS)

    # -- ideas: sent and forgotten ----------------------------------------------------------
    def remember_idea(self, stored: str) -> None:
        self.copy_to_clipboard("")  # what the last person copied must not reach the next

    # -- one ballot at a time ---------------------------------------------------------------
    @on(participant_messages.BeginBallot)
    def begin_ballot(self, request: participant_messages.BeginBallot) -> None:
        if request.name not in self.session.waiting:
            self.notify(f"{request.name} has already voted.", severity="warning", markup=False)
            return
        self.seat.voter, self.seat.ballot = request.name, {}
        self.last_activity = self.clock.now()
        self._redraw()

    @on(participant_messages.PutBallotAway)
    def _put_away(self) -> None:
        self.end_ballot("Ballot put away: nothing was cast.")

    def end_ballot(self, message: str) -> None:
        if self.seat.voter is None:
            return
        self.seat.leave()
        self._redraw()
        self.notify(message, markup=False)

    def ballot_cast(self) -> None:
        self.end_ballot("Thank you: your ballot is cast. Please pass the keyboard on.")

    def _redraw(self) -> None:
        self.tell_screens()

    def after_reload(self) -> None:
        if self.seat.voter is not None and "cast" not in self.session.allowed:
            self.seat.leave()  # voting moved on under this ballot
            self.tell_screens()

    def tick(self) -> None:
        super().tick()
        if self.clock.now() - self.last_activity < IDLE_SECONDS:
            return
        self.last_activity = self.clock.now()
        # Whoever walked off: their half-typed idea, what they cut or copied, their ballot.
        self.screen.post_message(participant_messages.Forget())
        self.copy_to_clipboard("")
        self.end_ballot("Nobody pressed a key for a minute, so that ballot was put away unsent.")
