"""The participant console app: one person, or a kiosk passed round the room."""

from __future__ import annotations

from textual.screen import Screen

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.text import clean_idea
from rmworkshop.store import SessionStore
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.session_app import POLL_SECONDS, SessionApp


class ParticipantApp(SessionApp):
    CSS_PATH = "participant.tcss"
    TITLE = "rmworkshop"
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def __init__(
        self,
        store: SessionStore,
        clock: Clock,
        *,
        name: str | None = None,
        level: str | None = None,
        join_digest: str | None = None,
        poll: float = POLL_SECONDS,
    ) -> None:
        super().__init__(store, clock, poll=poll)
        self.me: str | None = None
        self._wanted = (name, level)
        self._join_digest = join_digest
        """Set when served to browsers: nothing is shown until the join code is entered."""
        self.my_ideas: list[str] = []
        """Ideas sent from this screen: in this process's memory only, never stored with a name."""
        self.ballot: dict[int, int] = {}

    def on_mount(self) -> None:
        self.begin()
        self.start_polling()

    def begin(self) -> None:
        """The first screen: the join code in a browser, otherwise who you are."""
        if self._join_digest is not None:
            from rmworkshop.ui.participant.gate import JoinCodeScreen

            self.push_screen(JoinCodeScreen(self._join_digest))
        else:
            self.enter()

    def enter(self) -> None:
        """Past the join code (if any): become the named person, or ask who you are."""
        name, level = self._wanted
        if name is None or not self.identify(name, level):
            # Loaded only when needed: `join --as NAME` starts without the pickers.
            from rmworkshop.ui.participant.identify import IdentifyScreen

            self._show(IdentifyScreen())

    def identify(self, name: str, level: str | None) -> bool:
        """Become a person in the session: an existing name, or a new one with a level."""
        existing = self.session.person(name)
        try:
            if existing is None or level is not None:
                if level is None:
                    raise Refused(
                        f"Nobody called {name!r} is in this session; add a level to join."
                    )
                member = self.store.add_person(name, level)
            else:
                member = existing
                if not member.present:
                    self.store.set_present(member.name, True)
        except Refused as error:
            self.notify(str(error), severity="warning", markup=False)
            return False
        self.me = member.name
        self.reload()
        self._show(ParticipantScreen())
        return True

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
            self.store.submit(text)
        except Refused as error:
            return str(error)
        self.my_ideas.append(clean_idea(text))  # exactly what was stored
        self.reload()
        return None

    @property
    def has_voted(self) -> bool:
        member = self.session.person(self.me) if self.me else None
        return member is not None and member.id in self.session.voting.voted

    def change_dots(self, number: int, delta: int) -> None:
        budget = self.session.budget()
        current = self.ballot.get(number, 0)
        wanted = current + delta
        if wanted < 0:
            return
        if wanted > budget.max_per_idea:
            self.notify(f"At most {budget.max_per_idea} dots on one idea.", severity="warning")
            return
        if delta > 0 and sum(self.ballot.values()) + delta > budget.dots:
            self.notify("No dots left: remove one first.", severity="warning")
            return
        self.ballot[number] = wanted
        self.reload()

    def cast(self) -> None:
        if self.me is None:
            return
        ok, _ = self.attempt(
            self.store.cast_ballot, self.me, {n: d for n, d in self.ballot.items() if d}
        )
        if ok:
            self.ballot_cast()

    def ballot_cast(self) -> None:
        """What follows a cast ballot; the kiosk hands the keyboard on."""
        self.notify("Your ballot is cast.")

    def toggle_hand(self) -> None:
        member = self.session.person(self.me) if self.me else None
        if member is None:
            return
        up = not any(hand.person_id == member.id for hand in self.session.hands)
        self.act(self.store.hand, member.name, up)

    def volunteer(self, number: int) -> None:
        if self.me is not None:
            ok, _ = self.attempt(self.store.volunteer, number, self.me)
            if ok:
                self.notify(f"You volunteered for idea #{number}.")
