"""Who is in the session."""

from __future__ import annotations

import argparse
import json

from rmworkshop.cli.options import opened
from rmworkshop.cli.parser_types import Handler
from rmworkshop.core.people import typed_profile


def add(options: argparse.Namespace) -> int:
    profile = typed_profile(options.team, options.teaches, options.learns, options.mentor)
    with opened(options) as store:
        member = store.add_person(options.name, options.level, profile)
    print(f"{member.name} ({member.level}) is in the session.")
    return 0


def presence(present: bool) -> Handler:
    def handler(options: argparse.Namespace) -> int:
        with opened(options) as store:
            member = store.set_present(options.name, present)
        print(f"{member.name} is marked {'present' if present else 'away'}.")
        return 0

    return handler


def listing(options: argparse.Namespace) -> int:
    with opened(options) as store:
        session = store.snapshot()
    people = sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.id))
    if options.json:
        rows = [
            {
                "name": m.name,
                "level": m.level,
                "present": m.present,
                "voted": m.id in session.voting.voted,
            }
            for m in people
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for m in people:
        print(f"{m.name}  ({m.level}{'' if m.present else ', away'})")
    return 0
