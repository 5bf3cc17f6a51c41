"""Every rule of a live workshop, once: pure checks that raise `Refused` with the reason.

The store runs them inside its write transaction before it changes anything; the consoles,
the web page and the commands ask `allowed` what to offer. Nothing here reads a file, a
database or the wall clock.

- `stage`: where the session stands, in the few facts the busiest rule needs
- `phases`: start, next, back, pause, resume, extend
- `ideas`: submit, reveal, merge, owners
- `ballots`: casting and closing the vote
- `speaking`: turns and hands
- `people`: joining, and finding a person by name
- `moves`: what a phase move changes; `pairs`: forming and swapping mentoring pairs
- `checkin`: pair check-ins: who answers when, and when answers may be read
- `offers`: what a console offers, from `allowed`
- `actions`: `Action`, `Role` and `allowed`
"""

from rmworkshop.core.rules.actions import REPERTOIRE, Action, Role, allowed, why_not

__all__ = ["REPERTOIRE", "Action", "Role", "allowed", "why_not"]
