"""The kiosk: one participant console passed round the room (`rmworkshop kiosk`).

It remembers nobody. An idea is sent and forgotten; a ballot belongs to whoever picked their
name, and it is put away unsent when they walk off for a minute or press Escape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress

from textual import events
from textual.binding import Binding
from textual.css.query import NoMatches

from rmworkshop.core.clock import Clock
from rmworkshop.store import SessionStore
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.backend import ParticipantBackend
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.kiosk_panels import KioskCapturePanel, KioskVotePanel
from rmworkshop.ui.participant.pairs_panel import KioskPairsPanel
from rmworkshop.ui.participant.panels import Panel
from rmworkshop.ui.session_app import POLL_SECONDS

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

    app: KioskApp

    def panels(self) -> Mapping[str, Callable[..., Panel]]:
        return {
            **super().panels(),
            "capture": KioskCapturePanel,
            "vote": KioskVotePanel,
            "pairs": KioskPairsPanel,
        }

    def who(self) -> str:
        me = self.app.me
        return f"shared terminal   ·   {me} is voting" if me else "shared terminal"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hand", "volunteer"):
            return False  # these need to know who you are; use join for them
        if action in ("add_dot", "remove_dot", "cast", "cancel") and self.app.me is None:
            return False
        if action == "cancel":
            return True
        return super().check_action(action, parameters)

    def action_cancel(self) -> None:
        self.app.end_ballot("Ballot put away: nothing was cast.")

    def refocus(self) -> None:
        for panel in self.query("#panels > #vote").results(Panel):
            panel.take_focus()

    def forget_typing(self) -> None:
        for panel in self.query(KioskCapturePanel).results(KioskCapturePanel):
            panel.forget()


class KioskApp(ParticipantApp):
    ENABLE_COMMAND_PALETTE = False  # a passer-by should not reach themes, quit or anything else
    BINDINGS = [Binding("ctrl+q", "quit_kiosk", "Quit", show=False, priority=True)]

    KIOSK = True

    def __init__(
        self,
        backend: ParticipantBackend | SessionStore,
        clock: Clock,
        *,
        poll: float = POLL_SECONDS,
    ) -> None:
        super().__init__(backend, clock, poll=poll)
        self.last_activity = clock.now()
        self._quit_asked_at: float | None = None
        self.voter: str | None = None
        """Whoever picked their name to vote at this keyboard now; nobody otherwise."""

    @property
    def me(self) -> str | None:
        return self.voter

    def enter(self) -> None:
        self._show(KioskScreen())  # nobody in particular: no "who are you?"

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
    def begin_ballot(self, name: str) -> None:
        if name not in self.session.waiting:
            self.notify(f"{name} has already voted.", severity="warning", markup=False)
            return
        self.voter, self.ballot = name, {}
        self.last_activity = self.clock.now()
        self._redraw()

    def end_ballot(self, message: str) -> None:
        if self.voter is None:
            return
        self.voter, self.ballot = None, {}
        self._redraw()
        self.notify(message, markup=False)

    def ballot_cast(self) -> None:
        self.end_ballot("Thank you: your ballot is cast. Please pass the keyboard on.")

    def _redraw(self) -> None:
        self.reload()
        if isinstance(self.screen, KioskScreen):
            self.screen.refocus()

    def after_reload(self) -> None:
        session = self.session
        if self.voter is not None and "cast" not in session.allowed:
            self.voter, self.ballot = None, {}  # voting moved on under this ballot
            if isinstance(self.screen, KioskScreen):
                with suppress(NoMatches):
                    self.screen.show(session)

    def tick(self) -> None:
        super().tick()
        if self.clock.now() - self.last_activity < IDLE_SECONDS:
            return
        self.last_activity = self.clock.now()
        if isinstance(self.screen, KioskScreen):
            with suppress(NoMatches):
                self.screen.forget_typing()
        self.end_ballot("Nobody pressed a key for a minute, so that ballot was put away unsent.")
