"""Fixtures of the store contract suite: every test runs once per backend."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import SessionStore
from tests.store.contract.backends import BACKENDS, Backend, make_backend


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
def backend(request: pytest.FixtureRequest, folder: Path, clock: FakeClock) -> Backend:
    return make_backend(str(request.param), folder, clock)


@pytest.fixture
def store(backend: Backend) -> Iterator[SessionStore]:
    """A new session on the test agenda and roster, not started yet."""
    with backend.create() as created:
        yield created
