"""Fixtures shared by the hardening tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hardening.crash_trials import Pool


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pool]:
    """The crash driver processes of one test module, reused trial after trial."""
    drivers = Pool(tmp_path_factory.mktemp("drivers"))
    try:
        yield drivers
    finally:
        drivers.close()
