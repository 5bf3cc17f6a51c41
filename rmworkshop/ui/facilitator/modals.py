"""Dialogs: confirmation, export, owners and people. Each returns its result through `dismiss`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from rmworkshop.core.claims import waiting_to_be_let_in
from rmworkshop.core.dates import parse_due
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.session import Idea, Session
from rmworkshop.ui.messages import (
    ClaimsRead,
    CloseRoster,
    LetIn,
    ReadClaims,
    ReleaseName,
    SessionChanged,
    SetPresent,
)
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal


class ConfirmDialog(ModalScreen[bool]):
    """A yes-or-no question before something that cannot be undone; Esc or n says no."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Literal(self._question, id="confirm-question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self._yes} (y)", variant="warning", id="yes")
                yield Button("Not now (n or Esc)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # Enter straight away changes nothing

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


@dataclass(frozen=True)
class OwnerChoice:
    names: list[str]
    due: date | None
    first_step: str


class OwnersDialog(ModalScreen[OwnerChoice | None]):
    """Assign owners from the people in the session, a due date and a first step."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, idea: Idea, session: Session) -> None:
        super().__init__()
        self._idea = idea
        self._session = session

    def compose(self) -> ComposeResult:
        people = sorted(
            self._session.people, key=lambda m: (self._session.levels.rank(m.level), m.id)
        )
        with Vertical(classes="dialog"):
            yield Label("Owners for idea", classes="panel-title")
            yield Literal(f"#{self._idea.number}  {self._idea.text}", id="owner-idea")
            yield Label("Owners (space selects):")
            yield SelectionList[str](
                *[
                    Selection(Text(f"{m.name}  ({m.level})"), m.name, m.name in self._idea.owners)
                    for m in people
                ],
                id="owner-people",
            )
            yield Label("Due date (YYYY-MM-DD, optional):")
            yield LineInput(
                self._idea.due.isoformat() if self._idea.due else "",
                placeholder="2026-12-15",
                id="owner-due",
            )
            yield Label("First step (optional):")
            yield LineInput(self._idea.first_step or "", id="owner-step", max_length=500)
            yield Literal(id="owner-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # What was typed before Enter, not what arrived after it.
        self._save({event.input.id or "": event.value})

    def action_save(self) -> None:
        self._save({})

    def _save(self, typed: dict[str, str]) -> None:
        def value(name: str) -> str:
            return typed.get(name, self.query_one(f"#{name}", Input).value)

        raw_due = value("owner-due").strip()
        due: date | None = None
        if raw_due:
            try:
                due = parse_due(raw_due)
            except Refused as refusal:
                self.query_one("#owner-error", Literal).set(str(refusal))
                return
        names = list(self.query_one("#owner-people", SelectionList).selected)
        step = value("owner-step")
        self.dismiss(OwnerChoice(names=[str(n) for n in names], due=due, first_step=step))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    markdown: bool


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Where to write the outcomes, and whether to add the Markdown summary."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default: Path, finished: bool) -> None:
        super().__init__()
        self._default = default
        self._finished = finished

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = (
                "The session has finished. Export the outcomes?"
                if self._finished
                else ("Export the outcomes")
            )
            yield Label(title, classes="panel-title")
            yield Label("Outcomes file (TOML):")
            yield LineInput(str(self._default), id="export-path")
            yield Checkbox("Also write the Markdown summary (.md)", value=True, id="export-md")
            yield Literal(id="export-result", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Export (Enter)", variant="primary", id="export")
                yield Button("Close (Esc)", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._export(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._export(self.query_one("#export-path", Input).value)
        else:
            self.action_cancel()

    def _export(self, typed: str) -> None:
        path = Path(typed.strip() or str(self._default))
        markdown = self.query_one("#export-md", Checkbox).value
        self.dismiss(ExportChoice(path, markdown))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PeopleDialog(ModalScreen[None]):
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

    def __init__(self, session: Session, kiosk_code: str | None = None) -> None:
        super().__init__()
        self._session = session
        self._kiosk_code = kiosk_code
        self._claimed: frozenset[int] = frozenset()
        """Who a device holds: asked of the app (`ReadClaims`), read off screen, sent back."""
        self._waiting: frozenset[int] = frozenset()
        """Whom a device waits to be let in as (someone marked away, claimed mid-vote)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                "People: a tick means present. Space toggles, r frees the name a lost device"
                " holds, y lets in a device that waits, c closes or opens the roster,"
                " Esc closes.",
                classes="panel-title",
            )
            yield Literal(id="roster-state", classes="hint")
            if self._kiosk_code is not None:
                yield Literal(
                    f"Kiosk code (a shared terminal votes for the room): {self._kiosk_code}",
                    id="kiosk-code",
                    classes="hint",
                )
            yield SelectionList[str](id="people-list")

    def on_mount(self) -> None:
        self.refresh_people(self._session)
        self.post_message(ReadClaims(self))

    @on(SessionChanged)
    def _session_changed(self, message: SessionChanged) -> None:
        self.refresh_people(message.session)
        self.post_message(ReadClaims(self))  # a device may have claimed or lost a name

    @on(ClaimsRead)
    def _claims_read(self, message: ClaimsRead) -> None:
        if (message.claimed, message.waiting) != (self._claimed, self._waiting):
            self._claimed, self._waiting = message.claimed, message.waiting
            self.refresh_people(self._session)

    def refresh_people(self, session: Session) -> None:
        self._session = session
        closed = session.roster_closed
        self.query_one("#roster-state", Literal).set(
            "The roster is closed: devices pick only names already here."
            if closed
            else "The roster is open: devices may add new people until voting starts."
        )
        people = self.query_one("#people-list", SelectionList)
        highlighted = people.highlighted
        ordered = sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.id))
        claimed = self._claimed
        waiting = {m.id for m in waiting_to_be_let_in(session, self._waiting, claimed)}
        with self.prevent(SelectionList.SelectionToggled):
            people.clear_options()
            people.add_options(
                [
                    Selection(_person_line(m, m.id in claimed, m.id in waiting), m.name, m.present)
                    for m in ordered
                ]
            )
        if highlighted is not None and ordered:
            people.highlighted = min(highlighted, len(ordered) - 1)

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[str]
    ) -> None:
        event.stop()
        name = str(event.selection.value)
        member = self._session.person(name)
        if member is not None:
            self.post_message(SetPresent(name, not member.present))

    def _highlighted(self) -> str | None:
        people = self.query_one("#people-list", SelectionList)
        if people.highlighted is None:
            return None
        return str(people.get_option_at_index(people.highlighted).value)

    def action_release(self) -> None:
        name = self._highlighted()
        if name is not None:
            self.post_message(ReleaseName(name))

    def action_let_in(self) -> None:
        name = self._highlighted()
        member = self._session.person(name) if name is not None else None
        offered = waiting_to_be_let_in(self._session, self._waiting, self._claimed)
        if member is not None and member in offered:
            self.post_message(LetIn(member.name))

    def action_close_roster(self) -> None:
        self.post_message(CloseRoster(not self._session.roster_closed))


def _person_line(member: Member, claimed: bool, waiting: bool = False) -> Text:
    line = Text(f"{member.name}  ({member.level})")
    if claimed:
        line.append("  claimed on a device", style="dim")
    if waiting:
        line.append("  a device asks to be them: y lets it in", style="bold")
    return line
