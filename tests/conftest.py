"""Settings for the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_state_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Console error reports from any test, or any process a test starts, stay in the run's
    temporary folder instead of the user's own state folder.

    In a parallel run each worker is a process of its own with a temporary folder of its own
    (pytest-xdist gives each a `popen-gwN` folder), so this runs once per worker and no two
    workers share a state folder."""
    before = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    if before is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = before
