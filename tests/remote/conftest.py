"""Fixtures for the terminal clients: a session on a fake clock, served by a stand-in server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.sqlite import SessionStore
from tests.remote.fake_server import FakeServer, running
from tests.ui.conftest import MakeStore, clock, make_store

__all__ = ["clock", "make_store"]


@pytest.fixture
def facilitator(make_store: MakeStore) -> SessionStore:
    """The facilitator's own connection to the session the server holds."""
    return make_store()


@pytest.fixture
def server(facilitator: SessionStore, clock: FakeClock) -> Iterator[FakeServer]:
    with running(FakeServer(Path(facilitator.path), clock)) as served:
        yield served
