"""Pair check-ins: the questions a follow-up session asks each member of an earlier mentoring
pair, what an answer may hold, and what a pair's answers say about it.

The pairs are the latest ones of earlier sessions (the outcomes files given with --history).
Each person present who belongs to one answers once: how often the pair has met since it was
formed, how it is going, and optionally one thing learned or changed. Pairs name people on
purpose; still, one person's answers are shown to nobody while the check-in phase runs (the
session holds only who has answered), so nobody answers under the room's eyes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple, get_args

from rmworkshop.core.errors import Refused
from rmworkshop.core.text import clean

Met = Literal["0", "1", "2-3", "4+"]
MET: tuple[Met, ...] = get_args(Met)
MET_WORDS: dict[Met, str] = {
    "0": "not yet",
    "1": "once",
    "2-3": "2-3 times",
    "4+": "4 or more times",
}
"""How often the pair has met since it was formed, in words for screens and summaries."""

Going = Literal["well", "stuck", "ended"]
GOING: tuple[Going, ...] = get_args(Going)
GOING_WORDS: dict[Going, str] = {"well": "going well", "stuck": "stuck", "ended": "ended"}

Progress = Literal["open", "met", "stuck", "ended"]
"""A pair's status as its answers say it (the outcomes' pair statuses)."""

MAX_NOTE_CHARS = 280
"""The optional "one thing learned or changed": a short text, like a message."""

READERS = (
    "Who reads your answers: the facilitator and the programme's leaders, in the session's "
    "outcomes file and report, with your name. Nobody sees them while this check-in runs."
)
"""What every screen says before anyone types, in the same words everywhere."""


class CheckinPair(NamedTuple):
    """A pair (or trio) of an earlier session, as its outcomes file named it."""

    mentors: tuple[str, ...]
    mentees: tuple[str, ...]
    topics: tuple[str, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        return self.mentors + self.mentees

    def has(self, name: str) -> bool:
        return key(name) in {key(person) for person in self.people}


class Answer(NamedTuple):
    met: Met
    going: Going
    note: str = ""


class Checkin(NamedTuple):
    """What a session holds of its check-in: the pairs, who has answered and, once no
    check-in phase is running, the answers themselves."""

    pairs: tuple[CheckinPair, ...] = ()
    answered: frozenset[str] = frozenset()
    """Who has answered, by `key` of their name."""
    answers: Mapping[str, Answer] | None = None
    """Each answer by `key` of its person's name; None while a check-in phase runs."""

    def pair_of(self, name: str) -> CheckinPair | None:
        return next((pair for pair in self.pairs if pair.has(name)), None)

    def has_answered(self, name: str) -> bool:
        return key(name) in self.answered

    def pairs_answered(self) -> int:
        """Pairs with at least one member's answer: all the facilitator sees while it runs."""
        return sum(1 for pair in self.pairs if any(key(p) in self.answered for p in pair.people))


def key(name: str) -> str:
    """How names are compared: case-insensitively, as the roster does."""
    return name.casefold()


def clean_note(text: str) -> str:
    """The optional note as stored, or `Refused` when it is longer than the limit."""
    cleaned = clean(text)
    if len(cleaned) > MAX_NOTE_CHARS:
        raise Refused(
            f"The note can be at most {MAX_NOTE_CHARS} characters; this one has {len(cleaned)}."
        )
    return cleaned


def answer_of(met: str, going: str, note: str = "") -> Answer:
    """An answer from what a person picked and typed, or `Refused` naming the choices."""
    if met not in MET:
        raise Refused(f"How often the pair met is one of {', '.join(MET)}.")
    if going not in GOING:
        raise Refused(f"How it is going is one of {', '.join(GOING)}.")
    return Answer(met, going, clean_note(note))


def checkin_pairs(
    groups: Iterable[tuple[Sequence[str], Sequence[str], Sequence[str]]],
) -> tuple[CheckinPair, ...]:
    """Pairs to check in from (mentors, mentees, topics), names cleaned; a person named in two
    of them belongs to the first only, so each person has one pair to answer for."""
    seen: set[str] = set()
    pairs = []
    for mentors, mentees, topics in groups:
        tidy = [tuple(" ".join(clean(n).split()) for n in names) for names in (mentors, mentees)]
        people = {key(name) for names in tidy for name in names}
        if not all(tidy) or any(not name for names in tidy for name in names) or people & seen:
            continue
        seen |= people
        pairs.append(CheckinPair(tidy[0], tidy[1], tuple(clean(t) for t in topics if clean(t))))
    return tuple(pairs)


def progress(answers: Sequence[Answer]) -> Progress:
    """A pair's status from its members' answers: ended if anyone says it ended, stuck if
    anyone says it is stuck, met if anyone says they met; open otherwise (no answer at all,
    or nobody has met yet)."""
    if any(answer.going == "ended" for answer in answers):
        return "ended"
    if any(answer.going == "stuck" for answer in answers):
        return "stuck"
    if any(answer.met != "0" for answer in answers):
        return "met"
    return "open"


def impact(answers: Sequence[tuple[str, Answer]]) -> str:
    """The notes of a pair's members, each with its writer's name, one after the other."""
    return " / ".join(f"{name}: {answer.note}" for name, answer in answers if answer.note)
