"""Fixtures shared by the core tests: a fake clock and a TOML file writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock

WriteFile = Callable[[str, str], Path]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=1_795_000_000.0)


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write text to a file under tmp_path and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
