"""What a pairing means to the people running it: why anyone is unmatched, in a trio or
mentoring at their own level, and the fairness figures the export reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rmworkshop.core.pairing import History, Pairing, key, shared_topics
from rmworkshop.core.people import Levels, Member


def explain(
    pairing: Pairing, members: Iterable[Member], levels: Levels, history: History | None = None
) -> tuple[str, ...]:
    """One line per reason, in the order of the groups; nothing when nothing needs saying."""
    history = history or History()
    present = [person for person in members if person.present]
    by_key = {key(person.name): person for person in present}
    notes: list[str] = []
    present_levels = {levels.rank(person.level) for person in present}
    one_level = len(present) > 1 and len(present_levels) == 1
    if one_level:
        notes.append(
            f"Everyone present is {present[0].level}: nobody can mentor someone more senior,"
            " so everyone is paired within that level."
        )
    for group in pairing.groups:
        if len(group.people) == 3:
            reason = (
                "the facilitator's swap made this group"
                if group.pinned
                else f"{len(present)} people are present, an odd number"
            )
            notes.append(f"Trio: {_names(group.people)}, because {reason}.")
        for mentor_name in group.mentors:
            for mentee_name in group.mentees:
                mentor, mentee = by_key.get(key(mentor_name)), by_key.get(key(mentee_name))
                if mentor is None or mentee is None:
                    continue
                if history.met(mentor.name, mentee.name):
                    why = "the facilitator swapped them" if group.pinned else "no other choice"
                    notes.append(f"{mentor.name} and {mentee.name} met before: {why}.")
                if not one_level and levels.rank(mentor.level) >= levels.rank(mentee.level):
                    notes.append(_not_junior(mentor, mentee, levels, group.pinned))
    willing = sum(person.mentor for person in present)
    for name in pairing.unmatched:
        if len(present) == 1:
            notes.append(f"{name} is the only person present: there is nobody to pair with.")
        else:
            notes.append(
                f"{name} is not paired: only {willing} of the {len(present)} people present"
                " are willing to mentor."
            )
    notes.extend(
        f"{name} is out of the pairs: the facilitator swapped them out."
        for name in pairing.set_aside
    )
    return tuple(notes)


def relation(mine: str, theirs: str) -> str:
    """How a partner stands to the person reading: "your mentee", or in a trio of two mentees
    (or two mentors) "also a mentee", never "your mentee" for someone learning beside them."""
    return f"also a {theirs}" if mine == theirs else f"your {theirs}"


def partner(name: str, level: str, mine: str, theirs: str) -> str:
    """One partner as a participant reads them: "Chen (junior), your mentee"."""
    return f"{name} ({level}), {relation(mine, theirs)}"


def partner_line(
    partners: Sequence[tuple[str, str]],
    topics: Sequence[str],
    roles: tuple[str, Sequence[str]] | None = None,
) -> str:
    """What a participant reads: "You are paired with Eve (executive) · talk about: AI tools".

    With `roles` (the reader's role and each partner's), each partner says how they stand to
    the reader: "Eve (executive), your mentee and Chen (junior), also a mentor".
    """
    if roles is None:
        who = " and ".join(f"{name} ({level})" for name, level in partners)
    else:
        mine, theirs = roles
        who = " and ".join(
            partner(name, level, mine, role)
            for (name, level), role in zip(partners, theirs, strict=True)
        )
    return f"You are paired with {who}" + (f" · talk about: {', '.join(topics)}" if topics else "")


def group_line(
    mentors: Sequence[tuple[str, str]], mentees: Sequence[tuple[str, str]], topics: Sequence[str]
) -> str:
    """One pair for everyone to read: "Ana (intern) mentors Eve (executive) · AI tools"."""

    def who(people: Sequence[tuple[str, str]]) -> str:
        return " and ".join(f"{name} ({level})" for name, level in people)

    line = f"{who(mentors)} mentors {who(mentees)}"
    return line + (f" · talk about: {', '.join(topics)}" if topics else "")


def _not_junior(mentor: Member, mentee: Member, levels: Levels, pinned: bool) -> str:
    where = "at the same level" if mentor.level == mentee.level else "though more senior"
    if pinned:
        why = "the facilitator swapped them"
    elif not mentee.mentor and levels.rank(mentee.level) < levels.rank(mentor.level):
        why = f"{mentee.name} does not want to mentor"
    else:
        why = "nobody more junior and willing to mentor was free"
    return f"{mentor.name} ({mentor.level}) mentors {mentee.name} ({mentee.level}) {where}: {why}."


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}"


@dataclass(frozen=True)
class Fairness:
    groups: int
    crossing_two_levels: float
    """Share of groups whose mentors all sit two or more levels below all their mentees."""
    learners: int
    """Mentees who named something they want to learn."""
    learns_met: float
    """Share of those learners whose mentor teaches at least one of their topics."""
    repeats: int
    """Mentor-mentee links that met before."""
    repeats_avoided: int
    """Earlier pairs with both people present now who are not put together again."""


def fairness(
    pairing: Pairing, members: Iterable[Member], levels: Levels, history: History | None = None
) -> Fairness:
    """The figures for one pairing; everyone it placed counts, whoever has left since."""
    history = history or History()
    by_key = {key(person.name): person for person in members}
    crossing = learners = met = repeats = 0
    together: set[frozenset[str]] = set()
    for group in pairing.groups:
        mentors = [by_key[key(n)] for n in group.mentors if key(n) in by_key]
        mentees = [by_key[key(n)] for n in group.mentees if key(n) in by_key]
        gaps = [levels.rank(b.level) - levels.rank(a.level) for a in mentors for b in mentees]
        crossing += bool(gaps) and min(gaps) >= 2
        for mentee in mentees:
            if mentee.learns:
                learners += 1
                met += any(shared_topics(mentor, mentee) for mentor in mentors)
        repeats += sum(history.met(a.name, b.name) for a in mentors for b in mentees)
        together.update(
            frozenset((key(a), key(b))) for a in group.people for b in group.people if a != b
        )
    placed = [n for g in pairing.groups for n in g.people] + [*pairing.unmatched]
    earlier = history.pairs_among([*placed, *pairing.set_aside])
    return Fairness(
        groups=len(pairing.groups),
        crossing_two_levels=_share(crossing, len(pairing.groups)),
        learners=learners,
        learns_met=_share(met, learners),
        repeats=repeats,
        repeats_avoided=len(earlier - together),
    )


def combined(figures: Sequence[Fairness]) -> Fairness:
    """The figures of several pairs phases as one: counts add up, shares are weighted."""
    groups = sum(f.groups for f in figures)
    learners = sum(f.learners for f in figures)
    return Fairness(
        groups=groups,
        crossing_two_levels=_share(
            round(sum(f.crossing_two_levels * f.groups for f in figures)), groups
        ),
        learners=learners,
        learns_met=_share(round(sum(f.learns_met * f.learners for f in figures)), learners),
        repeats=sum(f.repeats for f in figures),
        repeats_avoided=sum(f.repeats_avoided for f in figures),
    )


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
