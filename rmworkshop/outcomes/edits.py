"""Follow-up edits: what a leader types, checked and cleaned, and applied to one idea.

Each `Edit` names one field of one idea or mentoring pair (by its position in the file).
Typed input becomes an `Edit` or a `Refused` with a message the leader can act on; `apply`
returns new `Outcomes` with only that field changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from rmworkshop.core.dates import parse_due
from rmworkshop.core.errors import Refused
from rmworkshop.core.rules.ideas import first_step
from rmworkshop.core.text import MAX_NAME_CHARS, clean
from rmworkshop.outcomes.schema import PAIR_STATUSES, STATUSES, Idea, Outcomes, Pair

EditableField = Literal["status", "owners", "due", "first_step", "impact"]
Table = Literal["ideas", "pairs"]
EditValue = str | list[str] | date | None

MAX_IMPACT_CHARS = 1000


@dataclass(frozen=True)
class Edit:
    index: int
    """Position of the idea in the file's ``[[ideas]]`` list."""
    field: EditableField
    value: EditValue
    table: Table = "ideas"
    """Ideas (actions), or mentoring pairs: their status and impact note."""

    def describe(self) -> str:
        """What changed, in words, for a notification."""
        value = self.value
        if isinstance(value, list):
            return "owners: " + (", ".join(value) or "none")
        if self.field == "due":
            return f"due date: {value.isoformat()}" if isinstance(value, date) else "no due date"
        if self.field == "impact":
            return "the impact note" if value else "no impact note"
        if self.field == "first_step":
            return "the first step" if value else "no first step"
        return f"status: {value}"


def status_edit(index: int, status: str) -> Edit:
    if status not in STATUSES:
        raise Refused(f"{status!r} is not a status; use one of {', '.join(STATUSES)}.")
    return Edit(index, "status", status)


def owners_edit(index: int, typed: str) -> Edit:
    """Names separated by commas; blanks and repeats are dropped, so "" means no owners."""
    names: list[str] = []
    for part in typed.split(","):
        name = " ".join(clean(part).split())
        if len(name) > MAX_NAME_CHARS:
            raise Refused(f"A name can be at most {MAX_NAME_CHARS} characters: {name[:20]}...")
        if name and name not in names:
            names.append(name)
    return Edit(index, "owners", names)


def due_edit(index: int, typed: str) -> Edit:
    """A date written YYYY-MM-DD, or nothing to remove the due date."""
    return Edit(index, "due", parse_due(typed))


def first_step_edit(index: int, typed: str) -> Edit:
    """The first thing the owners will do, cleaned as the console cleans one; nothing to
    remove it."""
    return Edit(index, "first_step", first_step(typed))


def pair_status_edit(index: int, status: str) -> Edit:
    if status not in PAIR_STATUSES:
        raise Refused(f"{status!r} is not a pair status; use one of {', '.join(PAIR_STATUSES)}.")
    return Edit(index, "status", status, "pairs")


def pair_impact_edit(index: int, typed: str) -> Edit:
    edit = impact_edit(index, typed)
    return Edit(index, "impact", edit.value, "pairs")


def impact_edit(index: int, typed: str) -> Edit:
    text = clean(typed)
    if len(text) > MAX_IMPACT_CHARS:
        raise Refused(
            f"An impact note can be at most {MAX_IMPACT_CHARS} characters; this one has"
            f" {len(text)}."
        )
    return Edit(index, "impact", text)


def apply(outcomes: Outcomes, edit: Edit) -> Outcomes:
    """New outcomes with one field of one idea changed; everything else is shared as is."""
    if edit.table == "pairs":
        if not 0 <= edit.index < len(outcomes.pairs) or edit.field not in ("status", "impact"):
            raise Refused(f"There is no pair number {edit.index + 1} in these outcomes.")
        pairs = list(outcomes.pairs)
        old_pair = pairs[edit.index]
        pairs[edit.index] = Pair.model_validate({**old_pair.model_dump(), edit.field: edit.value})
        return outcomes.model_copy(update={"pairs": pairs})
    if not 0 <= edit.index < len(outcomes.ideas):
        raise Refused(f"There is no idea number {edit.index + 1} in these outcomes.")
    old = outcomes.ideas[edit.index]
    idea = Idea.model_validate({**old.model_dump(), edit.field: edit.value})
    ideas = list(outcomes.ideas)
    ideas[edit.index] = idea
    return outcomes.model_copy(update={"ideas": ideas})


def current(idea: Idea, field: EditableField) -> str:
    """The field as the leader would type it, to start an edit from."""
    if field == "owners":
        return ", ".join(idea.owners)
    if field == "due":
        return idea.due.isoformat() if idea.due else ""
    if field == "impact":
        return idea.impact
    if field == "first_step":
        return idea.first_step or ""
    return idea.status
