"""Mentoring pairs in the session file: formed when a pairs phase starts, changed by the
facilitator's swaps or by more history, and read back for every console, command and export.

The rules are the core's (`rmworkshop.core.pairing`, `rmworkshop.core.rules.pairs`); this
module only stores their result, inside the caller's write transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from rmworkshop.core.pairing import Group, Pairing, group_topics, key
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.text import tidy_read
from rmworkshop.store.database import Database

HISTORY_KEY = "pairs_history"
"""Meta key: earlier groups (lists of names) from outcomes files given with --history."""


def profile_columns(profile: Profile) -> tuple[str | None, str, str, int]:
    """A profile as the people table's team, teaches, learns and mentor columns."""
    return (
        profile.team,
        json.dumps(list(profile.teaches), ensure_ascii=False),
        json.dumps(list(profile.learns), ensure_ascii=False),
        int(profile.mentor),
    )


def read_topics(stored: str) -> tuple[str, ...]:
    """Topics from the file, cleaned again: another program may have written them."""
    try:
        values = json.loads(stored)
    except ValueError:
        return ()
    if not isinstance(values, list):
        return ()
    return tuple(topic for topic in (tidy_read(str(v)) for v in values) if topic)


def read_history(stored: str | None) -> tuple[tuple[str, ...], ...]:
    try:
        groups = json.loads(stored or "[]")
    except ValueError:
        return ()
    if not isinstance(groups, list):
        return ()
    return tuple(
        tuple(tidy_read(str(name)) for name in group) for group in groups if isinstance(group, list)
    )


def history_value(stored: Sequence[Sequence[str]], more: Iterable[Sequence[str]]) -> str:
    return json.dumps([list(group) for group in (*stored, *more)], ensure_ascii=False)


def read_pairings(db: Database, people: Sequence[Member]) -> dict[int, Pairing]:
    by_id = {person.id: person for person in people}
    rows = db.execute(
        "SELECT phase, person, grp, role, pinned FROM pairs ORDER BY phase, grp, person"
    ).fetchall()
    phases: dict[int, dict[str, list[tuple[int | None, Member, bool]]]] = {}
    for phase, person, group, role, pinned in rows:
        if person in by_id:
            roles = phases.setdefault(phase, {})
            roles.setdefault(role, []).append((group, by_id[person], bool(pinned)))
    return {phase: _pairing(roles) for phase, roles in phases.items()}


def _pairing(roles: dict[str, list[tuple[int | None, Member, bool]]]) -> Pairing:
    mentors: dict[int, list[Member]] = {}
    mentees: dict[int, list[Member]] = {}
    pinned: set[int] = set()
    for role, found in (("mentor", mentors), ("mentee", mentees)):
        for group, member, is_pinned in roles.get(role, []):
            if group is not None:
                found.setdefault(group, []).append(member)
                if is_pinned:
                    pinned.add(group)
    return Pairing(
        tuple(
            Group(
                tuple(m.name for m in mentors[group]),
                tuple(m.name for m in mentees[group]),
                group_topics(mentors[group], mentees[group]),
                group in pinned,
            )
            for group in sorted(mentors.keys() & mentees.keys())
        ),
        tuple(member.name for _, member, _ in roles.get("unmatched", [])),
        tuple(member.name for _, member, _ in roles.get("aside", [])),
    )


def write_pairing(db: Database, index: int, pairing: Pairing, people: Sequence[Member]) -> None:
    ids = {key(person.name): person.id for person in people}
    rows: list[tuple[int, int, int | None, str, int]] = []
    for number, group in enumerate(pairing.groups):
        for role, names in (("mentor", group.mentors), ("mentee", group.mentees)):
            rows += [(index, ids[key(n)], number, role, int(group.pinned)) for n in names]
    for role, names in (("unmatched", pairing.unmatched), ("aside", pairing.set_aside)):
        rows += [(index, ids[key(n)], None, role, 0) for n in names]
    db.execute("DELETE FROM pairs WHERE phase = ?", (index,))
    db.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?, ?)", rows)
