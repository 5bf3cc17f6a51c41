"""Due dates as people type them: one rule for the `own` command, the facilitator's owners
dialog and the leader's review, the calendar form YYYY-MM-DD that DESIGN.md documents."""

from __future__ import annotations

import re
from datetime import date

from rmworkshop.core.errors import Refused

DUE_FORMAT = "YYYY-MM-DD"
DUE_EXAMPLE = "2026-12-15"
# ASCII digits only: `\d` would also take Arabic-Indic or fullwidth digits.
_CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_due(typed: str) -> date | None:
    """The date typed, None when nothing was typed, or `Refused` saying how to write it.

    `date.fromisoformat` alone would also take ``20261215`` and the ISO week date
    ``2026-W50-1``; the outcomes file and the documented commands use only the calendar form.
    """
    text = typed.strip()
    if not text:
        return None
    if not _CALENDAR_DATE.fullmatch(text):
        raise Refused(f"{text!r} is not a date; write it as {DUE_FORMAT}, e.g. {DUE_EXAMPLE}.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(f"{text} is not a day in the calendar.") from None


def check_due(due: date, today: date, current: date | None = None) -> None:
    """A due date set in a session is today or later; a date already on the idea may stay.

    Refused otherwise, saying so: a date in the past is almost always a typo (a year, a month),
    and an action born overdue helps nobody. A leader reviewing later edits without this rule.
    """
    if due < today and due != current:
        raise Refused(
            f"{due.isoformat()} has already passed; give a due date from today"
            f" ({today.isoformat()}) on."
        )
