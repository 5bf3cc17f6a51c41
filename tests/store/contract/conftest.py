"""Fixtures of the store contract suite: every test runs once per backend."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.voting import Budget
from rmworkshop.store import Store
from tests.helpers import go_to
from tests.store.contract import helpers
from tests.store.contract.backends import BACKENDS, Backend, make_backend
from tests.store.contract.helpers import submit_many


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


RAM_FOLDER = Path("/dev/shm")
"""Where the session files of this suite live when the system has it: a file system in
memory, so the thousands of committed writes (each synced to disk in use) stay quick."""


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    if not RAM_FOLDER.is_dir():
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(dir=RAM_FOLDER, prefix="rmworkshop-") as name:
        yield Path(name)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, folder: Path, clock: FakeClock) -> Iterator[Backend]:
    made = make_backend(str(request.param), folder, clock)
    yield made
    made.cleanup()


@pytest.fixture(autouse=True)
def _backend_dump(backend: Backend) -> Iterator[None]:
    """`assert_refused_unchanged` compares what this backend stored before and after."""
    helpers.dump_store = backend.dump
    yield
    helpers.dump_store = None


@pytest.fixture
def store(backend: Backend) -> Iterator[Store]:
    """A new session on the test agenda and roster, not started yet."""
    with backend.create() as created:
        yield created


@pytest.fixture
def voting(store: Store) -> Iterator[Store]:
    """At the vote phase with nine ideas (three dots each), Ana has voted, #9 is merged."""
    go_to(store, "capture")
    submit_many(store, 10)
    store.reveal()
    store.merge(8, [9])
    session = go_to(store, "vote")
    assert session.voting.budget == Budget(dots=3, max_per_idea=3)
    store.cast_ballot("Ana", {1: 2, 2: 1})
    yield store
