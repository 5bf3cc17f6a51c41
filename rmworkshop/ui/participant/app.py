"""The participant console app: one person, or a kiosk passed round the room.

It reads and acts through a `ParticipantBackend`: the session file for the account that owns
it, or the participant server for everyone else. The screens draw its `ParticipantState`.
"""

from __future__ import annotations

from textual.screen import Screen

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Profile
from rmworkshop.remote.state import ParticipantState
from rmworkshop.store import SessionStore
from rmworkshop.ui.participant.backend import LocalParticipant, ParticipantBackend
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.session_app import POLL_SECONDS, SessionApp


class ParticipantApp(SessionApp[ParticipantState, ParticipantBackend]):
    CSS_PATH = "participant.tcss"
    TITLE = "rmworkshop"
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    KIOSK = False

    def __init__(
        self,
        backend: ParticipantBackend | SessionStore,
        clock: Clock,
        *,
        name: str | None = None,
        level: str | None = None,
        profile: Profile | None = None,
        join_digest: str | None = None,
        poll: float = POLL_SECONDS,
    ) -> None:
        if isinstance(backend, SessionStore):  # the session file, on the account that owns it
            backend = LocalParticipant(backend, clock, kiosk=self.KIOSK, join_digest=join_digest)
        super().__init__(backend, clock, poll=poll)
        self._wanted = (name, level)
        self._profile = profile
        """What the person joining states for mentoring pairs (join --team, --teaches...)."""
        self.my_ideas: list[str] = []
        """Ideas sent from this screen: in this process's memory only, never stored with a name."""
        self.ballot: dict[int, int] = {}

    @property
    def me(self) -> str | None:
        me = self.session.me
        return me.name if me else None

    def on_mount(self) -> None:
        self.begin()
        self.start_polling()

    def begin(self) -> None:
        """The first screen: the join code when one is needed, otherwise who you are."""
        if self.store.needs_code:
            from rmworkshop.ui.participant.gate import JoinCodeScreen

            self.push_screen(JoinCodeScreen())
        else:
            self.enter()

    def after_reload(self) -> None:
        """A released name sends this console back to the join code, saying why."""
        from rmworkshop.ui.participant.gate import JoinCodeScreen

        if self.store.needs_code and not isinstance(self.screen, JoinCodeScreen):
            self._show(JoinCodeScreen(notice=self.store.trouble))

    def try_code(self, code: str) -> str | None:
        """The join code typed at the gate; returns why it was refused, or None on entry."""
        try:
            self.store.join(code)
        except Refused as error:
            return str(error)
        self.reload()
        self.enter()
        return None

    def enter(self) -> None:
        """Past the join code (if any): become the named person, or ask who you are."""
        name, level = self._wanted
        if name is None or not self.identify(name, level):
            # Loaded only when needed: `join --as NAME` starts without the pickers.
            from rmworkshop.ui.participant.identify import IdentifyScreen

            self._show(IdentifyScreen())

    def identify(self, name: str, level: str | None, profile: Profile | None = None) -> bool:
        """Become a person in the session: an existing name, or a new one with a level."""
        ok, _ = self.attempt(self.store.claim, name, level, profile or self._profile)
        if ok:
            self._show(ParticipantScreen())
        return ok

    def _show(self, screen: Screen[None]) -> None:
        """Replace the gate or the name picker; the app's blank default screen stays below."""
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- what a participant can do ---------------------------------------------------------
    def submit_idea(self, text: str) -> str | None:
        """Send an idea; returns the reason when it was refused."""
        try:
            stored = self.store.submit(text)
        except Refused as error:
            return str(error)
        self.remember_idea(stored)
        self.reload()
        return None

    def remember_idea(self, stored: str) -> None:
        self.my_ideas.append(stored)

    @property
    def has_voted(self) -> bool:
        ballot = self.session.ballot
        return ballot is not None and ballot.voted

    def change_dots(self, number: int, delta: int) -> None:
        ballot = self.session.ballot
        if ballot is None:
            return
        current = self.ballot.get(number, 0)
        wanted = current + delta
        if wanted < 0:
            return
        if wanted > ballot.max_per_idea:
            self.notify(f"At most {ballot.max_per_idea} dots on one idea.", severity="warning")
            return
        if delta > 0 and sum(self.ballot.values()) + delta > ballot.dots:
            self.notify("No dots left: remove one first.", severity="warning")
            return
        self.ballot[number] = wanted
        self.reload()

    def cast(self) -> None:
        if self.me is None:
            return
        choices = {n: d for n, d in self.ballot.items() if d}
        ok, _ = self.attempt(self.store.cast, choices, self.me)
        if ok:
            self.ballot_cast()

    def ballot_cast(self) -> None:
        """What follows a cast ballot; the kiosk hands the keyboard on."""
        self.notify("Your ballot is cast.")

    def toggle_hand(self) -> None:
        if self.me is not None:
            self.act(self.store.hand, not self.session.hand.up)

    def volunteer(self, number: int) -> None:
        if self.me is not None:
            ok, _ = self.attempt(self.store.volunteer, number)
            if ok:
                self.notify(f"You volunteered for idea #{number}.")
