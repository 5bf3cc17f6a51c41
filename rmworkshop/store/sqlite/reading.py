"""Reading the session file into a `Session` snapshot. Idea texts are read only once
revealed, and tallies only once voting has closed. Every text read is cleaned again, since
another program may have written the file: nothing from it reaches a screen raw."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from rmworkshop.core.airtime import Round
from rmworkshop.core.checkin import Checkin
from rmworkshop.core.people import Levels, Member
from rmworkshop.core.plan import Plan
from rmworkshop.core.session import Idea, Session, Voting
from rmworkshop.core.speaking import Hand, Turn
from rmworkshop.core.text import clean_read, tidy_read
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.core.voting import Budget
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite import checkins, pairs, problems

if TYPE_CHECKING:
    from rmworkshop.store.contract import Device

T = TypeVar("T")


def meta(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM meta").fetchall())


def timer(db: Database) -> tuple[int, PhaseTimer, float | None]:
    phase, state, deadline, remaining, entered = problems.clock_row(
        db.execute(
            "SELECT phase, state, deadline, remaining, entered FROM clock WHERE id = 1"
        ).fetchone(),
    )
    return phase, PhaseTimer(state, deadline, remaining), entered


def people(db: Database, cache: ReadCache | None = None) -> tuple[Member, ...]:
    rows = db.execute(
        "SELECT id, name, level, present, team, teaches, learns, mentor FROM people ORDER BY id"
    ).fetchall()
    # A thousand rows compared cost far less than made again.
    return reused(cache, "people", rows, lambda: _members(rows))


def _members(rows: list[tuple[Any, ...]]) -> tuple[Member, ...]:
    return tuple(
        Member(
            pid,
            tidy_read(name),
            clean_read(level),
            bool(present),
            tidy_read(team) if team else None,
            pairs.read_topics(teaches),
            pairs.read_topics(learns),
            bool(mentor),
        )
        for pid, name, level, present, team, teaches, learns, mentor in rows
    )


VOTERS = "SELECT id, name, level, present, voted FROM people ORDER BY id"


def voters(db: Database) -> tuple[tuple[Member, ...], frozenset[int]]:
    """The people as their names, levels and presence alone, and the ids of those who have
    voted: what a ballot's checks read of them."""
    rows = db.execute(VOTERS).fetchall()
    members = tuple(
        Member(pid, tidy_read(name), clean_read(level), bool(present))
        for pid, name, level, present, _ in rows
    )
    return members, frozenset(pid for pid, *_, voted in rows if voted == 1)


def owners(db: Database) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    rows = db.execute(
        "SELECT o.idea, p.name FROM owners o JOIN people p ON p.id = o.person"
        " ORDER BY o.idea, o.position"
    )
    for idea, name in rows:
        out.setdefault(idea, []).append(tidy_read(name))
    return {key: tuple(names) for key, names in out.items()}


class ReadCache:
    """The last ideas, people and devices read through one handle, each with the rows it was
    made from: reads that find the rows unchanged reuse what was made. Each is one attribute,
    set at once, so that a handle read from two threads never pairs rows with another read's
    result."""

    def __init__(self) -> None:
        self.ideas: tuple[object, tuple[Idea, ...]] = (None, ())
        self.people: tuple[object, tuple[Member, ...]] = (None, ())
        self.devices: tuple[object, dict[str, Device]] = (None, {})

    def reuse(self, part: str, rows: object, make: Callable[[], T]) -> T:
        """What was made of ``rows`` for ``part`` (ideas, people or devices) last time, when
        they are the same rows; else made now, and kept."""
        earlier, made = getattr(self, part)
        if earlier == rows:
            return cast(T, made)
        fresh = make()
        setattr(self, part, (rows, fresh))
        return fresh


def reused(cache: ReadCache | None, part: str, rows: object, make: Callable[[], T]) -> T:
    """`ReadCache.reuse`, or made now when there is no cache."""
    return make() if cache is None else cache.reuse(part, rows, make)


def revealed_ideas(
    db: Database, with_votes: bool, cache: ReadCache | None = None, texts: bool = True
) -> tuple[Idea, ...]:
    if not texts:
        return _numbered(db)
    owned = owners(db)
    # One pass over the table, then a sort in Python: SQLite would otherwise join the table
    # to itself and sort every row's text along with it, several times slower at 5,000 ideas.
    # Tallies stay unread while they are secret: a ballot then changes no row read here, so
    # the ideas cached before it are still good after it.
    votes = "votes" if with_votes else "NULL"
    rows = db.execute(
        f"SELECT key, number, text, {votes}, merged_into, due, first_step"
        " FROM ideas WHERE number IS NOT NULL"
    ).fetchall()
    rows.sort(key=lambda row: row[1])
    # Comparing rows is far cheaper than building thousands of ideas.
    return reused(
        cache, "ideas", (with_votes, rows, owned), lambda: _ideas(rows, owned, with_votes)
    )


def _ideas(
    rows: list[tuple[Any, ...]], owned: dict[str, tuple[str, ...]], with_votes: bool
) -> tuple[Idea, ...]:
    numbers = {row[0]: row[1] for row in rows}
    return tuple(
        Idea(
            key=key,
            number=number,
            text=clean_read(text),
            votes=votes if with_votes else None,
            merged_into=numbers.get(merged) if merged is not None else None,
            owners=owned.get(key, ()),
            due=problems.due_date(due, number),
            first_step=clean_read(step) if step is not None else None,
        )
        for key, number, text, votes, merged, due, step in rows
    )


def _numbered(db: Database) -> tuple[Idea, ...]:
    """The revealed ideas as their numbers and merges alone: empty texts, no tallies, owners,
    due dates or first steps (what the checks of a ballot need, without thousands of texts)."""
    rows = db.execute("SELECT key, number, merged_into FROM ideas WHERE number IS NOT NULL")
    ordered = sorted(rows.fetchall(), key=lambda row: row[1])
    numbers = {key: number for key, number, _ in ordered}
    return tuple(
        Idea(key, number, "", merged_into=numbers.get(merged) if merged is not None else None)
        for key, number, merged in ordered
    )


def turns(db: Database) -> tuple[Turn, ...]:
    rows = db.execute(
        "SELECT person, started, ended, passed, round FROM turns ORDER BY id"
    ).fetchall()
    return tuple(Turn(p, s, e, bool(passed), r) for p, s, e, passed, r in rows)


def agenda(stored: str) -> Plan:
    """The agenda was checked when the session was created, and it never changes."""
    try:
        return _plan(stored)
    except problems.BAD_VALUE:
        raise problems.Damaged("its agenda is not a valid agenda") from None


@functools.lru_cache(maxsize=8)
def _plan(stored: str) -> Plan:
    return Plan.from_data(json.loads(stored))


def snapshot(db: Database, cache: ReadCache | None = None, texts: bool = True) -> Session:
    """The whole session as the transaction sees it; without ``texts``, its ideas are their
    numbers alone (`_numbered`), for a write whose checks read nothing else of them."""
    info = meta(db)
    index, phase_timer, entered = timer(db)
    closed = info.get("voting_closed") == "1"
    dots = problems.optional_setting(info, "dots", problems.whole_number, "a whole number")
    budget = (
        Budget(dots, problems.setting(info, "max_per_idea", problems.whole_number, "a number"))
        if dots
        else None
    )
    voted = frozenset(pid for (pid,) in db.execute("SELECT id FROM people WHERE voted = 1"))
    phase_rows = db.execute("SELECT idx, actual, left_remaining FROM phases").fetchall()
    actual = {idx: spent for idx, spent, _ in phase_rows}
    left = {idx: remaining for idx, _, remaining in phase_rows}
    plan = problems.setting(info, "agenda", agenda, "a valid agenda")
    if not 0 <= index < len(plan.phases):
        raise problems.Damaged(f"its clock is at phase {index}, not in the agenda")
    members = people(db, cache)
    (idea_count,) = db.execute("SELECT count(*) FROM ideas WHERE merged_into IS NULL").fetchone()
    return Session(
        agenda=plan,
        agenda_name=problems.setting(info, "agenda_name", clean_read, "text"),
        levels=Levels(
            [
                clean_read(level)
                for level in problems.setting(info, "levels", problems.names, "a list of levels")
            ]
        ),
        seed=problems.setting(info, "seed", problems.whole_number, "a whole number"),
        index=index,
        timer=phase_timer,
        created=problems.setting(info, "created", float, "a time"),
        started=problems.optional_setting(info, "started", float, "a time"),
        finished=problems.optional_setting(info, "finished", float, "a time"),
        people=members,
        idea_count=idea_count,
        ideas=revealed_ideas(db, with_votes=closed, cache=cache, texts=texts),
        voting=Voting(
            opened=info.get("voting_opened") == "1",
            closed=closed,
            budget=budget,
            ballots=len(voted),
            voted=voted,
        ),
        rounds=tuple(
            Round(rid, junior, phase)
            for rid, junior, phase in db.execute(
                "SELECT id, most_junior, phase FROM rounds ORDER BY id"
            )
        ),
        turns=turns(db),
        hands=tuple(
            Hand(pid, seq)
            for pid, seq in db.execute("SELECT person, sequence FROM hands ORDER BY sequence")
        ),
        actual_seconds=tuple(actual.get(i, 0.0) for i in range(len(plan.phases))),
        entered=entered,
        pairings=pairs.read_pairings(db, members) if "pairs" in plan_kinds(plan) else {},
        pair_history_files=pairs.read_history(info.get(pairs.HISTORY_KEY)),
        left_seconds=tuple(left.get(i) for i in range(len(plan.phases))),
        roster_closed=info.get("roster_closed") == "1",
        checkin=(
            checkins.read(db, info, members, plan, index, phase_timer.state == "finished")
            if "checkin" in plan_kinds(plan)
            else Checkin()
        ),
    )


def plan_kinds(plan: Plan) -> frozenset[str]:
    return frozenset(phase.kind for phase in plan.phases)
