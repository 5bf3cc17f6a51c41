"""Dialogs: confirmation, export and owners (people and hands are in `people_dialogs`).
Each returns its result through `dismiss`."""

from __future__ import annotations

from collections.abc import Sequence
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

from rmworkshop.core.dates import DUE_FORMAT, check_due, parse_due
from rmworkshop.core.errors import Refused
from rmworkshop.core.rules.ideas import KEEP, Keep
from rmworkshop.core.session import Idea, Session
from rmworkshop.ui.messages import SessionChanged
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.tick_list import TickList


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
    """What the facilitator changed: owners ticked and unticked in the dialog, so an owner who
    volunteered from a phone while it was open is kept, not silently removed."""

    added: list[str]
    removed: list[str]
    due: date | Keep | None
    """`KEEP` when the field was left as shown; None when it was emptied, to clear it."""
    first_step: str | Keep
    """`KEEP` when left as shown; empty to clear it."""

    def owners(self, current: Sequence[str]) -> list[str]:
        """The owners after this change, made to the owners stored now."""
        kept = [name for name in current if name not in self.removed]
        return kept + [name for name in self.added if name not in kept]


class OwnersDialog(ModalScreen[OwnerChoice | None]):
    """Assign owners from the people in the session, a due date and a first step."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, idea: Idea, session: Session, today: date) -> None:
        super().__init__()
        self._idea = idea
        self._session = session
        self._today = today
        # As shown when the dialog opened: a field left so is kept, so a date set elsewhere
        # meanwhile is not undone, and a field emptied is cleared.
        self._shown_due = idea.due.isoformat() if idea.due else ""
        self._shown_step = idea.first_step or ""

    def compose(self) -> ComposeResult:
        people = sorted(
            self._session.people, key=lambda m: (self._session.levels.rank(m.level), m.id)
        )
        with Vertical(classes="dialog", id="owners-dialog"):
            yield Label("Owners for idea", classes="panel-title")
            yield Literal(f"#{self._idea.number}  {self._idea.text}", id="owner-idea")
            yield Label("Owners: [x] owns it, [ ] does not. Space ticks.", markup=False)
            yield TickList(
                *[
                    Selection(Text(f"{m.name}  ({m.level})"), m.name, m.name in self._idea.owners)
                    for m in people
                ],
                id="owner-people",
            )
            yield Label(f"Due date ({DUE_FORMAT}, optional, today or later):")
            yield LineInput(
                self._shown_due,
                placeholder=DUE_FORMAT,
                id="owner-due",
                compact=True,
            )
            yield Label("First step (optional):")
            yield LineInput(self._shown_step, id="owner-step", max_length=500, compact=True)
            yield Literal(id="owner-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="save", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    _touched: frozenset[str] = frozenset()
    """People the facilitator ticked or unticked here: a change from elsewhere leaves them be."""

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[str]
    ) -> None:
        self._touched |= {str(event.selection.value)}

    @on(SessionChanged)
    def _session_changed(self, message: SessionChanged) -> None:
        """Someone volunteered (or was removed) while the dialog is open: show it, and count
        the facilitator's changes from the owners stored now."""
        idea = message.session.idea(self._idea.number)
        if idea is None or idea.owners == self._idea.owners:
            return
        self._idea = idea
        people = self.query_one("#owner-people", TickList)
        for name in {*idea.owners, *people.selected} - self._touched:
            if name in idea.owners:
                people.select(name)
            else:
                people.deselect(name)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # What was typed before Enter, not what arrived after it.
        self._save({event.input.id or "": event.value})

    def action_save(self) -> None:
        self._save({})

    def _save(self, typed: dict[str, str]) -> None:
        def value(name: str) -> str:
            return typed.get(name, self.query_one(f"#{name}", Input).value)

        raw_due = value("owner-due").strip()
        due: date | Keep | None = KEEP
        if raw_due != self._shown_due:
            try:
                due = parse_due(raw_due)  # None: emptied, so the date is removed
                if due is not None:
                    check_due(due, self._today, self._idea.due)
            except Refused as refusal:
                self.query_one("#owner-error", Literal).set(str(refusal))
                return
        ticked = [str(n) for n in self.query_one("#owner-people", TickList).selected]
        before = self._idea.owners
        added = [name for name in ticked if name not in before]
        removed = [name for name in before if name not in ticked]
        typed_step = value("owner-step")
        step = KEEP if typed_step.strip() == self._shown_step.strip() else typed_step
        self.dismiss(OwnerChoice(added, removed, due=due, first_step=step))

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

    def on_mount(self) -> None:
        if self._finished:
            # Offered unasked as the session ends, perhaps while keys are still being pressed:
            # a stray key must not replace the file name. Enter exports, Tab edits the name.
            self.query_one("#export", Button).focus()

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
