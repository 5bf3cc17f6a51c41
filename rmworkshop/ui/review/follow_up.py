"""Follow-up keys shared by both review screens: status, owners, due date, first step and
impact.

A screen says which idea is selected; the dialogs ask for the new value, and the app saves
it to that idea's file at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.binding import Binding

from rmworkshop.core.text import MAX_IDEA_CHARS
from rmworkshop.outcomes.edits import (
    MAX_IMPACT_CHARS,
    Edit,
    EditableField,
    current,
    due_edit,
    first_step_edit,
    impact_edit,
    owners_edit,
    pair_impact_edit,
    pair_status_edit,
    status_edit,
)
from rmworkshop.outcomes.schema import PAIR_STATUSES, STATUSES, Idea
from rmworkshop.ui.review.cells import one_line
from rmworkshop.ui.review.modals import Choice, ChoiceDialog, TextDialog
from rmworkshop.ui.review.opened import DrawsOpened, SaveEdit
from rmworkshop.ui.review.pairs import PAIR_STATUS_NOTES, PairRow, PairsTable

STATUS_NOTES = {
    "open": "not started yet",
    "in-progress": "someone is on it",
    "done": "finished",
    "dropped": "decided not to do it",
}


class FollowUpScreen(DrawsOpened):
    BINDINGS = [
        Binding("s", "status", "Status"),
        Binding("o", "owners", "Owners"),
        Binding("d", "due", "Due"),
        Binding("p", "first_step", "First step"),
        Binding("i", "impact", "Impact"),
    ]

    def selected(self) -> tuple[int, int] | None:
        """The selected idea as (file, index), if any."""
        raise NotImplementedError

    def _idea(self) -> tuple[int, int, Idea] | None:
        chosen = self.selected()
        if chosen is None:
            self.app.notify("There is no idea selected.", severity="warning")
            return None
        file, index = chosen
        return file, index, self.opened.files[file].outcomes.ideas[index]

    def _save(self, file: int, edit: Edit | None) -> None:
        if edit is not None:
            self.post_message(SaveEdit(file, edit))

    def _pair(self) -> PairRow | None:
        """The selected mentoring pair, when the pairs table has the keys."""
        focused = self.focused
        return focused.current if isinstance(focused, PairsTable) else None

    def _pair_edit(self, field: str) -> bool:
        """Edit the selected pair's status or impact; True when the pairs table had the keys."""
        row = self._pair()
        if row is None:
            if isinstance(self.focused, PairsTable):
                self.app.notify("There is no pair selected.", severity="warning")
            return isinstance(self.focused, PairsTable)
        pair = row.pair
        subject = " and ".join(
            ", ".join(map(one_line, names)) for names in (pair.mentors, pair.mentees)
        )
        if field == "status":
            choices = [Choice(s, s, PAIR_STATUS_NOTES[s]) for s in PAIR_STATUSES]
            dialog = ChoiceDialog("Pair status", choices, subject=subject, current=pair.status)

            def chosen(status: str | None) -> None:
                if status is not None and status != pair.status:
                    self._save(row.file, pair_status_edit(row.index, status))

            self.app.push_screen(dialog, chosen)
        elif field == "impact":
            text = TextDialog(
                "Impact note",
                subject,
                pair.impact,
                partial(pair_impact_edit, row.index),
                hint="What changed for this pair? Leave it empty to remove the note.",
                max_length=MAX_IMPACT_CHARS,
            )
            self.app.push_screen(text, partial(self._save, row.file))
        else:
            self.app.notify("Pairs have a status and an impact note only.", severity="warning")
        return True

    def action_status(self) -> None:
        if self._pair_edit("status"):
            return
        found = self._idea()
        if found is None:
            return
        file, index, idea = found

        def chosen(status: str | None) -> None:
            if status is not None and status != idea.status:
                self._save(file, status_edit(index, status))

        choices = [Choice(status, status, STATUS_NOTES[status]) for status in STATUSES]
        dialog = ChoiceDialog("Status", choices, subject=idea.text, current=idea.status)
        self.app.push_screen(dialog, chosen)

    def action_owners(self) -> None:
        if self._pair_edit("owners"):
            return
        self._text_edit(
            "Owners",
            "owners",
            owners_edit,
            hint="Names separated by commas. Leave it empty for no owners.",
            placeholder="Ana, Marcus",
        )

    def action_due(self) -> None:
        if self._pair_edit("due"):
            return
        self._text_edit(
            "Due date",
            "due",
            due_edit,
            hint="YYYY-MM-DD, e.g. 2026-12-15. Leave it empty for no due date.",
            placeholder="YYYY-MM-DD",
            max_length=10,
        )

    def action_first_step(self) -> None:
        if self._pair_edit("first_step"):
            return
        self._text_edit(
            "First step",
            "first_step",
            first_step_edit,
            hint="The first thing the owners will do. Leave it empty for none.",
            max_length=MAX_IDEA_CHARS,
        )

    def action_impact(self) -> None:
        if self._pair_edit("impact"):
            return
        self._text_edit(
            "Impact note",
            "impact",
            impact_edit,
            hint="What changed because of this idea? Leave it empty to remove the note.",
            max_length=MAX_IMPACT_CHARS,
        )

    def _text_edit(
        self,
        title: str,
        field: EditableField,
        parse: Callable[[int, str], Edit],
        *,
        hint: str,
        placeholder: str = "",
        max_length: int = 0,
    ) -> None:
        found = self._idea()
        if found is None:
            return
        file, index, idea = found
        dialog = TextDialog(
            title,
            idea.text,
            current(idea, field),
            partial(parse, index),
            hint=hint,
            placeholder=placeholder,
            max_length=max_length,
        )
        self.app.push_screen(dialog, partial(self._save, file))
