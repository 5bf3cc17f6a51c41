"""The database's tables: a registry of sessions, and one schema of tables per session.

Each session lives in a PostgreSQL schema of its own, holding the same tables as a session file
(`rmworkshop.store.sqlite.schema`), so the operations' SQL runs unchanged with the session's
schema first on the search path. No statement can then reach another session's rows by
forgetting a condition; copying or removing a session is one schema; and the physical order
and transaction ids of one session's rows say nothing about another's.

The registry (schema ``rmworkshop``) names every session, with its schema, when it was
created, and ``version``. What puts one session's writes one after another, across hosts, is
the session's advisory lock, taken first by each write (`session_lock`); submissions of ideas
and ballots take it shared, side by side, and every other write alone, which then also locks
every counter. A submission whose handle knows the session's stage takes only its counter's
row instead (each counter keeps the stage, `_STAGE_KEPT`), and so waits for any other write
under way, and every other write for it.

A session's version is the sum of its registry row's ``version`` and of its ``counters``:
every write but a submission or a ballot raises the first (`RAISE_VERSION`); those raise one
of the counters, chosen at random (`RAISE_COUNT`), each as the write commits, in the same round
trip.
Each row is locked from its raise to the commit, so each part rises in the order its writes
commit, and a listener that keeps the newest value heard of each part has the version exactly,
in whatever order the notices arrive (`listener.Heard`). Submissions and ballots side by side
then seldom wait for one another, as they would for one shared row.

Foreign keys to ideas and people are deferrable, so that a reveal and the close of voting can
rewrite those tables in a shuffled order within one transaction (see `privacy`).
"""

from __future__ import annotations

from psycopg import sql

from rmworkshop.store import transfer
from rmworkshop.store.sqlite.operations.base import STAGE

REGISTRY = "rmworkshop"
SCHEMA_VERSION = 6
"""Version 1: the session tables of session file version 5, and the registry; version 2 the
pairs' check-in answers (``checkins``, as session file version 6); version 3 what the
participant servers of a session share (``rooms`` and ``counts`` in the registry), and each
session's summary in its registry row; version 4 no new table, but another way of putting a
session's writes one after another (`session_lock`, instead of its registry row locked
first), which a program of version 3 does not share: once upgraded, it is refused; version 5
each session's ``counters``, raised by submissions (and ballots) instead of its registry row,
which a program of version 4 would not hear (refused in the same way); version 6 the
session's stage kept in each counter (`_STAGE_KEPT`), on which a submission relies instead of
the session's advisory lock, which a program of version 5 would not respect (refused in the
same way)."""
LOCK_KEY = 0x726D77
"""The advisory lock that keeps two programs from creating or upgrading the registry at once."""

_ROOMS = f"""
CREATE TABLE {REGISTRY}.rooms (
    schema      TEXT PRIMARY KEY REFERENCES {REGISTRY}.sessions (schema) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    kiosk_code  TEXT NOT NULL,
    attempt_key TEXT NOT NULL,
    url         TEXT NOT NULL,
    seen        DOUBLE PRECISION NOT NULL
);
CREATE TABLE {REGISTRY}.counts (
    schema TEXT NOT NULL REFERENCES {REGISTRY}.rooms (schema) ON DELETE CASCADE,
    key    TEXT COLLATE "C" NOT NULL,
    amount DOUBLE PRECISION NOT NULL,
    at     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (schema, key)
);
CREATE INDEX counts_age ON {REGISTRY}.counts (schema, at)
"""
"""The keys the servers of each session share, and their counts of wrong codes and code checks
under keyed digests (see `rmworkshop.store.postgres.room`); removed with their session."""

_VERSION_3 = _ROOMS + f";\nALTER TABLE {REGISTRY}.sessions ADD COLUMN summary TEXT"
"""Version 3: the rooms, and each session's summary as a list of sessions shows it."""


def _summary(version: str) -> str:
    return f"""(
    SELECT json_build_object(
        'agenda', (SELECT value FROM meta WHERE key = 'agenda_name'),
        'title', plan ->> 'title',
        'phase', plan -> 'phases' -> clock.phase ->> 'name',
        'kind', plan -> 'phases' -> clock.phase ->> 'kind',
        'state', clock.state,
        'started', EXISTS (SELECT 1 FROM meta WHERE key = 'started'),
        'people', (SELECT count(*) FROM people),
        'version', {version}
    )::text
    FROM clock, (SELECT value::json AS plan FROM meta WHERE key = 'agenda') AS agenda
)"""


SUMMARY = f"""
UPDATE {REGISTRY}.sessions SET summary = {_summary("sessions.version")}
WHERE schema = current_schema()"""
"""A session's summary (agenda, title, phase, people) in its registry row, from its own tables
(its schema first on the search path), so a list of a thousand sessions is one query
(`listing`). It names the version it summarises: one behind its row's (written by an older
program since) is not believed."""

RAISE_VERSION = f"""
UPDATE {REGISTRY}.sessions SET version = version + 1, summary = {_summary("sessions.version + 1")}
WHERE schema = current_schema() RETURNING version"""
"""The end of every write of a session but those alongside others (`RAISE_COUNT`): its
version raised, with the summary of what the write
leaves (`SUMMARY`), returning the new version. It locks the session's registry row until the
commit, sent in the same round trip, so versions rise in the order writes commit."""

REGISTRY_TABLES = (
    f"""
CREATE SCHEMA IF NOT EXISTS {REGISTRY};
CREATE TABLE {REGISTRY}.info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE {REGISTRY}.sessions (
    name    TEXT COLLATE "C" PRIMARY KEY,
    schema  TEXT NOT NULL UNIQUE,
    created DOUBLE PRECISION NOT NULL,
    version BIGINT NOT NULL DEFAULT 0
)
"""
    + ";"
    + _VERSION_3
)


_LATER = "DEFERRABLE INITIALLY IMMEDIATE"

SESSION_TABLES = f"""
CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE clock (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    phase     INTEGER NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('running', 'paused', 'finished')),
    deadline  DOUBLE PRECISION,
    remaining DOUBLE PRECISION,
    entered   DOUBLE PRECISION
);
CREATE TABLE phases (
    idx            INTEGER PRIMARY KEY,
    actual         DOUBLE PRECISION NOT NULL DEFAULT 0,
    left_remaining DOUBLE PRECISION
);
CREATE TABLE people (
    id       INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    level    TEXT NOT NULL,
    present  INTEGER NOT NULL DEFAULT 1,
    voted    INTEGER NOT NULL DEFAULT 0,
    team     TEXT,
    teaches  TEXT NOT NULL DEFAULT '[]',
    learns   TEXT NOT NULL DEFAULT '[]',
    mentor   INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ideas (
    key         TEXT COLLATE "C" PRIMARY KEY,
    text        TEXT COLLATE "C" NOT NULL,
    number      INTEGER UNIQUE,
    votes       INTEGER NOT NULL DEFAULT 0,
    merged_into TEXT COLLATE "C" REFERENCES ideas (key) {_LATER},
    due         TEXT,
    first_step  TEXT
);
CREATE TABLE owners (
    idea     TEXT COLLATE "C" NOT NULL REFERENCES ideas (key) {_LATER},
    position INTEGER NOT NULL,
    person   INTEGER NOT NULL REFERENCES people (id) {_LATER},
    PRIMARY KEY (idea, position)
);
CREATE TABLE rounds (
    id          INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    phase       INTEGER NOT NULL,
    most_junior TEXT
);
CREATE TABLE turns (
    id      INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person  INTEGER NOT NULL REFERENCES people (id) {_LATER},
    round   INTEGER REFERENCES rounds (id),
    started DOUBLE PRECISION NOT NULL,
    ended   DOUBLE PRECISION,
    passed  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE pairs (
    phase  INTEGER NOT NULL,
    person INTEGER NOT NULL REFERENCES people (id) {_LATER},
    grp    INTEGER,
    role   TEXT NOT NULL CHECK (role IN ('mentor', 'mentee', 'unmatched', 'aside')),
    pinned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (phase, person)
);
CREATE TABLE hands (
    person   INTEGER PRIMARY KEY REFERENCES people (id) {_LATER},
    sequence INTEGER NOT NULL
);
CREATE TABLE devices (
    digest  TEXT COLLATE "C" PRIMARY KEY,
    kiosk   INTEGER NOT NULL DEFAULT 0,
    person  INTEGER UNIQUE REFERENCES people (id) {_LATER},
    waiting INTEGER REFERENCES people (id) {_LATER}
);
CREATE TABLE idea_requests (
    digest TEXT COLLATE "C" PRIMARY KEY
);
CREATE TABLE dismissed (
    ideas TEXT COLLATE "C" PRIMARY KEY
)
"""

_CHECKINS = f"""
CREATE TABLE {{new}}checkins (
    person INTEGER PRIMARY KEY REFERENCES people (id) {_LATER},
    met    TEXT NOT NULL,
    going  TEXT NOT NULL,
    note   TEXT NOT NULL DEFAULT ''
)
"""
"""Each person's check-in answer about their mentoring pair, given once (as in a session file:
it names the person on purpose, and refers to no idea and no ballot). Deferrable, as every
reference to people, so that the rewrite of ``people`` at a reveal and at the close of voting
can delete and insert its rows again (`privacy`)."""

COUNTERS = 64
"""How many counters a session's submissions share (`RAISE_COUNT`)."""

_COUNTERS = f"""
CREATE TABLE {{new}}counters (
    slot SMALLINT PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO counters SELECT slot, 0 FROM generate_series(0, {COUNTERS - 1}) AS slot
ON CONFLICT DO NOTHING
"""
"""The session's counters of submissions and ballots, each raised by those that chose it,
whose sum is their share in the session's version. They count commits, and nothing
else: no idea, no person, no time."""

_STAGE_KEPT = f"""
ALTER TABLE counters
    ADD COLUMN IF NOT EXISTS phase INTEGER,
    ADD COLUMN IF NOT EXISTS state TEXT,
    ADD COLUMN IF NOT EXISTS voting TEXT,
    ADD COLUMN IF NOT EXISTS started BIGINT;
CREATE OR REPLACE FUNCTION stage_kept() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE counters
    SET (phase, state, voting, started) = (now.phase, now.state, now.voting, now.started)
    FROM (SELECT) AS one LEFT JOIN ({STAGE}) AS now (phase, state, voting, started) ON true
    WHERE (counters.phase, counters.state, counters.voting, counters.started)
        IS DISTINCT FROM (now.phase, now.state, now.voting, now.started);
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS stage_kept ON clock;
DROP TRIGGER IF EXISTS stage_kept ON meta;
CREATE TRIGGER stage_kept AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clock
    FOR EACH STATEMENT EXECUTE FUNCTION stage_kept();
CREATE TRIGGER stage_kept AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meta
    FOR EACH STATEMENT EXECUTE FUNCTION stage_kept();
UPDATE meta SET value = value WHERE false
"""
"""Each counter also holds where the session stands (its row of `STAGE`), kept by the
database: every statement that changes the clock or the session's facts writes it again where
it differs, in the same transaction. A submission that knows the stage (`writes`) raises its
counter only while the counter holds that stage: the counter's row lock, which every other
write of the session takes on all counters first (`session_lock`), then orders it against
them, without the session's advisory lock. The last statement fires the trigger once, so
that counters made before it hold the stage at once."""

RAISE_COUNT = f"""
UPDATE counters SET n = n + 1
WHERE slot = %s AND EXISTS (SELECT FROM {REGISTRY}.sessions WHERE schema = current_schema())
RETURNING slot, n"""
"""The end of a submission or a ballot: one counter raised (chosen by the writer), returning
it and its new value. It locks that counter's row until the commit, sent in the same round
trip. A session no longer in the registry raises none and returns nothing, as `RAISE_VERSION`
does."""

SESSION_TABLES += (
    ";" + _CHECKINS.format(new="") + ";" + _COUNTERS.format(new="") + ";" + _STAGE_KEPT
)

MIGRATIONS: dict[int, str] = {2: _VERSION_3, 3: "", 4: "", 5: ""}
"""From each older version, the statements that bring the registry to the next one."""
SESSION_MIGRATIONS: dict[int, str] = {
    1: _CHECKINS.format(new="IF NOT EXISTS ")
    + ";\nUPDATE meta SET value = '2' WHERE key = 'schema_version' AND value = '1'",
    2: "UPDATE meta SET value = '3' WHERE key = 'schema_version' AND value = '2';" + SUMMARY,
    3: "UPDATE meta SET value = '4' WHERE key = 'schema_version' AND value = '3'",
    4: _COUNTERS.format(new="IF NOT EXISTS ")
    + ";\nUPDATE meta SET value = '5' WHERE key = 'schema_version' AND value = '4'",
    5: _STAGE_KEPT + ";\nUPDATE meta SET value = '6' WHERE key = 'schema_version' AND value = '5'",
}
"""From each older version, the statements that bring every session's tables to the next one,
run with that session's schema first on the search path."""

TABLES = transfer.TABLES
"""Every table of a session, in an order that copies them without breaking a reference."""


def session_lock(schema: str, shared: bool = False, counters: bool = True) -> sql.Composed:
    """The statement that takes a session's lock for the rest of its transaction: every write
    of the session takes it first, shared for a submission of ideas or a ballot and alone
    otherwise (`transactions.Transactions._write`), and an upgrade takes every session's before
    it starts. Alone, it then locks every counter too (unless not ``counters``, for tables
    older than them): a submission that knows the stage takes only its counter's row
    (`writes.WriteStatements.quick`), and so waits for this write, and this write for it."""
    take = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    lock = sql.SQL("SELECT {}(hashtextextended({}, 0))").format(
        sql.Identifier(take), sql.Literal(f"rmworkshop {schema}")
    )
    if shared or not counters:
        return lock
    # One statement: the advisory lock is taken as the scan begins, before any counter's row.
    return sql.SQL(
        "WITH taken AS MATERIALIZED ({}) SELECT count(*)"
        " FROM (SELECT FROM {}.counters, taken FOR UPDATE OF counters) AS locked"
    ).format(lock, sql.Identifier(schema))


def statements(script: str) -> list[str]:
    """A script's statements, split at its semicolons outside ``$$`` quotes (a function's
    body)."""
    found, current = [], ""
    for quoted, part in enumerate(script.split("$$")):
        if quoted % 2:
            current += f"$${part}$$"
            continue
        head, *rest = part.split(";")
        current += head
        for piece in rest:
            found.append(current)
            current = piece
    found.append(current)
    return [statement for statement in found if statement.strip()]
