"""Fixtures for the command-line tests: new session files on the bundled default agenda."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_ok, call_cli

ROSTER = """\
# The people expected in the room.
[[people]]
name = "Ana"
level = "junior"

[[people]]
name = "Bo"
level = "senior"

[[people]]
name = "Cy"
level = "intern"

[[people]]
name = "Dee"
level = "executive"

[[people]]
name = "Eli"
level = "junior"
"""


def new_session(folder: Path) -> Path:
    """Create a session on the bundled default agenda with the five-person roster."""
    roster = folder / "roster.toml"
    roster.write_text(ROSTER, encoding="utf-8")
    path = folder / "cli.workshop"
    out = assert_ok(
        call_cli("new", "cross-generational-brainstorm", "--roster", roster, "--session", path)
    )
    assert out.strip() == str(path)
    return path


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    """A new, unstarted session of its own."""
    return new_session(tmp_path)


@pytest.fixture(scope="module")
def unstarted_session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One unstarted session shared by a module's tests, for commands that must not change it."""
    return new_session(tmp_path_factory.mktemp("shared"))
