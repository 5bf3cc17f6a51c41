"""The session file's tables. Nothing here links a person to an idea or to a ballot choice:
ideas have random keys and no author or time, a ballot only adds to idea tallies and sets the
voter's ``voted`` flag, and a device's submitted request is a digest that refers to nothing."""

FORMAT = "rmworkshop-session"
SCHEMA_VERSION = 6
"""Version 2 added what people bring to mentoring pairs, and the pairs themselves; version 3
the devices that joined through the participant server; version 4 the merge suggestions the
facilitator dismissed; version 5 the person a device waits to be let in as (someone marked
away, claimed once voting has started); version 6 the pairs' check-in answers."""

_PAIRS = """
CREATE TABLE pairs (
    phase  INTEGER NOT NULL,
    person INTEGER NOT NULL REFERENCES people (id),
    grp    INTEGER,
    role   TEXT NOT NULL CHECK (role IN ('mentor', 'mentee', 'unmatched', 'aside')),
    pinned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (phase, person)
) WITHOUT ROWID
"""
"""Mentoring pairs, by phase: version 2 added them."""

SCHEMA = (
    """
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
    voted    INTEGER NOT NULL DEFAULT 0,
    team     TEXT,
    teaches  TEXT NOT NULL DEFAULT '[]',
    learns   TEXT NOT NULL DEFAULT '[]',
    mentor   INTEGER NOT NULL DEFAULT 1
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

"""
    + _PAIRS.strip()
    + """;

CREATE TABLE hands (
    person   INTEGER PRIMARY KEY REFERENCES people (id),
    sequence INTEGER NOT NULL
);
"""
)

_DEVICES = """
CREATE TABLE {new}devices (
    digest TEXT PRIMARY KEY,
    kiosk  INTEGER NOT NULL DEFAULT 0,
    person INTEGER UNIQUE REFERENCES people (id)
) WITHOUT ROWID;
CREATE TABLE {new}idea_requests (
    digest TEXT PRIMARY KEY
) WITHOUT ROWID
"""
"""Devices that joined through the participant server, and digests of the ideas they sent."""

_WAITING = "ALTER TABLE devices ADD COLUMN waiting INTEGER REFERENCES people (id)"
"""The person a device waits for the facilitator's yes to act as (version 5)."""

SCHEMA += _DEVICES.format(new="") + ";\n" + _WAITING + ";\n"

_DISMISSED = """
CREATE TABLE {new}dismissed (
    ideas TEXT PRIMARY KEY
) WITHOUT ROWID
"""
"""Merge suggestions the facilitator dismissed: each is the sorted random keys of its ideas,
joined by commas (display numbers are read back through them)."""

SCHEMA += _DISMISSED.format(new="") + ";\n"

_CHECKINS = """
CREATE TABLE {new}checkins (
    person INTEGER PRIMARY KEY REFERENCES people (id),
    met    TEXT NOT NULL,
    going  TEXT NOT NULL,
    note   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID
"""
"""Each person's check-in answer about their mentoring pair (given once). Pairs name people on
purpose; these rows are about pairs, never about ideas or ballots. The pairs themselves are a
meta value (`checkin.PAIRS_KEY`)."""

SCHEMA += _CHECKINS.format(new="") + ";\n"

MIGRATIONS = {
    1: """
ALTER TABLE people ADD COLUMN team TEXT;
ALTER TABLE people ADD COLUMN teaches TEXT NOT NULL DEFAULT '[]';
ALTER TABLE people ADD COLUMN learns TEXT NOT NULL DEFAULT '[]';
ALTER TABLE people ADD COLUMN mentor INTEGER NOT NULL DEFAULT 1;
"""
    + _PAIRS
    + """
""",
    # Files that served phones before version 3 made these tables on first use.
    2: _DEVICES.format(new="IF NOT EXISTS "),
    3: _DISMISSED.format(new="IF NOT EXISTS "),
    4: _WAITING,
    5: _CHECKINS.format(new="IF NOT EXISTS "),
}
"""From each older version, the statements that bring a session file to the next one."""
