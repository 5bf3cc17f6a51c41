"""Ballots and owners."""

from __future__ import annotations

import argparse

from rmworkshop.cli.options import number, opened
from rmworkshop.core.dates import parse_due
from rmworkshop.core.errors import Refused
from rmworkshop.core.rules.ideas import KEEP


def parse_choices(items: list[str]) -> dict[int, int]:
    choices: dict[int, int] = {}
    for item in items:
        idea, _, dots = item.partition("=")
        try:
            count = number(dots, "number of dots")
        except Refused:
            raise Refused(f"{item!r}: write each choice as IDEA=DOTS, for example 3=2.") from None
        key = number(idea)
        if key in choices:
            raise Refused(f"Idea #{key} is named twice; give its dots once.")
        choices[key] = count
    return choices


def ballot(options: argparse.Namespace) -> int:
    choices = parse_choices(options.choices)
    with opened(options) as store:
        store.cast_ballot(options.name, choices)
    print("Ballot cast.")
    return 0


def own(options: argparse.Namespace) -> int:
    idea = number(options.idea)
    # Left out, a due date or first step stays as it is; given empty, it is removed.
    due = KEEP if options.due is None else parse_due(options.due)
    step = KEEP if options.step is None else options.step
    with opened(options) as store:
        store.set_owners(idea, options.names, due=due, first_step=step)
        stored = store.snapshot().idea(idea)
    assert stored is not None
    # What was stored, cleaned, rather than the raw arguments back at the terminal.
    extra = (f", due {stored.due.isoformat()}" if stored.due else "") + (
        f", first step: {stored.first_step}" if stored.first_step else ""
    )
    print(f"Idea #{idea}: owners {', '.join(stored.owners) or 'none'}{extra}.")
    return 0
