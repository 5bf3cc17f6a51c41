"""Fixtures for the terminal clients: a session on a fake clock, served by a stand-in server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from tests.remote.fake_server import FakeServer, running
from tests.stores import file_of
from tests.ui.conftest import MakeStore, clock, make_store

__all__ = ["clock", "make_store"]


@pytest.fixture
def facilitator(make_store: MakeStore) -> Store:
    """The facilitator's own connection to the session the server holds."""
    return make_store()


@pytest.fixture
def server(facilitator: Store, clock: FakeClock) -> Iterator[FakeServer]:
    with running(FakeServer(file_of(facilitator), clock)) as served:
        yield served
