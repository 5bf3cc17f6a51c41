"""The session file's tables. Nothing here links a person to an idea or to a ballot choice:
ideas have random keys and no author or time, and a ballot only adds to idea tallies and sets
the voter's ``voted`` flag."""

FORMAT = "rmworkshop-session"
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE clock (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    phase     INTEGER NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('running', 'paused', 'finished')),
    deadline  REAL,
    remaining REAL,
    entered   REAL
);

CREATE TABLE phases (
    idx            INTEGER PRIMARY KEY,
    actual         REAL NOT NULL DEFAULT 0,
    left_remaining REAL
);

CREATE TABLE people (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    level    TEXT NOT NULL,
    present  INTEGER NOT NULL DEFAULT 1,
    voted    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ideas (
    key         TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    number      INTEGER UNIQUE,
    votes       INTEGER NOT NULL DEFAULT 0,
    merged_into TEXT REFERENCES ideas (key),
    due         TEXT,
    first_step  TEXT
) WITHOUT ROWID;

CREATE TABLE owners (
    idea     TEXT NOT NULL REFERENCES ideas (key),
    position INTEGER NOT NULL,
    person   INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (idea, position)
) WITHOUT ROWID;

CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    phase       INTEGER NOT NULL,
    most_junior TEXT
);

CREATE TABLE turns (
    id      INTEGER PRIMARY KEY,
    person  INTEGER NOT NULL REFERENCES people (id),
    round   INTEGER REFERENCES rounds (id),
    started REAL NOT NULL,
    ended   REAL,
    passed  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE hands (
    person   INTEGER PRIMARY KEY REFERENCES people (id),
    sequence INTEGER NOT NULL
);
"""
