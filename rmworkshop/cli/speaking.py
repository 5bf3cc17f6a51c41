"""Speaking turns and raised hands."""

from __future__ import annotations

import argparse

from rmworkshop.cli.options import opened
from rmworkshop.core import names
from rmworkshop.core.text import tidy_name


def turn(options: argparse.Namespace) -> int:
    with opened(options) as store:
        if options.action == "next":
            member = store.turn_next()
            seconds = store.snapshot().agenda.speaking.turn_seconds
            print(f"{member.name} has the floor ({seconds} s).")
        elif options.action == "pass":
            print(f"{store.turn_pass().name} passed.")
        else:
            print(f"{store.turn_end().name}'s turn ended.")
    return 0


def hand(options: argparse.Namespace) -> int:
    with opened(options) as store:
        store.hand(options.name, options.action == "up")
        session = store.snapshot()
    if options.action == "up":
        queue = [m.name for m in session.hand_queue()]
        member = names.find(tidy_name(options.name), session.people)
        place = queue.index(member.name) + 1 if member and member.name in queue else None
        print(f"Hand raised; place {place} of {len(queue)}." if place else "Hand raised.")
    else:
        print("Hand lowered.")
    return 0
