"""What a save changed, in words; failure lines that name nobody."""

from __future__ import annotations

from datetime import date

from rmworkshop.core.changes import idea_change, unnamed
from rmworkshop.core.session import Idea


def _idea(owners: tuple[str, ...] = (), due: date | None = None, step: str | None = None) -> Idea:
    return Idea("k", 3, "Lunches", owners=owners, due=due, first_step=step)


def test_a_save_says_exactly_which_owners_came_and_went() -> None:
    before = _idea(("Bo", "Dee"))
    after = _idea(("Bo", "Chen"), due=date(2026, 12, 15), step="Book")
    assert idea_change(before, after) == (
        "Owners of #3: Bo, Chen (added: Chen; removed: Dee). Due 2026-12-15. First step saved."
    )
    assert idea_change(before, _idea(("Bo",))) == "Owners of #3: Bo (removed: Dee)."
    assert idea_change(before, _idea()) == "Owners of #3: nobody (removed: Bo, Dee)."
    assert idea_change(before, before) == "Idea #3 unchanged."


def test_a_failure_line_never_names_anyone() -> None:
    names = ["Ana", "Bo"]
    assert unnamed("There is no revealed idea #4.", names) == "There is no revealed idea #4."
    assert "ana" not in unnamed("ana is marked away.", names).casefold()
