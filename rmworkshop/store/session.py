"""`SessionStore`: every operation on a session file, each one short transaction.

The rules come from `rmworkshop.core`; this module reads what they need inside a
``BEGIN IMMEDIATE`` transaction, asks them, and writes the result, so a refused action changes
nothing and two processes can never interleave half-done work.

After a reveal and when voting closes, the file is compacted (see `SessionStore._compact`): the
raw bytes of a SQLite file and its write-ahead log keep the order rows were written in, and
the log keeps every earlier version of a page, so until rewritten they could tell which idea
came when and, diffed, which ballot went with which voter.
"""

from __future__ import annotations

import json
import random
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.joincode import Guess
from rmworkshop.core.pairing import Pairing
from rmworkshop.core.people import DEFAULT_LEVELS, Member, Profile
from rmworkshop.core.plan import Plan
from rmworkshop.core.rules import ballots, ideas, joining, people, phases, speaking
from rmworkshop.core.rules.stage import Stage
from rmworkshop.core.session import Session
from rmworkshop.core.text import (
    clean_idea,
    clean_name,
    clean_read,
)
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.store import pairs, reading
from rmworkshop.store.connection import (
    BUSY_TIMEOUT_MS,
    create_file,
    ensure_wal,
    is_busy,
    not_a_session,
    open_file,
    read,
    write,
)
from rmworkshop.store.problems import Damaged, check_contents, optional_setting, whole_number
from rmworkshop.store.schema import FORMAT, MIGRATIONS, SCHEMA, SCHEMA_VERSION

if TYPE_CHECKING:  # checked files come from the loaders; reading needs no pydantic
    from rmworkshop.core.agenda import Agenda
    from rmworkshop.core.roster import Roster

COMPACT_SECONDS = 3.0
"""How long a reveal keeps retrying the compaction while other processes hold the file."""
COMPACT_WAIT_MS = 200
"""The busy timeout for each attempt; short, so a console never freezes for long."""
COMPACT_PENDING = "compact_pending"
"""Meta key set with a reveal or the close of voting, and removed once the file is rewritten."""


class SessionStore:
    """A session file opened by one process. Safe to use from several processes at once."""

    def __init__(
        self,
        path: Path,
        db: sqlite3.Connection,
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self.path = path
        self._db = db
        self._clock = clock
        # Display numbers are dealt in this random order at reveal; tests may fix it.
        self._rng = rng or secrets.SystemRandom()
        self._ideas = reading.IdeaCache()
        self._compact_due = False
        self._log_due = False

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        agenda: Agenda | Plan,
        agenda_name: str,
        clock: Clock,
        roster: Roster | None = None,
        seed: int | None = None,
        rng: random.Random | None = None,
        history: Sequence[Sequence[str]] = (),
    ) -> SessionStore:
        # A checked agenda file, or a bundled one recognised without the schema (see agendas).
        plan = agenda if isinstance(agenda, Plan) else agenda.plan()
        levels = list(roster.levels) if roster else list(DEFAULT_LEVELS)
        people = list(roster.people) if roster else []
        db = create_file(path)
        try:
            with write(db):
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                values = {
                    "format": FORMAT,
                    "schema_version": str(SCHEMA_VERSION),
                    "agenda": plan.to_json(),
                    "agenda_name": agenda_name,
                    "levels": json.dumps(levels),
                    "seed": str(seed if seed is not None else secrets.randbelow(2**31)),
                    "created": repr(clock.now()),
                    "hand_sequence": "0",
                    pairs.HISTORY_KEY: pairs.history_value((), history),
                }
                db.executemany("INSERT INTO meta VALUES (?, ?)", values.items())
                db.execute(
                    "INSERT INTO clock (id, phase, state, remaining) VALUES (1, 0, 'paused', ?)",
                    (plan.phases[0].planned_seconds,),
                )
                db.executemany(
                    "INSERT INTO phases (idx) VALUES (?)", [(i,) for i in range(len(plan.phases))]
                )
                db.executemany(
                    "INSERT INTO people (name, name_key, level, team, teaches, learns, mentor)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (p.name, p.name.casefold(), p.level, *pairs.profile_columns(p.profile()))
                        for p in people
                    ],
                )
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.close()
            path.unlink(missing_ok=True)
            raise
        return cls(path, db, clock, rng)

    @classmethod
    def open(cls, path: Path, clock: Clock, rng: random.Random | None = None) -> SessionStore:
        db = open_file(path)
        try:
            info = reading.meta(db)
        except sqlite3.DatabaseError as error:
            db.close()
            raise not_a_session(path, error) from None
        if info.get("format") != FORMAT:
            db.close()
            raise BadFile(f"{path}: not an rmworkshop session file")
        if info.get("schema_version") in {str(old) for old in MIGRATIONS}:
            migrate(db, int(info["schema_version"]))
        elif info.get("schema_version") != str(SCHEMA_VERSION):
            db.close()
            raise BadFile(
                f"{path}: session file version {info.get('schema_version')} is not supported;"
                f" this rmworkshop reads version {SCHEMA_VERSION}"
            )
        try:
            ensure_wal(db)
            check_contents(db, path)
        except sqlite3.DatabaseError as error:
            db.close()
            raise not_a_session(path, error) from None
        except Damaged:
            db.close()
            raise
        return cls(path, db, clock, rng)

    def close(self) -> None:
        if self._compact_due or self._log_due:
            self._settle()
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------
    def data_version(self) -> int:
        """Changes whenever another connection commits; cheap enough to poll often."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def snapshot(self) -> Session:
        with read(self._db) as db:
            return reading.snapshot(db, self._ideas)

    def unrevealed(self) -> int:
        with read(self._db) as db:
            (count,) = db.execute("SELECT count(*) FROM ideas WHERE number IS NULL").fetchone()
        return int(count)

    def merged_texts(self) -> dict[int, list[str]]:
        """Texts merged into each idea, by the idea's display number."""
        with read(self._db) as db:
            rows = db.execute(
                "SELECT k.number, m.text FROM ideas m JOIN ideas k ON k.key = m.merged_into"
                " ORDER BY m.number"
            ).fetchall()
        merged: dict[int, list[str]] = {}
        for number, text in rows:
            merged.setdefault(number, []).append(clean_read(text))
        return merged

    # -- writing and compacting --------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; once it has committed, finish any compaction that is due."""
        with write(self._db) as db:
            yield db
        self._settle()

    def _settle(self) -> None:
        """Best effort: the write has committed, so a failure here must not look like its own."""
        try:
            if (
                self._compact_due
                or self._db.execute(
                    "SELECT 1 FROM meta WHERE key = ?", (COMPACT_PENDING,)
                ).fetchone()
            ):
                self._compact_due = not self._compact()
            elif self._log_due:
                self._log_due = not self._checkpoint(wait_ms=0)
        except sqlite3.Error:
            pass  # still due; tried again after the next write

    def _compact(self) -> bool:
        """Rewrite the session file in key order and empty its write-ahead log.

        VACUUM rebuilds every table in key order (idea keys are random), so the pages no longer
        show the order ideas were submitted in; the TRUNCATE checkpoint then copies it into the
        file and empties the log, which held every earlier version of the pages. Freed space is
        zeroed (secure_delete). The reveal itself has committed already, so a failure here
        loses nothing: the pending mark stays, and the next write in any process tries again.
        """
        deadline = time.monotonic() + COMPACT_SECONDS
        vacuumed = False
        while True:
            try:
                if not vacuumed:
                    self._wait(COMPACT_WAIT_MS, "VACUUM")
                    vacuumed = True
                if self._checkpoint(COMPACT_WAIT_MS):
                    with write(self._db) as db:
                        db.execute("DELETE FROM meta WHERE key = ?", (COMPACT_PENDING,))
                    self._checkpoint(COMPACT_WAIT_MS)
                    return True
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
            except Refused:
                pass  # busy while clearing the mark; try again
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def _checkpoint(self, wait_ms: int) -> bool:
        """Copy the log into the file and truncate it; False when a reader or writer is busy."""
        busy, _, _ = self._wait(wait_ms, "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    def _wait(self, wait_ms: int, statement: str) -> sqlite3.Cursor:
        """Run one statement with a shorter busy timeout than ordinary writes."""
        self._db.execute(f"PRAGMA busy_timeout = {wait_ms}")
        try:
            return self._db.execute(statement)
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _mark_for_compaction(self, db: sqlite3.Connection) -> None:
        self._set_meta(db, COMPACT_PENDING, "1")
        self._compact_due = True

    # -- helpers ---------------------------------------------------------------------------
    def _now(self) -> float:
        return self._clock.now()

    def _session(self, db: sqlite3.Connection) -> Session:
        return reading.snapshot(db, self._ideas)

    def _set_meta(self, db: sqlite3.Connection, key: str, value: str | None) -> None:
        if value is None:
            db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- people ----------------------------------------------------------------------------
    def add_person(self, name: str, level: str, profile: Profile | None = None) -> Member:
        """Join the session; joining again under the same name and level is a no-op, except
        that a profile given then replaces the one stored."""
        cleaned = clean_name(name)
        with self._write() as db:
            existing = people.check_join(self._session(db), cleaned, level)
            if existing is not None:
                db.execute("UPDATE people SET present = 1 WHERE id = ?", (existing.id,))
                if profile is not None:
                    db.execute(
                        "UPDATE people SET team = ?, teaches = ?, learns = ?, mentor = ?"
                        " WHERE id = ?",
                        (*pairs.profile_columns(profile), existing.id),
                    )
                return Member(existing.id, existing.name, existing.level, True)
            cursor = db.execute(
                "INSERT INTO people (name, name_key, level, team, teaches, learns, mentor)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (cleaned, cleaned.casefold(), level, *pairs.profile_columns(profile or Profile())),
            )
            assert cursor.lastrowid is not None
            return Member(cursor.lastrowid, cleaned, level, True)

    def set_present(self, name: str, present: bool) -> Member:
        with self._write() as db:
            member = people.member_named(self._session(db), name)
            db.execute("UPDATE people SET present = ? WHERE id = ?", (int(present), member.id))
            if not present:
                db.execute("DELETE FROM hands WHERE person = ?", (member.id,))
        return member

    # -- mentoring pairs -------------------------------------------------------------------
    def swap_pairs(self, first: str, second: str) -> Pairing:
        """Exchange two people's places in the current pairs; the rest are paired again."""
        with self._write() as db:
            session = self._session(db)
            return pairs.swap_people(db, session, first, second)

    def add_pair_history(self, groups: Sequence[Sequence[str]]) -> None:
        """Earlier pairs to avoid; a running pairs phase is paired again with them."""
        with self._write() as db:
            session = self._session(db)
            stored = session.pair_history_files
            self._set_meta(db, pairs.HISTORY_KEY, pairs.history_value(stored, groups))
            if session.pairing is not None:
                pairs.form(db, self._session(db), session.index, again=True)

    # -- phases ----------------------------------------------------------------------------
    def start(self) -> None:
        with self._write() as db:
            session = self._session(db)
            phases.check_start(session)
            self._enter(db, session, 0)

    def next_phase(self, from_phase: int | None = None) -> None:
        """Move to the next phase (starting the session, or finishing it after the last).

        ``from_phase`` is the `Session.phase_number` the caller saw: the move is refused if
        the session has moved since, so two consoles pressing once move it once."""
        with self._write() as db:
            session = self._session(db)
            phases.check_next(session, from_phase)
            if not session.is_started:
                self._enter(db, session, 0)
                return
            self._leave(db, session)
            if session.index + 1 < len(session.agenda.phases):
                self._enter(db, session, session.index + 1)
            else:
                db.execute(
                    "UPDATE clock SET state = 'finished', deadline = NULL, remaining = NULL,"
                    " entered = NULL WHERE id = 1"
                )
                self._set_meta(db, "finished", repr(self._now()))

    def back_phase(self, from_phase: int | None = None) -> None:
        """Go back one phase, or reopen the last one after the end; see `next_phase`."""
        with self._write() as db:
            session = self._session(db)
            phases.check_back(session, from_phase)
            if session.is_finished:
                self._set_meta(db, "finished", None)
                self._enter(db, session, session.index)
                return
            self._leave(db, session)
            self._enter(db, session, session.index - 1)

    def _leave(self, db: sqlite3.Connection, session: Session) -> None:
        now = self._now()
        spent = max(0.0, now - session.entered) if session.entered is not None else 0.0
        db.execute(
            "UPDATE phases SET actual = actual + ?, left_remaining = ? WHERE idx = ?",
            (spent, session.remaining(now), session.index),
        )
        db.execute("UPDATE turns SET ended = ? WHERE ended IS NULL", (now,))
        if session.kind == "discuss":
            db.execute("DELETE FROM hands")
        # Voting stays as it is when the vote phase is left: only an explicit close ends it,
        # so one mistaken key never publishes a half-cast vote.

    def _enter(self, db: sqlite3.Connection, session: Session, index: int) -> None:
        now = self._now()
        phase = session.agenda.phases[index]
        (left,) = db.execute("SELECT left_remaining FROM phases WHERE idx = ?", (index,)).fetchone()
        # A phase visited before picks up where it was left, so a mistaken key costs nothing.
        seconds = left if left is not None else phase.planned_seconds
        db.execute(
            "UPDATE clock SET phase = ?, state = 'running', deadline = ?, remaining = NULL,"
            " entered = ? WHERE id = 1",
            (index, now + seconds, now),
        )
        if session.started is None:
            self._set_meta(db, "started", repr(now))
        if phase.kind == "vote" and not session.voting.opened:
            self._open_voting(db)
        if phase.kind == "share":
            self._ensure_round(db, index)
        if phase.kind == "pairs":
            pairs.form(db, session, index)

    def pause(self) -> None:
        self._retime(lambda session, now: session.timer.pause(now), "pause")

    def resume(self) -> None:
        with self._write() as db:
            session = self._session(db)
            phases.check_resume(session)
            if not session.is_started:
                self._enter(db, session, 0)
                return
        self._retime(lambda session, now: session.timer.resume(now), "resume")

    def extend(self, minutes: float) -> None:
        phases.check_extend(minutes)
        self._retime(lambda session, now: session.timer.extend(minutes * 60), "extend")

    def _retime(self, change: Callable[[Session, float], PhaseTimer], verb: str) -> None:
        with self._write() as db:
            session = self._session(db)
            phases.check_retime(session, verb)
            timer = change(session, self._now())
            db.execute(
                "UPDATE clock SET state = ?, deadline = ?, remaining = ? WHERE id = 1",
                (timer.state, timer.deadline, timer.paused_remaining),
            )

    # -- ideas -----------------------------------------------------------------------------
    def submit(self, text: str) -> str:
        """Store one anonymous idea: a random key, no author, no time. Returns the text as
        stored (cleaned), which is what a console remembers as the participant's own idea."""
        idea = clean_idea(text)
        with self._write() as db:
            ideas.check_submit(self._stage(db))
            db.execute("INSERT INTO ideas (key, text) VALUES (?, ?)", (secrets.token_hex(16), idea))
        return idea

    def _stage(self, db: sqlite3.Connection) -> Stage:
        """Where the session stands, from the clock and two settings, not a full snapshot.

        Submitting is the busiest write of a workshop, and it must not read every person and
        idea to answer one question. Inside the write lock, which every other writer is
        waiting for: two small reads (the agenda is read once; it never changes).
        """
        info = dict(
            db.execute("SELECT key, value FROM meta WHERE key IN ('voting_opened', 'started')")
        )
        index, phase_timer, _ = reading.timer(db)
        if self._plan is None:
            (stored,) = db.execute("SELECT value FROM meta WHERE key = 'agenda'").fetchone()
            self._plan = reading.agenda(stored)
        return Stage(
            phases=self._plan.phases,
            index=index,
            started=info.get("started") is not None,
            finished=phase_timer.state == "finished",
            voting_opened=info.get("voting_opened") == "1",
        )

    _plan: Plan | None = None

    def submit_many(self, texts: Sequence[str]) -> int:
        """Store many anonymous ideas in one transaction (ideas gathered on paper, say).

        All are cleaned first, so one refused idea stores none. Returns how many were stored.
        """
        cleaned = [clean_idea(text) for text in texts]
        with self._write() as db:
            ideas.check_submit(self._stage(db))
            db.executemany(
                "INSERT INTO ideas (key, text) VALUES (?, ?)",
                ((secrets.token_hex(16), idea) for idea in cleaned),
            )
        return len(cleaned)

    def reveal(self) -> int:
        """Give every unrevealed idea a display number, in shuffled order. Returns how many."""
        with self._write() as db:
            ideas.check_reveal(self._session(db))
            return self._reveal(db)

    def _reveal(self, db: sqlite3.Connection) -> int:
        # Sorted by text first, so a seeded generator deals the same numbers every time.
        hidden = [
            key
            for (key,) in db.execute(
                "SELECT key FROM ideas WHERE number IS NULL ORDER BY text, key"
            )
        ]
        self._rng.shuffle(hidden)
        (highest,) = db.execute("SELECT coalesce(max(number), 0) FROM ideas").fetchone()
        db.executemany(
            "UPDATE ideas SET number = ? WHERE key = ?",
            [(highest + offset + 1, key) for offset, key in enumerate(hidden)],
        )
        if hidden:
            self._mark_for_compaction(db)
        return len(hidden)

    def merge(self, keep: int, duplicates: Sequence[int]) -> None:
        """Merge duplicate ideas into ``keep``; their texts are kept with it."""
        with self._write() as db:
            session = self._session(db)
            target, merged = ideas.merge_plan(session, keep, duplicates)
            for key in (idea.key for idea in merged):
                db.execute(
                    "UPDATE ideas SET merged_into = ? WHERE merged_into = ?", (target.key, key)
                )
                db.execute("UPDATE ideas SET merged_into = ? WHERE key = ?", (target.key, key))
            if session.voting.opened:
                self._set_budget(db)

    # -- voting ----------------------------------------------------------------------------
    def _open_voting(self, db: sqlite3.Connection) -> None:
        self._reveal(db)
        self._set_meta(db, "voting_opened", "1")
        self._set_budget(db)

    def _set_budget(self, db: sqlite3.Connection) -> None:
        """Fix the dots per person from the ideas that can be voted on now."""
        budget = ballots.opening_budget(self._session(db))
        self._set_meta(db, "dots", str(budget.dots))
        self._set_meta(db, "max_per_idea", str(budget.max_per_idea))

    def cast_ballot(self, name: str, choices: Mapping[int, int]) -> None:
        """Cast a whole ballot at once. Afterwards nothing links the voter to the choices."""
        with self._write() as db:
            session = self._session(db)
            member = people.member_named(session, name)
            ballots.check_cast(session, member, choices)
            db.executemany(
                "UPDATE ideas SET votes = votes + ? WHERE number = ?",
                [(dots, number) for number, dots in choices.items() if dots],
            )
            db.execute("UPDATE people SET voted = 1 WHERE id = ?", (member.id,))
            # Each ballot's frames in the log, diffed with the one before, would show who chose
            # what; emptying the log after every ballot keeps that window short.
            self._log_due = True

    def close_voting(self, force: bool = False) -> None:
        """Close voting and publish the tallies. With fewer than two ballots it is refused
        unless forced, since the result would show how the one voter voted."""
        with self._write() as db:
            ballots.check_close(self._session(db), force)
            self._set_meta(db, "voting_closed", "1")
            self._mark_for_compaction(db)

    # -- owners ----------------------------------------------------------------------------
    def set_owners(
        self,
        number: int,
        names: Sequence[str],
        due: date | None = None,
        first_step: str | None = None,
    ) -> None:
        """Set an idea's owners (replacing any), and its due date and first step if given."""
        with self._write() as db:
            session = self._session(db)
            idea = ideas.votable_idea(session, number)
            members = _unique(people.member_named(session, name) for name in names)
            db.execute("DELETE FROM owners WHERE idea = ?", (idea.key,))
            db.executemany(
                "INSERT INTO owners (idea, position, person) VALUES (?, ?, ?)",
                [(idea.key, position, m.id) for position, m in enumerate(members)],
            )
            if due is not None:
                db.execute("UPDATE ideas SET due = ? WHERE key = ?", (due.isoformat(), idea.key))
            if first_step is not None:
                step = ideas.first_step(first_step)
                db.execute("UPDATE ideas SET first_step = ? WHERE key = ?", (step, idea.key))

    def volunteer(self, number: int, name: str) -> None:
        """Add one person to an idea's owners."""
        with self._write() as db:
            session = self._session(db)
            idea = ideas.votable_idea(session, number)
            member = people.member_named(session, name)
            if member.name in idea.owners:
                return
            db.execute(
                "INSERT INTO owners (idea, position, person) VALUES (?, ?, ?)",
                (idea.key, len(idea.owners), member.id),
            )

    # -- speaking --------------------------------------------------------------------------
    def _ensure_round(self, db: sqlite3.Connection, index: int) -> None:
        session = self._session(db)
        current = session.current_round
        continuing = (
            current is not None
            and db.execute("SELECT phase FROM rounds WHERE id = ?", (current.id,)).fetchone()[0]
            == index
            and session.share_queue()
        )
        if not continuing:
            self._new_round(db, session, index)

    def _new_round(self, db: sqlite3.Connection, session: Session, index: int) -> None:
        junior = speaking.most_junior_present(session)
        db.execute("INSERT INTO rounds (phase, most_junior) VALUES (?, ?)", (index, junior))

    def turn_next(self) -> Member:
        """End the current turn, if any, and give the floor to the next person."""
        with self._write() as db:
            session = self._session(db)
            turn = speaking.next_turn(session)
            now = self._now()
            db.execute("UPDATE turns SET ended = ? WHERE ended IS NULL", (now,))
            round_id: int | None = None
            if session.kind == "share":
                if turn.new_round:
                    self._new_round(db, session, session.index)
                (round_id,) = db.execute("SELECT max(id) FROM rounds").fetchone()
            else:
                db.execute("DELETE FROM hands WHERE person = ?", (turn.speaker.id,))
            db.execute(
                "INSERT INTO turns (person, round, started) VALUES (?, ?, ?)",
                (turn.speaker.id, round_id, now),
            )
            return turn.speaker

    def turn_pass(self) -> Member:
        """The person holding the floor, or else the next in line, passes."""
        with self._write() as db:
            session = self._session(db)
            member, holding = speaking.passing(session)
            now = self._now()
            if holding:
                db.execute("UPDATE turns SET ended = ?, passed = 1 WHERE ended IS NULL", (now,))
                return member
            round_ = session.current_round
            round_id = round_.id if session.kind == "share" and round_ is not None else None
            db.execute(
                "INSERT INTO turns (person, round, started, ended, passed) VALUES (?, ?, ?, ?, 1)",
                (member.id, round_id, now, now),
            )
            db.execute("DELETE FROM hands WHERE person = ?", (member.id,))
            return member

    def turn_end(self) -> Member:
        with self._write() as db:
            member = speaking.ending_turn(self._session(db))
            db.execute("UPDATE turns SET ended = ? WHERE ended IS NULL", (self._now(),))
            return member

    def hand(self, name: str, up: bool) -> None:
        with self._write() as db:
            session = self._session(db)
            member = people.member_named(session, name)
            if not up:
                speaking.check_hands(session)
                db.execute("DELETE FROM hands WHERE person = ?", (member.id,))
                return
            if not speaking.raising(session, member):
                return
            (sequence,) = db.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'hand_sequence'"
                " RETURNING value"
            ).fetchone()
            db.execute(
                "INSERT INTO hands (person, sequence) VALUES (?, ?)", (member.id, int(sequence))
            )

    # -- the browser console's join code -----------------------------------------------------
    def join_failures(self) -> tuple[int, float | None]:
        """Recent wrong join codes across every browser console: (how many, when the last)."""
        with read(self._db) as db:
            return joining.recent_failures(*_failures(reading.meta(db)), self._now())

    def try_join_code(self, right: bool) -> Guess:
        """One typed join code, from any browser console: tried only if no wait is running,
        and counted if wrong. Nothing is recorded for a guess that is not tried or is right."""
        # Decided and recorded in one write transaction: tabs guessing at the same moment
        # would otherwise all read the same count, and each get a guess per wait.
        with self._write() as db:
            now = self._now()
            guess, record = joining.judge_guess(*_failures(reading.meta(db)), now, right)
            if record:
                self._set_meta(db, "join_failures", str(guess.failures))
                self._set_meta(db, "join_failed_at", repr(now))
            return guess


def _failures(meta: dict[str, str]) -> tuple[int, float | None]:
    # Converted with the checks that name a damaged setting rather than crash on one.
    failures = optional_setting(meta, "join_failures", whole_number, "a whole number")
    return failures or 0, optional_setting(meta, "join_failed_at", float, "a time")


def _unique(members: Iterable[Member]) -> list[Member]:
    seen: dict[int, Member] = {}
    for member in members:
        seen.setdefault(member.id, member)
    return list(seen.values())


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a session file written by an older rmworkshop up to this schema, in place."""
    with write(db):
        for old in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[old].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
