"""What the facilitator's screens ask for, turned into store actions: one handler per message.

The app (`rmworkshop.ui.facilitator.app`) adds the screens, export, help and the room; each
handler here writes through `SessionApp.write`, and every screen redraws from the snapshot
that follows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on

from rmworkshop.core.changes import idea_change, unnamed
from rmworkshop.core.claims import not_arrived
from rmworkshop.core.people import Member
from rmworkshop.core.session import Idea
from rmworkshop.core.wording import counted
from rmworkshop.ui import messages
from rmworkshop.ui.session_app import SessionApp

if TYPE_CHECKING:
    from rmworkshop.ui.facilitator.modals import OwnerChoice


class FacilitatorRequests(SessionApp):
    def names(self) -> list[str]:
        """Everyone's name, to keep them out of failure lines."""
        return [member.name for member in self.session.people]

    @on(messages.ReadClaims)
    def _read_claims(self, request: messages.ReadClaims) -> None:
        def answer(read: tuple[frozenset[int], frozenset[int]]) -> None:
            request.reply_to.post_message(messages.ClaimsRead(*read))

        def claims() -> tuple[frozenset[int], frozenset[int]]:
            return frozenset(self.store.claimed()), self.store.waiting()

        # A busy file is not worth a notice here: the next snapshot asks again.
        self.fetch(claims, answer, refused=lambda _: None)

    @on(messages.LetIn)
    def _let_in(self, request: messages.LetIn) -> None:
        def let_in(member: Member | None) -> None:
            if member is not None:
                self.notify(f"{member.name} is let in on their device.", markup=False)

        self.write(lambda: self.store.let_in(request.name), let_in)

    @on(messages.CloseRoster)
    def _close_roster(self, request: messages.CloseRoster) -> None:
        self.write(lambda: self.store.set_roster_closed(request.closed))

    def kiosk_code(self) -> str | None:
        """The code that makes a terminal a kiosk, while this console serves the room."""
        return None

    @on(messages.ReleaseName)
    def _release(self, request: messages.ReleaseName) -> None:
        def released(member: Member | None) -> None:
            if member is not None:
                self.notify(
                    f"{member.name} is free again: their device must join with the code again.",
                    markup=False,
                )

        self.write(lambda: self.store.release(request.name), released)

    @on(messages.Start)
    def _start(self, request: messages.Start) -> None:
        away = request.away

        def start() -> list[str]:
            # Asked again as the write begins: someone who joined while the question was on
            # screen has arrived, and stays present.
            still = not_arrived(self.store.snapshot(), self.store.claimed())
            marked = [m.name for m in still if m.name in away]
            for name in marked:
                self.store.set_present(name, False)
            self.store.start()
            return marked

        def started(marked: list[str] | None) -> None:
            if marked:
                self.notify(
                    f"Not here yet: {', '.join(marked)}. Each is present on joining.",
                    markup=False,
                )

        self.write(start, started)

    @on(messages.MovePhase)
    def _move_phase(self, request: messages.MovePhase) -> None:
        move = self.store.next_phase if request.forward else self.store.back_phase
        self.write(lambda: move(request.since))

    @on(messages.PauseOrResume)
    def _pause_or_resume(self) -> None:
        running = self.session.state == "running"
        self.write(self.store.pause if running else self.store.resume)

    @on(messages.Extend)
    def _extend(self, request: messages.Extend) -> None:
        self.write(lambda: self.store.extend(request.minutes))

    @on(messages.Reveal)
    def _reveal(self, request: messages.Reveal) -> None:
        self.write(
            lambda: self.store.reveal(force=request.force),
            lambda count: self.notify(f"Revealed {counted(count, 'idea')}."),
        )

    @on(messages.Merge)
    def _merge(self, request: messages.Merge) -> None:
        merged = ", ".join(f"#{n}" for n in request.duplicates)
        self.write(
            lambda: self.store.merge(request.keep, request.duplicates),
            lambda _: self.notify(f"Merged {merged} into #{request.keep}."),
        )

    @on(messages.Unmerge)
    def _unmerge(self, request: messages.Unmerge) -> None:
        self.write(
            lambda: self.store.unmerge(request.number),
            lambda back: self.notify(
                f"Unmerged {', '.join(f'#{n}' for n in back)}: each is voted on again."
            ),
        )

    @on(messages.DismissSuggestion)
    def _dismiss_suggestion(self, request: messages.DismissSuggestion) -> None:
        self.write(lambda: self.store.dismiss(request.numbers))

    @on(messages.ReadDismissed)
    def _read_dismissed(self, request: messages.ReadDismissed) -> None:
        def answer(dismissed: list[frozenset[int]]) -> None:
            request.reply_to.post_message(messages.DismissedRead(dismissed))

        self.fetch(self.store.dismissed, answer)

    @on(messages.Turn)
    def _turn(self, request: messages.Turn) -> None:
        if request.step != "next":
            self.write(self.store.turn_pass if request.step == "pass" else self.store.turn_end)
            return
        rounds = len(self.session.rounds)

        def opened(member: Any) -> None:
            started = len(self.session.rounds)
            if self.session.kind == "share" and started > rounds > 0:
                self.notify(f"Round {started} begins: {member.name} opens.", markup=False)

        self.write(self.store.turn_next, opened)

    @on(messages.SwapPair)
    def _swap_pair(self, request: messages.SwapPair) -> None:
        self.write(
            lambda: self.store.swap_pairs(request.first, request.second),
            lambda _: self.notify(f"Swapped {request.first} and {request.second}.", markup=False),
        )

    @on(messages.CloseVoting)
    def _close_voting(self, request: messages.CloseVoting) -> None:
        self.write(lambda: self.store.close_voting(force=request.force))

    @on(messages.ShowPeople)
    def _show_people(self) -> None:
        from rmworkshop.ui.facilitator.people_dialogs import PeopleDialog

        self.push_screen(PeopleDialog(self.session, self.kiosk_code()))

    @on(messages.SetPresent)
    def _set_present(self, request: messages.SetPresent) -> None:
        said = "Marked present" if request.present else "Marked away"
        self.write(
            lambda: self.store.set_present(request.name, request.present),
            lambda _: self.notify(f"{said}: {request.name}.", markup=False),
            refused=lambda line: self.notify(
                "Not saved: who is here is as the list shows. " + unnamed(line, self.names()),
                severity="error",
                markup=False,
            ),
        )

    @on(messages.ShowHands)
    def _show_hands(self) -> None:
        from rmworkshop.ui.facilitator.people_dialogs import HandsDialog

        self.push_screen(HandsDialog(self.session))

    @on(messages.SetHand)
    def _set_hand(self, request: messages.SetHand) -> None:
        said = "Hand raised" if request.up else "Hand lowered"
        self.write(
            lambda: self.store.hand(request.name, request.up),
            lambda _: self.notify(f"{said}: {request.name}.", markup=False),
            refused=lambda line: self.notify(
                "Not saved: the hands are as the list shows. " + unnamed(line, self.names()),
                severity="error",
                markup=False,
            ),
        )

    @on(messages.EditOwners)
    def _edit_owners(self, request: messages.EditOwners) -> None:
        number = request.number
        idea = self.session.idea(number)
        if idea is None:
            return

        def save(choice: OwnerChoice | None) -> None:
            if choice is None:
                return

            def change() -> tuple[Idea, Idea]:
                # Made to the owners stored now: a volunteer since the dialog opened stays.
                before = self.store.snapshot().idea(number) or idea
                owners = choice.owners(before.owners)
                self.store.set_owners(number, owners, choice.due, choice.first_step)
                return before, self.store.snapshot().idea(number) or before

            self.write(
                change,
                lambda ideas: self.notify(idea_change(*ideas), markup=False, timeout=8),
                refused=lambda line: self.notify(
                    f"Idea #{number} was not saved. " + unnamed(line, self.names()),
                    severity="error",
                    markup=False,
                ),
            )

        from rmworkshop.ui.facilitator.modals import OwnersDialog

        today = date.fromtimestamp(self.clock.now())
        self.push_screen(OwnersDialog(idea, self.session, today), save)
