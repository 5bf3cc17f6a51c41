"""The participant console app: one person, or a kiosk passed round the room.

It reads and acts through a `ParticipantBackend`: the session file for the account that owns
it, or the participant server for everyone else. The screens draw its `ParticipantState` and
what this console did (its `Seat`), and ask for everything by message.
"""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Profile
from rmworkshop.core.voting import Budget, check_ballot
from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.store import Store
from rmworkshop.ui import participant_messages
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.local_participant import LocalParticipant, ParticipantBackend
from rmworkshop.ui.participant.seat import Seat, unused_question
from rmworkshop.ui.session_app import POLL_SECONDS, SessionApp


class ParticipantApp(SessionApp[ParticipantState, ParticipantBackend]):
    CSS_PATH = ["../../base.tcss", "../participant.tcss"]
    TITLE = "rmworkshop"
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    KIOSK = False

    def __init__(
        self,
        backend: ParticipantBackend | Store,
        clock: Clock,
        *,
        name: str | None = None,
        level: str | None = None,
        profile: Profile | None = None,
        poll: float = POLL_SECONDS,
    ) -> None:
        if not isinstance(backend, ParticipantBackend):  # the session, on the account owning it
            backend = LocalParticipant(backend, clock, kiosk=self.KIOSK)
        super().__init__(backend, clock, poll=poll)
        self._wanted = (name, level)
        self._profile = profile
        """What the person joining states for mentoring pairs (join --team, --teaches...)."""
        self.seat = Seat(kiosk=self.KIOSK)

    # What this console did, as tests and drivers read it.
    @property
    def me(self) -> str | None:
        return self.seat.who(self.session)

    @property
    def my_ideas(self) -> list[str]:
        return self.seat.my_ideas

    @property
    def ballot(self) -> dict[int, int]:
        return self.seat.ballot

    @property
    def has_voted(self) -> bool:
        return self.seat.has_voted(self.session)

    def first_screen(self) -> Screen[None]:
        """The join code when one is needed; otherwise the way in (`entrance`)."""
        if self.store.needs_code:
            from rmworkshop.ui.participant.join_code_screen import JoinCodeScreen

            return JoinCodeScreen(kiosk=self.KIOSK)
        return self.entrance()

    def entrance(self) -> Screen[None]:
        """Past the join code: "who are you?", or, for `join --as NAME`, the console itself
        while the name is claimed (a refused name asks who you are instead)."""
        if self._wanted[0] is None:
            # Loaded only when needed: `join --as NAME` starts without the pickers.
            from rmworkshop.ui.participant.identify import IdentifyScreen

            return IdentifyScreen()
        return ParticipantScreen(self.seat)

    def on_mount(self) -> None:
        if not self.store.needs_code:
            self.claim_wanted()
        self.start_polling()

    def claim_wanted(self) -> None:
        """Claim the name given on the command line, if any."""
        name, level = self._wanted
        if name is not None:
            self.identify(name, level, or_ask=True)

    def after_reload(self) -> None:
        """A released name sends this console back to the join code, saying why."""
        if not self.store.needs_code:
            return  # the usual case: the gate's screen is not loaded at every reload
        from rmworkshop.ui.participant.join_code_screen import JoinCodeScreen

        if not isinstance(self.screen, JoinCodeScreen):
            self.show_base(JoinCodeScreen(notice=self.session.trouble, kiosk=self.KIOSK))

    @on(participant_messages.EnterCode)
    def _enter_code(self, request: participant_messages.EnterCode) -> None:
        def answer(refusal: str | None) -> None:
            if request.reply_to is not None:
                request.reply_to.post_message(participant_messages.Answered(request.code, refusal))
            if refusal is None:
                self.enter()

        self.write(lambda: self.store.join(request.code), lambda _: answer(None), refused=answer)

    def enter(self) -> None:
        """Past the join code: the way in, then the name given on the command line."""
        self.show_base(self.entrance())
        self.claim_wanted()

    def _ask_who(self) -> None:
        from rmworkshop.ui.participant.identify import IdentifyScreen

        self.show_base(IdentifyScreen())

    @on(participant_messages.Identify)
    def _identify(self, request: participant_messages.Identify) -> None:
        self.identify(request.name, request.level, request.profile)

    def identify(
        self,
        name: str,
        level: str | None,
        profile: Profile | None = None,
        *,
        or_ask: bool = False,
    ) -> None:
        """Become a person in the session: an existing name, or a new one with a level."""

        def refused(reason: str) -> None:
            self.notify(reason, severity="warning", markup=False)
            if or_ask:
                self._ask_who()

        self.write(
            lambda: self.store.claim(name, level, profile or self._profile),
            lambda _: self._arrived(),
            refused=refused,
        )

    def _arrived(self) -> None:
        """The name is this console's: show the console, unless it is showing already."""
        if not isinstance(self.screen, ParticipantScreen):
            self.show_base(ParticipantScreen(self.seat))

    # -- what a participant can do ---------------------------------------------------------
    @on(participant_messages.SubmitIdea)
    def _submit_idea(self, request: participant_messages.SubmitIdea) -> None:
        def answer(refusal: str | None) -> None:
            if request.reply_to is not None:
                request.reply_to.post_message(participant_messages.Answered(request.text, refusal))

        def stored(text: str) -> None:
            self.remember_idea(text)
            answer(None)

        self.write(lambda: self.store.submit(request.text), stored, refused=answer)

    def remember_idea(self, stored: str) -> None:
        """Keep an idea sent from this screen, exactly as stored; the kiosk keeps nothing."""
        self.seat.my_ideas.append(stored)

    @on(participant_messages.ChangeDots)
    def _change_dots(self, request: participant_messages.ChangeDots) -> None:
        self.change_dots(request.number, request.delta)

    def change_dots(self, number: int, delta: int) -> None:
        ballot = self.session.ballot
        wanted = self.seat.ballot.get(number, 0) + delta
        if ballot is None or wanted < 0:
            return
        if delta > 0:  # the core's ballot check, on the ballot as it would be
            budget = Budget(ballot.dots, ballot.max_per_idea)
            try:
                check_ballot(
                    {**self.seat.ballot, number: wanted}, budget, (i.number for i in ballot.ideas)
                )
            except Refused as refusal:
                self.notify(str(refusal), severity="warning", markup=False)
                return
        self.seat.ballot[number] = wanted
        self.seat.unused_asked = None
        self.tell_screens()

    @on(participant_messages.Cast)
    def cast(self) -> None:
        me = self.me
        if me is None:
            return
        ballot = self.session.ballot
        left = ballot.dots - sum(self.seat.ballot.values()) if ballot is not None else 0
        if left > 0 and self.seat.unused_asked != left:
            self.seat.unused_asked = left  # asked once; v again casts with them unused
            self.notify(unused_question(left), severity="warning", markup=False)
            self.tell_screens()
            return
        choices = {n: d for n, d in self.seat.ballot.items() if d}
        self.write(lambda: self.store.cast(choices, me), lambda _: self.ballot_cast())

    def ballot_cast(self) -> None:
        """What follows a cast ballot; the kiosk hands the keyboard on."""
        self.notify("Your ballot is cast.")

    @on(participant_messages.ToggleHand)
    def _toggle_hand(self) -> None:
        if self.me is not None:
            up = not self.session.hand.up
            self.write(lambda: self.store.hand(up))

    @on(participant_messages.CheckIn)
    def _check_in(self, request: participant_messages.CheckIn) -> None:
        def answer(refusal: str | None) -> None:
            if request.reply_to is not None:
                request.reply_to.post_message(participant_messages.Answered(request.note, refusal))

        self.write(
            lambda: self.store.check_in(request.met, request.going, request.note),
            lambda _: answer(None),
            refused=answer,
        )

    @on(participant_messages.Volunteer)
    def _volunteer(self, request: participant_messages.Volunteer) -> None:
        if self.me is not None:
            self.write(
                lambda: self.store.volunteer(request.number),
                lambda _: self.notify(f"You volunteered for idea #{request.number}."),
            )
