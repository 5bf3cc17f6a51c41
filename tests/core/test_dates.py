"""One rule for due dates, YYYY-MM-DD only, whichever front end a date is typed into."""

from __future__ import annotations

from datetime import date

import pytest

from rmworkshop.core.dates import parse_due
from rmworkshop.core.errors import Refused


def _digits(zero: int) -> str:
    """2026-12-15 in another script's digits, which `\\d` would take for ASCII ones."""
    return "2026-12-15".translate({ord(d): zero + int(d) for d in "0123456789"})


FULLWIDTH = _digits(0xFF10)
NOT_CALENDAR_DATES = [
    "2026-W50-1",  # an ISO week date: Python's date.fromisoformat takes it
    "2026W501",
    "20261215",  # the ISO basic form: fromisoformat takes it too
    "2026-349",  # an ordinal date
    "2026-12-15T10:00",
    "15/12/2026",
    FULLWIDTH,
    _digits(0x0660),  # Arabic-Indic digits
    "2026-12-5",
    "next friday",
]
"""Shared with the tests of each front end that reads a due date."""


@pytest.mark.parametrize("typed", NOT_CALENDAR_DATES)
def test_only_the_calendar_form_is_a_date(typed: str) -> None:
    with pytest.raises(Refused, match=r"is not a date; write it as YYYY-MM-DD, e\.g\. 2026-12-15"):
        parse_due(typed)


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-13-01", "2026-00-10"])
def test_a_day_that_is_not_in_the_calendar_is_refused(typed: str) -> None:
    with pytest.raises(Refused, match=f"^{typed} is not a day in the calendar"):
        parse_due(typed)


def test_a_date_or_nothing() -> None:
    assert parse_due(" 2026-12-15 ") == date(2026, 12, 15)
    assert parse_due("2028-02-29") == date(2028, 2, 29)
    assert parse_due("") is None
    assert parse_due("   ") is None


def test_the_refusal_shows_control_characters_escaped() -> None:
    with pytest.raises(Refused) as refused:
        parse_due("\x1b[2J2026-12-15")
    assert "\x1b" not in str(refused.value)


def test_a_past_due_date_is_refused_unless_it_is_the_one_already_set() -> None:
    from rmworkshop.core.dates import DUE_FORMAT, check_due

    today = date(2026, 11, 21)
    check_due(today, today)
    check_due(date(2026, 12, 1), today)
    check_due(date(2026, 11, 1), today, current=date(2026, 11, 1))
    with pytest.raises(Refused, match=r"^2026-11-20 has already passed; .*2026-11-21"):
        check_due(date(2026, 11, 20), today)
    assert DUE_FORMAT == "YYYY-MM-DD"
