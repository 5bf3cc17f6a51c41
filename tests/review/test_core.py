"""The pure follow-up rules: overdue, counts, filters, and edits typed by a leader."""

from __future__ import annotations

from datetime import date

import pytest

from rmworkshop.core.errors import Refused
from rmworkshop.core.text import MAX_IDEA_CHARS
from rmworkshop.outcomes.edits import (
    MAX_IMPACT_CHARS,
    apply,
    current,
    due_edit,
    first_step_edit,
    impact_edit,
    owners_edit,
    status_edit,
)
from rmworkshop.outcomes.followup import (
    NO_OWNER,
    Filter,
    actions,
    count,
    is_overdue,
    owners,
    select,
    session_label,
)
from rmworkshop.outcomes.schema import Idea
from tests.core.test_dates import NOT_CALENDAR_DATES
from tests.review.conftest import PROGRAMME_IDEAS, PROGRAMME_TITLES, TODAY, make_outcomes


def _idea(**fields: object) -> Idea:
    return Idea.model_validate({"rank": 1, "tied": False, "text": "x", "votes": 0, **fields})


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (date(2026, 12, 19), "open", True),
        (date(2026, 12, 19), "in-progress", True),
        (date(2026, 12, 19), "done", False),
        (date(2026, 12, 19), "dropped", False),
        (TODAY, "open", False),  # due today is not late yet
        (None, "open", False),
    ],
)
def test_overdue_means_past_due_and_not_settled(
    due: date | None, status: str, overdue: bool
) -> None:
    assert is_overdue(_idea(due=due, status=status), TODAY) is overdue


def _programme() -> list[Idea]:
    return [
        action.idea
        for action in actions(
            [
                make_outcomes(t, ideas=i)
                for t, i in zip(PROGRAMME_TITLES, PROGRAMME_IDEAS, strict=True)
            ]
        )
    ]


def test_counts_every_status_and_the_overdue_ones() -> None:
    counts = count(_programme(), TODAY, owned_only=False)
    assert counts.statuses == {"open": 4, "in-progress": 1, "done": 2, "dropped": 1}
    assert (counts.overdue, counts.total) == (2, 8)
    assert list(count([], TODAY).statuses.values()) == [0, 0, 0, 0]


def test_an_action_is_an_idea_with_an_owner_and_the_rest_are_counted_apart() -> None:
    from rmworkshop.outcomes.followup import actions_line

    counts = count(_programme(), TODAY)  # "Shadow a new hire" has no owner
    assert counts.statuses == {"open": 3, "in-progress": 1, "done": 2, "dropped": 1}
    assert (counts.total, counts.unowned) == (7, 1)
    assert actions_line(counts) == "7 actions (1 idea had no owner)"
    nobody = [idea.model_copy(update={"owners": []}) for idea in _programme()]
    assert actions_line(count(nobody, TODAY)) == "0 actions (8 ideas had no owner)"
    assert count(nobody, TODAY).overdue == 0


def test_actions_keep_session_and_rank_order() -> None:
    programme = [
        make_outcomes(t, ideas=i) for t, i in zip(PROGRAMME_TITLES, PROGRAMME_IDEAS, strict=True)
    ]
    found = actions(programme)
    assert [(a.file, a.index) for a in found] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (1, 0),
        (1, 1),
        (1, 2),
        (2, 0),
        (2, 1),
    ]
    assert found[3].idea.text == "Junior chair at one leadership meeting a quarter"


def test_filters_by_owner_status_and_both() -> None:
    programme = [
        make_outcomes(t, ideas=i) for t, i in zip(PROGRAMME_TITLES, PROGRAMME_IDEAS, strict=True)
    ]
    everything = actions(programme)

    def texts(wanted: Filter) -> list[str]:
        return [a.idea.text[:20] for a in select(everything, wanted, TODAY)]

    assert len(select(everything, Filter(), TODAY)) == 8
    assert texts(Filter(owner="Ana")) == [
        "Reverse mentoring pa",
        "Async updates instea",
        "Explain acronyms in ",
        "Quiet hours on Frida",
    ]
    assert texts(Filter(owner=NO_OWNER)) == ["Shadow a new hire fo"]
    assert texts(Filter(status="done")) == ["Async updates instea", "Quiet hours on Frida"]
    assert texts(Filter(status="overdue")) == ["Reverse mentoring pa", "Junior chair at one "]
    assert texts(Filter(owner="Ana", status="overdue")) == ["Reverse mentoring pa"]
    assert texts(Filter(owner="Nobody", status="open")) == []
    assert Filter(owner="Ana", status="open").describe() == "owner: Ana   status: open"
    assert Filter().describe() == "owner: anyone   status: any"
    assert Filter(owner=NO_OWNER).describe() == "owner: nobody yet   status: any"
    assert Filter(owner="\x1b]0;x\x07Bo\n Li").describe() == "owner: Bo Li   status: any"


def test_owners_are_listed_alphabetically_with_counts() -> None:
    assert owners(_programme()) == [("Ana", 4), ("Bo", 1), ("Marcus", 2), ("Quinn", 1)]


def test_session_label_is_title_and_date() -> None:
    assert session_label(make_outcomes()) == "Cross-generational brainstorm (2026-11-19)"


# -- edits ----------------------------------------------------------------------------------


def test_status_edit_accepts_only_the_four_statuses() -> None:
    assert status_edit(2, "done").value == "done"
    with pytest.raises(Refused, match="not a status"):
        status_edit(2, "finished")


def test_owners_are_cleaned_split_and_deduplicated() -> None:
    edit = owners_edit(0, " Ana ,Marcus,,\x1b[31mAna\x1b[0m, [b]Bo[/b] ,  ")
    assert edit.value == ["Ana", "Marcus", "[b]Bo[/b]"]
    assert owners_edit(0, "  ").value == []
    with pytest.raises(Refused, match="at most 40 characters"):
        owners_edit(0, "x" * 41)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("15/12/2026", "write it as YYYY-MM-DD"),
        ("20261215", "write it as YYYY-MM-DD"),
        ("2026-W50-1", "write it as YYYY-MM-DD"),
        ("next friday", "write it as YYYY-MM-DD"),
        ("2026-02-30", "not a day in the calendar"),
    ],
)
def test_due_dates_must_be_real_iso_dates(typed: str, message: str) -> None:
    with pytest.raises(Refused, match=message):
        due_edit(0, typed)


@pytest.mark.parametrize("typed", NOT_CALENDAR_DATES)
def test_review_follows_the_one_due_date_rule(typed: str) -> None:
    with pytest.raises(Refused, match="write it as YYYY-MM-DD"):
        due_edit(0, typed)


def test_due_date_can_be_set_or_removed() -> None:
    assert due_edit(0, " 2027-01-31 ").value == date(2027, 1, 31)
    assert due_edit(0, "").value is None


def test_impact_is_cleaned_and_limited() -> None:
    assert impact_edit(0, "Saved\ttwo\x07 days\n a month").value == "Saved two days  a month"
    assert impact_edit(0, "[@click=app.quit]q").value == "[@click=app.quit]q"
    with pytest.raises(Refused, match=f"at most {MAX_IMPACT_CHARS}"):
        impact_edit(0, "x" * (MAX_IMPACT_CHARS + 1))


def test_a_first_step_is_cleaned_as_the_console_cleans_one() -> None:
    assert first_step_edit(0, " Book\ta room\x07 ").value == "Book a room"
    assert first_step_edit(0, "  ").value is None  # removed, as if never set
    with pytest.raises(Refused, match=f"at most {MAX_IDEA_CHARS}"):
        first_step_edit(0, "x" * (MAX_IDEA_CHARS + 1))


def test_apply_changes_one_field_of_one_idea() -> None:
    before = make_outcomes()
    for edit in (
        status_edit(2, "done"),
        owners_edit(3, "Ana, Bo"),
        due_edit(0, ""),
        first_step_edit(1, "Book a room"),
        impact_edit(5, "Two retros so far"),
    ):
        after = apply(before, edit)
        old, new = before.model_dump(), after.model_dump()
        changed_idea = new["ideas"][edit.index]
        assert changed_idea.pop(edit.field) != old["ideas"][edit.index].pop(edit.field)
        assert new == old, "nothing else changed"
        assert make_outcomes() == before, "the original is untouched"


def test_apply_refuses_an_idea_that_is_not_there() -> None:
    with pytest.raises(Refused, match="no idea number 7"):
        apply(make_outcomes(), status_edit(6, "done"))


def test_current_values_start_the_dialogs() -> None:
    first = make_outcomes().ideas[0]
    assert current(first, "owners") == "Ana, Marcus"
    assert current(first, "due") == "2026-12-15"
    assert current(first, "impact") == ""
    assert current(first, "status") == "open"
