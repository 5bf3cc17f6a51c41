"""Reading the session file into a `Session` snapshot. Idea texts are read only once
revealed, and tallies only once voting has closed."""

from __future__ import annotations

import functools
import json
import sqlite3
from datetime import date

from rmworkshop.core.airtime import Round
from rmworkshop.core.people import Levels, Member
from rmworkshop.core.plan import Plan
from rmworkshop.core.session import Idea, Session, Voting
from rmworkshop.core.speaking import Hand, Turn
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.core.voting import Budget


def meta(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM meta").fetchall())


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def timer(db: sqlite3.Connection) -> tuple[int, PhaseTimer, float | None]:
    phase, state, deadline, remaining, entered = db.execute(
        "SELECT phase, state, deadline, remaining, entered FROM clock WHERE id = 1"
    ).fetchone()
    return phase, PhaseTimer(state, deadline, remaining), entered


def people(db: sqlite3.Connection) -> tuple[Member, ...]:
    rows = db.execute("SELECT id, name, level, present FROM people ORDER BY id").fetchall()
    return tuple(Member(pid, name, level, bool(present)) for pid, name, level, present in rows)


def owners(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    rows = db.execute(
        "SELECT o.idea, p.name FROM owners o JOIN people p ON p.id = o.person"
        " ORDER BY o.idea, o.position"
    )
    for idea, name in rows:
        out.setdefault(idea, []).append(name)
    return {key: tuple(names) for key, names in out.items()}


def revealed_ideas(db: sqlite3.Connection, with_votes: bool) -> tuple[Idea, ...]:
    owned = owners(db)
    rows = db.execute(
        "SELECT i.key, i.number, i.text, i.votes, m.number, i.due, i.first_step"
        " FROM ideas i LEFT JOIN ideas m ON m.key = i.merged_into"
        " WHERE i.number IS NOT NULL ORDER BY i.number"
    ).fetchall()
    return tuple(
        Idea(
            key=key,
            number=number,
            text=text,
            votes=votes if with_votes else None,
            merged_into=merged,
            owners=owned.get(key, ()),
            due=date.fromisoformat(due) if due else None,
            first_step=step,
        )
        for key, number, text, votes, merged, due, step in rows
    )


def turns(db: sqlite3.Connection) -> tuple[Turn, ...]:
    rows = db.execute(
        "SELECT person, started, ended, passed, round FROM turns ORDER BY id"
    ).fetchall()
    return tuple(Turn(p, s, e, bool(passed), r) for p, s, e, passed, r in rows)


@functools.lru_cache(maxsize=8)
def _agenda(stored: str) -> Plan:
    """The agenda was checked when the session was created, and it never changes."""
    return Plan.from_data(json.loads(stored))


def snapshot(db: sqlite3.Connection) -> Session:
    info = meta(db)
    index, phase_timer, entered = timer(db)
    closed = info.get("voting_closed") == "1"
    dots = info.get("dots")
    budget = Budget(int(dots), int(info["max_per_idea"])) if dots else None
    voted = frozenset(pid for (pid,) in db.execute("SELECT id FROM people WHERE voted = 1"))
    actual = dict(db.execute("SELECT idx, actual FROM phases").fetchall())
    agenda = _agenda(info["agenda"])
    (idea_count,) = db.execute("SELECT count(*) FROM ideas WHERE merged_into IS NULL").fetchone()
    return Session(
        agenda=agenda,
        agenda_name=info["agenda_name"],
        levels=Levels(json.loads(info["levels"])),
        seed=int(info["seed"]),
        index=index,
        timer=phase_timer,
        created=float(info["created"]),
        started=_float(info.get("started")),
        finished=_float(info.get("finished")),
        people=people(db),
        idea_count=idea_count,
        ideas=revealed_ideas(db, with_votes=closed),
        voting=Voting(
            opened=info.get("voting_opened") == "1",
            closed=closed,
            budget=budget,
            ballots=len(voted),
            voted=voted,
        ),
        rounds=tuple(
            Round(rid, junior)
            for rid, junior in db.execute("SELECT id, most_junior FROM rounds ORDER BY id")
        ),
        turns=turns(db),
        hands=tuple(
            Hand(pid, seq)
            for pid, seq in db.execute("SELECT person, sequence FROM hands ORDER BY sequence")
        ),
        actual_seconds=tuple(actual.get(i, 0.0) for i in range(len(agenda.phases))),
        entered=entered,
    )
