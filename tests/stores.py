"""Opening a test's session file again, as the program's wiring does (`rmworkshop.sessions`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rmworkshop.core.clock import Clock
from rmworkshop.sessions import open_session
from rmworkshop.store import Store


def reopen(path: Path | str | None) -> Callable[[Clock], Store]:
    """Opens the session at `path` once more, with the clock it is given."""
    assert path is not None, "a session file"
    return lambda clock: open_session(Path(path), clock)


def file_of(store: Store) -> Path:
    """The file a test's session is kept in (every test session is a file)."""
    assert store.path is not None, "a session file"
    return store.path
