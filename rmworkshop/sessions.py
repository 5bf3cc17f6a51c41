"""Creating and opening sessions, for the commands and the consoles alike: the one place that
wires a program to a backend of the store contract (`rmworkshop.store.Store`).

Front ends, the participant server and exports never import a backend; they are given a
`Store` opened here. A session is a file (SQLite) or a PostgreSQL address
(``postgresql://[user@]host[:port]/database?session=NAME``); `place_of` reads which.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import BadFile
from rmworkshop.core.text import shown
from rmworkshop.files import SESSION_HEADERS
from rmworkshop.store import Store, postgres
from rmworkshop.store.postgres.address import Address, is_address, looks_like_url, parse
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.store.sqlite.connection import CONSOLE_PATIENCE_SECONDS, SERVER_PATIENCE_SECONDS

if TYPE_CHECKING:
    from rmworkshop.store.postgres.listing import Listing
Place = Path | Address
"""Where a session is: a file, or a session in a PostgreSQL database."""


def place_of(text: str) -> Place:
    """A SESSION argument: a PostgreSQL address (refused with one line if it holds a password
    or names no session), else a file's path. Text that looks like another kind of address
    (``mysql://``, ``postgresql+psycopg://``, ``postgresql:host/db``) is refused without
    being repeated, rather than taken for the name of a file to make; so are a blank name
    and ``-``."""
    if is_address(text):
        return parse(text)
    if looks_like_url(text):
        raise BadFile(f"{_SESSION_IS}; this looks like another kind of address")
    if not text.strip() or text == "-":
        # A blank name would make a file nobody can see in a listing; "-" is not standard
        # input here, and a session cannot come through a pipe.
        raise BadFile(f"{_SESSION_IS}; {'an empty name' if text == '' else repr(text)} is neither")
    return Path(text)


_SESSION_IS = (
    "a session is a file or a PostgreSQL address, postgresql://[user@]host[:port]"
    "/database?session=NAME"
)


def names_a_session(text: str) -> bool:
    """Whether an argument given where an agenda goes names a session instead: a database
    address, or a session file (an SQLite database, which no agenda is)."""
    if is_address(text):
        return True
    try:
        with Path(text).open("rb") as file:
            return file.read(len(SESSION_HEADERS[0])) == SESSION_HEADERS[0]
    except OSError:
        return False


def default_session_path(agenda_name: str) -> Path:
    """``<agenda>-<YYYYmmdd-HHMM>.workshop`` in the current folder, never an existing file."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    path = Path(f"{agenda_name}-{stamp}.workshop")
    counter = 2
    while path.exists():
        path = Path(f"{agenda_name}-{stamp}-{counter}.workshop")
        counter += 1
    return path


def create_session(
    clock: Clock,
    agenda: str | None = None,
    roster: Path | None = None,
    session: Place | None = None,
    patience: float | None = None,
) -> Store:
    """A new session file for an agenda (a path or a bundled name) and an optional roster.

    ``patience``: how long its writes wait for another program's (see `open_session`)."""
    # The file schemas (pydantic) load only for files that need checking: never to resume a
    # session, and not for a bundled agenda exactly as shipped (see `agendas.load_plan`).
    from rmworkshop.agendas import DEFAULT_AGENDA, load_plan

    name, plan = load_plan(agenda or DEFAULT_AGENDA)
    people = None
    if roster:
        from rmworkshop.core.roster import Roster
        from rmworkshop.files.reading import load

        people = load(Roster, roster)
    if isinstance(session, Address):
        return postgres.PostgresStore.create(
            session, plan, name, clock, roster=people, patience=patience
        )
    path = session or default_session_path(name)
    return SessionStore.create(path, plan, name, clock, roster=people, patience=patience)


def open_or_create(
    clock: Clock,
    agenda: str | None = None,
    roster: Path | None = None,
    session: Place | None = None,
) -> Store:
    """Resume an existing session file, or create one for the agenda, for a console: its
    writes give up quickly when another program holds the file, and are tried again off the
    screen (`CONSOLE_PATIENCE_SECONDS`)."""
    if isinstance(session, Address) and postgres.PostgresStore.exists(session):
        return open_session(session, clock, patience=CONSOLE_PATIENCE_SECONDS)
    if isinstance(session, Path) and session.exists():
        return open_session(session, clock, patience=CONSOLE_PATIENCE_SECONDS)
    return create_session(clock, agenda, roster, session, patience=CONSOLE_PATIENCE_SECONDS)


def open_session(place: Place, clock: Clock, patience: float | None = None) -> Store:
    """An existing session. ``patience`` is how many seconds a write waits for another
    program's before it is refused as `Busy` (commands wait 30 s; a console waits less and
    tries again itself, see `console_session`)."""
    if isinstance(place, Address):
        return postgres.PostgresStore.open(place, clock, patience=patience)
    return SessionStore.open(place, clock, patience=patience)


def console_session(place: Place, clock: Clock) -> Store:
    """An existing session, opened for a console: its writes give up quickly when another
    program holds the session, and are tried again off the screen."""
    return open_session(place, clock, patience=CONSOLE_PATIENCE_SECONDS)


def server_session(place: Place, clock: Clock) -> Store:
    """An existing session, opened for the participant server: a write that cannot have the
    file soon is answered "busy, try again" (`SERVER_PATIENCE_SECONDS`) and gives up its place."""
    return open_session(place, clock, patience=SERVER_PATIENCE_SECONDS)


def copy_session(
    source: Place, target: Place, clock: Clock
) -> SessionStore | postgres.PostgresStore:
    """A new session at `target` holding everything of the one at `source` (`transfer`):
    a file to a database, a database to a file, or within one kind."""
    if source == target or (
        isinstance(source, Path) and isinstance(target, Path) and _same_file(source, target)
    ):
        raise BadFile(
            f"{shown(source)}: a session cannot be copied onto itself; nothing was changed"
        )
    opened: SessionStore | postgres.PostgresStore = (
        postgres.PostgresStore.open(source, clock)
        if isinstance(source, Address)
        else SessionStore.open(source, clock)
    )
    with opened:
        rows = opened.rows()
    if isinstance(target, Address):
        return postgres.PostgresStore.create_copy(target, rows, clock)
    return SessionStore.create_copy(target, rows, clock)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def database_sessions(url: str, clock: Clock) -> list[Listing]:
    """The sessions of the database at ``url`` (a PostgreSQL address), newest first."""
    from rmworkshop.store.postgres import listing

    return listing.sessions(parse(url, need_session=False), clock)


def reopener(store: Store) -> Callable[[Clock], Store]:
    """Opens the same session again, for the participant server of this program."""
    place: Place | None = store.path
    if place is None:
        if not isinstance(store, postgres.PostgresStore):
            raise TypeError("this session has no place to open it again from")
        place = store.address
    return lambda clock: server_session(place, clock)
