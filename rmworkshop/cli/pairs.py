"""`rmworkshop pairs`: the mentoring pairs, with history from earlier sessions and swaps."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from rmworkshop.cli.history import add_history, read_history
from rmworkshop.cli.options import opened
from rmworkshop.core.pairing import Group
from rmworkshop.core.pairing_notes import explain, group_line
from rmworkshop.core.session import Session


def pairs(options: argparse.Namespace) -> int:
    history = read_history(options.history)  # a bad file is refused before any change
    with opened(options) as store:
        add_history(store, history)
        if options.swap:
            store.swap_pairs(*options.swap)
        session = store.snapshot()
    found = session.latest_pairing()
    groups = found[1].groups if found else ()
    if options.json:
        rows = [
            {"mentors": list(g.mentors), "mentees": list(g.mentees), "topics": list(g.topics)}
            for g in groups
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if found is None:
        print("No pairs yet: they are formed when a pairs phase starts.")
        return 0
    index, pairing = found
    print(f"{session.agenda.phases[index].name}: {len(groups)} groups")
    for group in groups:
        print(describe(group, session))
    for note in explain(pairing, session.people, session.levels, session.pair_history(index)):
        print(f"  {note}")
    return 0


def describe(group: Group, session: Session) -> str:
    """ "Ana (intern) mentors Eve (executive) · talk about: AI tools"."""

    def who(names: Sequence[str]) -> list[tuple[str, str]]:
        found = (session.person(name) for name in names)
        return [(person.name, person.level) for person in found if person is not None]

    return group_line(who(group.mentors), who(group.mentees), group.topics)
