"""Fixtures for the session-store tests: a fake clock and a fresh session file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import make_agenda, make_roster


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    return tmp_path / "test.workshop"


@pytest.fixture
def store(session_path: Path, clock: FakeClock) -> Iterator[Store]:
    """A new session on the test agenda and roster, not started yet."""
    created = SessionStore.create(
        session_path, make_agenda(), "test-agenda", clock=clock, roster=make_roster(), seed=7
    )
    with created:
        yield created
