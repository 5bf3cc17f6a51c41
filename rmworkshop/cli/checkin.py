"""`rmworkshop checkin`: answer a pair check-in from a shell (for anyone without a device, and
for scripts), or, without --as, how many pairs have answered so far."""

from __future__ import annotations

import argparse

from rmworkshop.cli.options import opened
from rmworkshop.core.checkin import GOING_WORDS, MET_WORDS
from rmworkshop.core.errors import Refused
from rmworkshop.core.wording import counted


def checkin(options: argparse.Namespace) -> int:
    if options.name is None:
        if options.met or options.going or options.note:
            raise Refused("--met, --going and --note go with --as NAME.")
        with opened(options) as store:
            checkin = store.snapshot().checkin
        print(f"{checkin.pairs_answered()} of {counted(len(checkin.pairs), 'pair')} answered.")
        return 0
    if options.met is None or options.going is None:
        raise Refused("Answering needs --met 0|1|2-3|4+ and --going well|stuck|ended.")
    with opened(options) as store:
        answer = store.check_in(options.name, options.met, options.going, options.note)
    print(f"Checked in: met {MET_WORDS[answer.met]}, {GOING_WORDS[answer.going]}.")
    return 0
