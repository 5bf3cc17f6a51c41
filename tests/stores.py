"""Opening a test's session file again, as the program's wiring does (`rmworkshop.sessions`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rmworkshop.core.clock import Clock
from rmworkshop.sessions import open_session
from rmworkshop.store import Store


def reopen(path: Path | str) -> Callable[[Clock], Store]:
    """Opens the session at `path` once more, with the clock it is given."""
    return lambda clock: open_session(Path(path), clock)
