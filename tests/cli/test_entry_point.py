"""Every command through the real program, `python -m rmworkshop`, in a process of its own.

The other command tests call the command line's `main` in the test's process
(`tests.helpers.call_cli`), which is where most of their time went. These keep the entry point
itself covered for every command: a refusal is exit code 2 and one line on stderr without a
traceback, and a whole small workshop works from the shell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rmworkshop.cli.parser import build_parser
from tests.cli.conftest import ROSTER
from tests.cli.test_parser import _commands
from tests.helpers import assert_ok, assert_refused, run_cli

MISSING = "{missing}"
"""Stands for a session file that does not exist."""

REFUSED: dict[str, tuple[list[str], str]] = {
    "run": (["no-such-agenda"], "no-such-agenda"),
    "join": ([MISSING], "no such session file"),
    "kiosk": ([MISSING], "no such session file"),
    "serve": ([MISSING], "no such session file"),
    "release": ([MISSING, "Ana"], "no such session file"),
    "devices": ([MISSING], "no such session file"),
    "let-in": ([MISSING, "Ana"], "no such session file"),
    "new": (["no-such-agenda"], "no-such-agenda"),
    "agendas": (["--all"], "unrecognized arguments"),
    "validate": ([MISSING], "no such file"),
    "status": ([MISSING], "no such session file"),
    "ideas": ([MISSING], "no such session file"),
    "start": ([MISSING], "no such session file"),
    "next": ([MISSING], "no such session file"),
    "back": ([MISSING], "no such session file"),
    "pause": ([MISSING], "no such session file"),
    "resume": ([MISSING], "no such session file"),
    "reveal": ([MISSING], "no such session file"),
    "close-vote": ([MISSING], "no such session file"),
    "extend": ([MISSING, "2"], "no such session file"),
    "submit": ([MISSING, "an idea"], "no such session file"),
    "merge": ([MISSING, "1", "2"], "no such session file"),
    "unmerge": ([MISSING, "1"], "no such session file"),
    "suggest": ([MISSING, "--json"], "no such session file"),
    "ballot": ([MISSING, "--as", "Ana", "1=1"], "no such session file"),
    "own": ([MISSING, "1", "Ana"], "no such session file"),
    "turn": ([MISSING, "next"], "no such session file"),
    "hand": ([MISSING, "--as", "Ana", "up"], "no such session file"),
    "checkin": ([MISSING, "--as", "Ana", "--met", "1", "--going", "well"], "no such session file"),
    "add": ([MISSING, "Zed", "--level", "mid"], "no such session file"),
    "pairs": ([MISSING], "no such session file"),
    "away": ([MISSING, "Ana"], "no such session file"),
    "here": ([MISSING, "Ana"], "no such session file"),
    "people": ([MISSING], "no such session file"),
    "export": ([MISSING], "no such session file"),
    "review": ([MISSING], "no such file"),
    "sessions": (["postgresql://rm:s3cret@localhost/rm"], "must not hold a password"),
    "copy": ([MISSING, "copied.workshop"], "no such session file"),
}


def test_every_command_has_a_refusal_through_the_entry_point() -> None:
    assert set(REFUSED) == set(_commands(build_parser()))


@pytest.mark.parametrize("command", sorted(REFUSED))
def test_a_refusal_through_the_entry_point_is_one_line_and_exit_2(
    tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "missing.workshop"
    arguments, fragment = REFUSED[command]
    result = run_cli(command, *(missing if arg == MISSING else arg for arg in arguments))
    assert_refused(result, fragment)
    assert result.stdout == ""
    assert not missing.exists(), "a refusal creates nothing"


def test_a_small_workshop_from_the_shell_through_the_entry_point(tmp_path: Path) -> None:
    roster = tmp_path / "roster.toml"
    roster.write_text(ROSTER, encoding="utf-8")
    session = tmp_path / "shell.workshop"
    created = assert_ok(
        run_cli("new", "cross-generational-brainstorm", "--roster", roster, "--session", session)
    )
    assert created == f"{session}\n"
    assert_ok(run_cli("next", session, "--from", "0"))
    assert_ok(run_cli("next", session))
    assert assert_ok(run_cli("submit", session, "-", stdin="From standard input\n")) == (
        "Idea received.\n"
    )
    data = json.loads(assert_ok(run_cli("status", session, "--json")))
    assert (data["kind"], data["ideas"], data["people"]) == ("capture", 1, 5)
    outcomes = tmp_path / "outcomes.toml"
    exported = run_cli("export", session, "-o", outcomes)
    assert (exported.returncode, exported.stdout) == (0, f"Wrote {outcomes}\n"), exported
    assert exported.stderr == "rmworkshop: note: 1 idea(s) not yet revealed are not included\n"
    assert "[[phases]]" in outcomes.read_text(encoding="utf-8")
