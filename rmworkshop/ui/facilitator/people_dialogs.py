"""Dialogs that act for people in the room: who is here (People, `a`) and whose hand is up
(Hands, `h`), for someone without a device or at the kiosk. Each change is saved at once and
said in words, with the name, on the facilitator's own screen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from rmworkshop.core.claims import waiting_to_be_let_in
from rmworkshop.core.people import Member
from rmworkshop.core.session import Session
from rmworkshop.ui.messages import (
    ClaimsRead,
    CloseRoster,
    LetIn,
    ReadClaims,
    ReleaseName,
    SessionChanged,
    SetHand,
    SetPresent,
)
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.tick_list import TickList


class _PeopleList(ModalScreen[None]):
    """A list of people, most junior first, each ticked or not; space toggles one."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]
    LIST_ID = ""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    def people(self, session: Session) -> list[Member]:
        return sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.id))

    def ticked(self, member: Member) -> bool:
        raise NotImplementedError

    def line(self, member: Member) -> Text:
        return Text(f"{member.name}  ({member.level})")

    def on_mount(self) -> None:
        self.refresh_people(self._session)

    @on(SessionChanged)
    def _session_changed(self, message: SessionChanged) -> None:
        self.refresh_people(message.session)

    def refresh_people(self, session: Session) -> None:
        self._session = session
        people = self.query_one(f"#{self.LIST_ID}", TickList)
        highlighted = people.highlighted
        ordered = self.people(session)
        with self.prevent(SelectionList.SelectionToggled):
            people.clear_options()
            people.add_options([Selection(self.line(m), m.name, self.ticked(m)) for m in ordered])
        if ordered:
            people.highlighted = min(highlighted or 0, len(ordered) - 1)

    def said(self, line: str) -> None:
        """What the last key changed, in the dialog itself as well as in a notice."""
        self.query_one(".changed", Literal).set(line)

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[str]
    ) -> None:
        event.stop()
        member = self._session.person(str(event.selection.value))
        if member is not None:
            self.toggled(member)

    def toggled(self, member: Member) -> None:
        raise NotImplementedError


class PeopleDialog(_PeopleList):
    """Who is in the room: space marks the highlighted person away or back; r frees a name
    claimed by a device (a lost phone), so that person can claim it again elsewhere; y lets
    in a device waiting to act as someone marked away; c keeps the roster closed to new people
    or opens it. While the room is open it shows the kiosk code, for the facilitator only."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("r", "release", "Release name"),
        Binding("y", "let_in", "Let in"),
        Binding("c", "close_roster", "Close/open roster"),
    ]
    LIST_ID = "people-list"

    def __init__(self, session: Session, kiosk_code: str | None = None) -> None:
        super().__init__(session)
        self._kiosk_code = kiosk_code
        self._claimed: frozenset[int] = frozenset()
        """Who a device holds: asked of the app (`ReadClaims`), read off screen, sent back."""
        self._waiting: frozenset[int] = frozenset()
        """Whom a device waits to be let in as (someone marked away, claimed mid-vote)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("People: [x] present, [ ] away", classes="panel-title", markup=False)
            yield Label(
                "Space: mark away or back.  r: free a lost device's name.\n"
                "y: let in a waiting device.  c: close or open the roster.\n"
                "Esc closes.",
                classes="hint",
                markup=False,
            )
            yield Literal(id="roster-state", classes="hint")
            if self._kiosk_code is not None:
                yield Literal(
                    f"Kiosk code (a shared terminal votes for the room): {self._kiosk_code}",
                    id="kiosk-code",
                    classes="hint",
                )
            yield TickList(id=self.LIST_ID)
            yield Literal(classes="changed hint")

    def ticked(self, member: Member) -> bool:
        return member.present

    def line(self, member: Member) -> Text:
        line = super().line(member)
        if member.id in self._claimed:
            line.append("  claimed on a device", style="dim")
        if member in self._offered():
            line.append("  a device asks to be them: y lets it in", style="bold")
        return line

    def _offered(self) -> list[Member]:
        """Whom the core lets the facilitator say yes to now."""
        return waiting_to_be_let_in(self._session, self._waiting, self._claimed)

    def refresh_people(self, session: Session) -> None:
        self.query_one("#roster-state", Literal).set(
            "The roster is closed: devices pick only names already here."
            if session.roster_closed
            else "The roster is open: devices may add new people until voting starts."
        )
        super().refresh_people(session)

    def on_mount(self) -> None:
        # Textual runs `_PeopleList.on_mount` too, as it runs each class's handler.
        self.post_message(ReadClaims(self))

    @on(SessionChanged)
    def _claims_may_change(self) -> None:
        self.post_message(ReadClaims(self))  # a device may have claimed or lost a name

    @on(ClaimsRead)
    def _claims_read(self, message: ClaimsRead) -> None:
        if (message.claimed, message.waiting) != (self._claimed, self._waiting):
            self._claimed, self._waiting = message.claimed, message.waiting
            self.refresh_people(self._session)

    def toggled(self, member: Member) -> None:
        present = not member.present
        self.said(f"{'Marked present' if present else 'Marked away'}: {member.name}")
        self.post_message(SetPresent(member.name, present))

    def _highlighted(self) -> Member | None:
        people = self.query_one(f"#{self.LIST_ID}", TickList)
        if people.highlighted is None:
            return None
        return self._session.person(str(people.get_option_at_index(people.highlighted).value))

    def action_release(self) -> None:
        member = self._highlighted()
        if member is not None:
            self.post_message(ReleaseName(member.name))

    def action_let_in(self) -> None:
        member = self._highlighted()
        if member is not None and member in self._offered():
            self.said(f"Let in: {member.name}")
            self.post_message(LetIn(member.name))

    def action_close_roster(self) -> None:
        closing = not self._session.roster_closed
        self.said("Roster closed to new people" if closing else "Roster open to new people")
        self.post_message(CloseRoster(closing))


class HandsDialog(_PeopleList):
    """Raise or lower a hand for someone present without a device, or at the kiosk."""

    LIST_ID = "hands-list"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Hands: [x] raised, [ ] not", classes="panel-title", markup=False)
            yield Label(
                "For someone without a device, or at the kiosk:\n"
                "space raises or lowers the highlighted person's hand.\nEsc closes.",
                classes="hint",
                markup=False,
            )
            yield TickList(id=self.LIST_ID)
            yield Literal(classes="changed hint")

    def people(self, session: Session) -> list[Member]:
        return [m for m in super().people(session) if m.present]

    def ticked(self, member: Member) -> bool:
        return any(hand.person_id == member.id for hand in self._session.hands)

    def toggled(self, member: Member) -> None:
        up = not self.ticked(member)
        self.said(f"{'Hand raised' if up else 'Hand lowered'}: {member.name}")
        self.post_message(SetHand(member.name, up))
