"""Pair check-ins in a session, on either backend: the earlier pairs to check in (a meta
value) and each person's answer (the `checkins` table), read back into the snapshot as the core
allows: who has answered always, the answers only while no check-in phase runs
(`rmworkshop.core.rules.checkin.answers_shown`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from rmworkshop.core.checkin import GOING, MET, Answer, Checkin, CheckinPair, key
from rmworkshop.core.people import Member
from rmworkshop.core.plan import Plan
from rmworkshop.core.rules.checkin import answers_shown
from rmworkshop.core.text import clean_read, tidy_read
from rmworkshop.store.database import Database

PAIRS_KEY = "checkin_pairs"
"""Meta key: the pairs to check in, as [[mentors], [mentees], [topics]] lists of names."""


def pairs_value(pairs: Sequence[CheckinPair]) -> str:
    return json.dumps(
        [[list(p.mentors), list(p.mentees), list(p.topics)] for p in pairs], ensure_ascii=False
    )


def read_pairs(stored: str | None) -> tuple[CheckinPair, ...]:
    """The pairs as stored, their names cleaned again: another program may have written them."""
    try:
        rows = json.loads(stored or "[]")
    except ValueError:
        return ()
    if not isinstance(rows, list):
        return ()
    pairs = []
    for row in rows:
        if isinstance(row, list) and len(row) == 3 and all(isinstance(part, list) for part in row):
            mentors, mentees, topics = (tuple(tidy_read(str(v)) for v in part) for part in row)
            if mentors and mentees:
                pairs.append(CheckinPair(mentors, mentees, topics))
    return tuple(pairs)


def read(
    db: Database,
    info: Mapping[str, str],
    people: Sequence[Member],
    plan: Plan,
    index: int,
    finished: bool,
) -> Checkin:
    names = {person.id: key(person.name) for person in people}
    rows = db.execute("SELECT person, met, going, note FROM checkins").fetchall()
    answered = frozenset(names[person] for person, *_ in rows if person in names)
    answers = None
    if answers_shown(plan.phases, index, finished):
        answers = {
            names[person]: Answer(met, going, clean_read(note))
            for person, met, going, note in rows
            if person in names and met in MET and going in GOING
        }
    return Checkin(read_pairs(info.get(PAIRS_KEY)), answered, answers)


def write_answer(db: Database, person: int, answer: Answer) -> None:
    db.execute(
        "INSERT INTO checkins (person, met, going, note) VALUES (?, ?, ?, ?)",
        (person, answer.met, answer.going, answer.note),
    )
