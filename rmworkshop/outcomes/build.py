"""Building the outcomes of a session: ranked ideas with owners, timings and airtime."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from rmworkshop.core.checkin import impact, key, progress
from rmworkshop.core.pairing_notes import combined, fairness
from rmworkshop.core.session import Session
from rmworkshop.outcomes import schema as out


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(round(epoch), tz=UTC)


def build(
    session: Session,
    merged: Mapping[int, Sequence[str]],
    now: float,
) -> out.Outcomes:
    """Outcomes from a snapshot and the texts merged into each idea.

    The snapshot holds tallies only once voting has closed; before that every idea stands
    at zero, so an export never reveals a running vote.
    """
    ideas = {idea.number: idea for idea in session.votable}
    ranked = session.ranking()
    headcount: dict[str, int] = {}
    for level in session.levels.names:
        count = sum(1 for m in session.people if m.level == level)
        if count:
            headcount[level] = count
    air = session.airtime(now)
    formed = sorted(session.pairings.items())
    figures = [
        fairness(pairing, session.people, session.levels, session.pair_history(index))
        for index, pairing in formed
    ]
    budget = session.budget()
    checked = checkin_pairs(session)
    return out.Outcomes(
        version=out.CHECKIN_VERSION if checked else out.VERSION,
        session=out.SessionInfo(
            title=session.agenda.title,
            agenda=session.agenda_name,
            started=_when(session.started if session.started is not None else session.created),
            finished=_when(session.finished) if session.finished is not None else None,
            participants=len(session.people),
            headcount=headcount,
        ),
        voting=out.VotingInfo(
            dots_per_person=budget.dots,
            max_per_idea=budget.max_per_idea,
            ballots=session.voting.ballots,
        ),
        ideas=[
            out.Idea(
                rank=r.rank,
                tied=r.tied,
                text=ideas[r.number].text,
                votes=r.votes,
                owners=list(ideas[r.number].owners),
                due=ideas[r.number].due,
                first_step=ideas[r.number].first_step,
                merged=list(merged.get(r.number, ())),
            )
            for r in ranked
        ],
        pairs=[
            *(
                out.Pair(mentors=list(g.mentors), mentees=list(g.mentees), topics=list(g.topics))
                for _, pairing in formed
                for g in pairing.groups
            ),
            *checked,
        ],
        pairing=out.PairingInfo(**vars(combined(figures))) if figures else None,
        phases=[
            out.PhaseTime(
                name=phase.name,
                kind=phase.kind,
                planned_seconds=phase.planned_seconds,
                actual_seconds=round(session.phase_actual(index, now)),
            )
            for index, phase in enumerate(session.agenda.phases)
        ],
        airtime=out.AirtimeInfo(
            gini=round(air.gini, 3),
            silent=air.silent,
            junior_first_share=(
                round(air.junior_first_share, 3) if air.junior_first_share is not None else None
            ),
            levels=[
                out.LevelAirtime(
                    level=level.level,
                    people=level.people,
                    turns=level.turns,
                    seconds=round(level.seconds),
                    share_of_time=round(level.share_of_time, 3),
                    share_of_people=round(level.share_of_people, 3),
                )
                for level in air.levels
            ],
        ),
    )


def checkin_pairs(session: Session) -> list[out.Pair]:
    """The pairs a check-in phase asked about, each with its members' own answers (in the
    pair's order), the status and impact they give, and whether anyone answered. None while
    a check-in phase runs: an export then holds no answer, as it holds no running vote."""
    answers = session.checkin.answers
    if answers is None or not any(p.kind == "checkin" for p in session.agenda.phases):
        return []
    pairs = []
    for pair in session.checkin.pairs:
        given = [(name, answers[key(name)]) for name in pair.people if key(name) in answers]
        pairs.append(
            out.Pair(
                mentors=list(pair.mentors),
                mentees=list(pair.mentees),
                topics=list(pair.topics),
                status=progress([answer for _, answer in given]),
                impact=impact(given),
                checked_in=bool(given),
                answers=[
                    out.CheckinAnswer(name=name, met=a.met, going=a.going, note=a.note)
                    for name, a in given
                ],
            )
        )
    return pairs
