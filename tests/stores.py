"""Opening a test's session file again, as the program's wiring does (`rmworkshop.sessions`),
and making sessions in a file or in the PostgreSQL server of the tests alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rmworkshop.core.clock import Clock
from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from rmworkshop.sessions import open_session
from rmworkshop.store import Store
from rmworkshop.store.postgres import PostgresStore
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.system import SystemClock
from tests.postgres_server import drop_sessions, new_address, server_url

BACKENDS = ("file", "database")
Create = Callable[[Plan, Roster], tuple[str, Store]]
"""Makes a new session: its SESSION argument (a path or an address), and its store, open."""


def reopen(path: Path | str | None) -> Callable[[Clock], Store]:
    """Opens the session at `path` once more, with the clock it is given."""
    assert path is not None, "a session file"
    return lambda clock: open_session(Path(path), clock)


def file_of(store: Store) -> Path:
    """The file a test's session is kept in (every test session is a file)."""
    assert store.path is not None, "a session file"
    return store.path


@contextmanager
def sessions_in(backend: str, folder: Path) -> Iterator[Create]:
    """New sessions, on the system clock, in files of `folder` (``file``) or in the PostgreSQL
    server of the tests (``database``: removed afterwards; see `tests.postgres_server`)."""
    if backend == "file":
        paths = (folder / f"session-{number}.workshop" for number in range(1_000_000))

        def in_file(agenda: Plan, roster: Roster) -> tuple[str, Store]:
            path = next(paths)
            return str(path), SessionStore.create(path, agenda, "test", SystemClock(), roster)

        yield in_file
        return
    url = server_url()
    names: list[str] = []

    def in_database(agenda: Plan, roster: Roster) -> tuple[str, Store]:
        address = new_address(url)
        names.append(str(address.session))
        return str(address), PostgresStore.create(address, agenda, "test", SystemClock(), roster)

    try:
        yield in_database
    finally:
        drop_sessions(url, names)
