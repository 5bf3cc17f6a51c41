"""A command that tells a person what to type next gives the SESSION as one shell word that is
safe to print: a file name's spaces and escape characters, an address's '&'."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.sessions import open_session, place_of
from tests.helpers import assert_ok, call_cli, go_to
from tests.postgres_server import drop_sessions, new_address, server_url


def words(command: str) -> list[str]:
    """The words a POSIX shell makes of a command line, its operators ('&', ';') apart."""
    return list(shlex.shlex(command, posix=True, punctuation_chars=True))


def hint(session: str) -> str:
    """What `close-vote` says to type next, for a session at its vote."""
    with open_session(place_of(session), FakeClock()) as store:
        go_to(store, "vote")
    out = assert_ok(call_cli("close-vote", session, "--force"))
    assert "\x1b" not in out
    (line,) = [line for line in out.splitlines() if "shows the ranking" in line]
    return line.split("`")[1]


def test_the_next_command_names_a_file_as_one_word(tmp_path: Path) -> None:
    session = tmp_path / "team a & b.workshop"
    assert_ok(call_cli("new", "cross-generational-brainstorm", "--session", session))
    assert words(hint(str(session))) == ["rmworkshop", "ideas", str(session)]


def test_a_file_name_with_an_escape_is_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    session = tmp_path / "x\x1b]0;owned\x07.workshop"
    assert_ok(call_cli("new", "cross-generational-brainstorm", "--session", session))
    typed = hint(str(session))
    assert typed.isprintable()
    assert "\\x1b" in typed


@pytest.fixture
def address() -> Iterator[str]:
    made = new_address(server_url())
    assert made.session is not None
    # A libpq parameter before the session: the address holds an '&'.
    yield f"{made.conninfo}?connect_timeout=10&session={made.session}"
    drop_sessions(server_url(), [made.session])


def test_the_next_command_names_an_address_as_one_word(address: str) -> None:
    assert_ok(call_cli("new", "cross-generational-brainstorm", "--session", address))
    assert words(hint(address)) == ["rmworkshop", "ideas", address]
