"""Every command that takes a SESSION, given a hostile address (a PostgreSQL one, a participant
server's, a public URL): one line on stderr, exit code 2, no password, and the session the address
almost names left exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.cli import without_passwords
from rmworkshop.cli.parser import build_parser
from rmworkshop.core.clock import FakeClock
from rmworkshop.sessions import database_sessions
from rmworkshop.store.postgres import Address, PostgresStore
from tests.cli.test_parser import _commands
from tests.helpers import assert_ok, assert_refused, call_cli
from tests.postgres_server import drop_sessions, new_address, server_url

SECRET = "Hunter2secret"
S = "{session}"
"""Stands for the hostile address."""

ARGUMENTS: dict[str, list[str]] = {
    "run": ["--session", S],
    "new": ["cross-generational-brainstorm", "--session", S],
    "join": [S],
    "kiosk": [S],
    "serve": [S, "--port", "8765"],
    "let-in": [S, "Ana"],
    "release": [S, "Ana"],
    "devices": [S, "--clear"],
    "sessions": [S],
    "copy": [S, "{folder}/copied.workshop"],
    "status": [S],
    "ideas": [S],
    "start": [S],
    "next": [S],
    "back": [S],
    "pause": [S],
    "resume": [S],
    "reveal": [S, "--force"],
    "close-vote": [S, "--force"],
    "extend": [S, "2"],
    "submit": [S, "an idea nobody may lose"],
    "merge": [S, "1", "2"],
    "unmerge": [S, "1"],
    "suggest": [S],
    "ballot": [S, "--as", "Ana", "1=1"],
    "own": [S, "1", "Ana"],
    "turn": [S, "next"],
    "hand": [S, "--as", "Ana", "up"],
    "checkin": [S],
    "add": [S, "Zed", "--level", "junior"],
    "pairs": [S],
    "away": [S, "Ana"],
    "here": [S, "Ana"],
    "people": [S],
    "export": [S],
}
TAKES_NO_SESSION = {"agendas", "validate", "review"}


def test_every_command_that_takes_a_session_is_tried() -> None:
    assert set(ARGUMENTS) | TAKES_NO_SESSION == set(_commands(build_parser()))
    assert "copy" in ARGUMENTS  # its target too: see the copy tests below


def hostile(session: Address) -> list[str]:
    """Addresses one slip away from ``session``: each would reach it, or a session beside it,
    or would put a secret into a message, if it were not refused as written."""
    name = session.session
    assert name is not None
    base = session.conninfo
    return [
        f"{base}?session={name}#2",  # a '#' in the name, not escaped: the name would be cut
        f"{base}?session={name}&sslpassword={SECRET}",
        f"{base}?session={name}&PASSWORD={SECRET}",
        f"{base}?session={name}&{SECRET}=1",
        f"{base}?session={name}&application_name=%zz{SECRET}",
        f"{base}?session={name}&dbname=other{SECRET}",
        base.replace("postgresql://", "postgresql+psycopg://") + f"?session={name}",
        base.replace("postgresql://", "postgresql:") + f"?session={name}",
    ]


@pytest.fixture(scope="module")
def session() -> Iterator[Address]:
    url = server_url()
    made = new_address(url)
    assert made.session is not None
    assert_ok(call_cli("new", "cross-generational-brainstorm", "--session", str(made)))
    for command in (["start"], ["next"], ["submit", "an idea already stored"]):
        assert_ok(call_cli(command[0], str(made), *command[1:]))
    yield made
    drop_sessions(url, [made.session])


def stored(session: Address) -> tuple[object, list[str]]:
    """Every row of the session, and the names of the database's sessions that begin with its
    name (others' tests share the database)."""
    clock = FakeClock()
    with PostgresStore.open(session, clock) as store:
        rows = store.rows()
    assert session.session is not None
    listed = database_sessions(session.conninfo, clock)
    names = sorted(entry.name for entry in listed if entry.name.startswith(session.session))
    return rows, names


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_a_hostile_address_is_one_line_and_changes_nothing(
    command: str, session: Address, tmp_path: Path
) -> None:
    before = stored(session)
    for address in hostile(session):
        arguments = [
            arg.replace(S, address).replace("{folder}", str(tmp_path)) for arg in ARGUMENTS[command]
        ]
        result = call_cli(command, *arguments, cwd=tmp_path)
        line = assert_refused(result)
        assert SECRET not in line, line
        assert result.stdout == "", (address, result.stdout)
    assert stored(session) == before
    assert list(tmp_path.iterdir()) == [], "a refusal makes no file"


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_a_blank_session_or_a_dash_is_refused_and_makes_no_file(
    command: str, tmp_path: Path
) -> None:
    """A blank name would make a file no listing shows, and "-" is not standard input here."""
    for name in ("-", "", " ", "\t"):
        arguments = [
            arg.replace(S, name).replace("{folder}", str(tmp_path)) for arg in ARGUMENTS[command]
        ]
        result = call_cli(command, *arguments, cwd=tmp_path)
        assert_refused(result)
        assert result.stdout == "", (name, result.stdout)
    assert list(tmp_path.iterdir()) == [], "a refusal makes no file"


def test_copying_a_session_onto_itself_is_refused_and_keeps_it(
    session: Address, tmp_path: Path
) -> None:
    before = stored(session)
    again = str(session).replace("postgresql://", "postgres://")
    assert_refused(call_cli("copy", str(session), again), "cannot be copied onto itself")
    assert stored(session) == before
    path = tmp_path / "own.workshop"
    assert_ok(call_cli("copy", str(session), path))
    kept = path.read_bytes()
    assert_refused(call_cli("copy", path, path), "cannot be copied onto itself")
    assert_refused(call_cli("copy", path, f"./{path.name}", cwd=tmp_path), "onto itself")
    assert path.read_bytes() == kept


def test_new_and_copy_never_overwrite_a_session(session: Address, tmp_path: Path) -> None:
    before = stored(session)
    assert_refused(
        call_cli("new", "cross-generational-brainstorm", "--session", str(session)),
        "already exists",
    )
    source = tmp_path / "other.workshop"
    assert_ok(call_cli("new", "cross-generational-brainstorm", "--session", source))
    assert_refused(call_cli("copy", source, str(session)), "already exists")
    assert stored(session) == before


@pytest.mark.parametrize(
    "arguments",
    [
        ["turn", "next", f"postgresql://rm:{SECRET}@db.example.org/rm?session=a"],
        ["hand", "a.workshop", "--as", "Ana", f"postgres://rm:{SECRET}@db/rm"],
        ["run", f"postgresql://rm:{SECRET}@db.example.org/rm?session=a", "--session", "b"],
        ["status", f"host=db.example.org password={SECRET} dbname=rm"],
        ["status", f"dbname=rm sslpassword='{SECRET}'"],
        ["status", f"dbname=rm password='a {SECRET}' user=rm"],
    ],
)
def test_an_argument_holding_a_password_is_never_repeated(arguments: list[str]) -> None:
    line = assert_refused(call_cli(*arguments))
    assert SECRET not in line


@pytest.mark.parametrize(
    "message",
    [
        f"postgresql://rm:{SECRET}@db/rm: cannot",
        f"'mysql://rm:{SECRET}@db/rm' (choose from 'next')",
        f"postgresql://db/rm?session=a&pass%77ord={SECRET}&x=1",
        f"postgresql://db/rm?options=-c%20password%3D{SECRET}%20-c%20x%3Dy&session=a: no",
        f"host=db password={SECRET} dbname=rm: no such session file",
        f"host=db PassWord='a b\\' {SECRET}' dbname=rm: no such session file",
    ],
)
def test_the_printed_line_hides_any_password_it_quotes(message: str) -> None:
    hidden = without_passwords(message)
    assert SECRET not in hidden
    assert "***" in hidden


def test_a_line_without_a_password_is_printed_as_it_is() -> None:
    for message in (
        "postgresql://rm@%2Frun%2Fpg/rm?sslmode=require&session=a%3Db: no such session",
        "a=1 b=2: 100% = fine",
    ):
        assert without_passwords(message) == message


@pytest.mark.parametrize("command", ["join", "kiosk"])
@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        ("http://[::1", "must look like http://HOST:PORT"),
        ("http://127.0.0.1:99999", "must look like http://HOST:PORT"),
        ("http://127.0.0.1:port", "must look like http://HOST:PORT"),
        ("http://127.0.0.1:0", "must look like http://HOST:PORT"),
        ("http://:8000", "must look like http://HOST:PORT"),
        (f"http://rm:{SECRET}@127.0.0.1:9", "holds no user or password"),
    ],
)
def test_a_participant_consoles_bad_server_address_is_one_line(
    command: str, address: str, fragment: str
) -> None:
    line = assert_refused(call_cli(command, address, "--code", "K7P-Q3M"), fragment)
    assert SECRET not in line


@pytest.mark.parametrize(
    ("public_url", "fragment"),
    [
        ("https://[::1", "cannot be read"),
        ("https://rm.example.org:99999", "cannot be read"),
        ("https://rm.example.org:0", "is not an http:// or https:// address"),
        (f"https://rm:{SECRET}@rm.example.org", "holds no user or password"),
    ],
)
def test_a_bad_public_url_is_one_line_before_serving(
    public_url: str, fragment: str, tmp_path: Path
) -> None:
    session = tmp_path / "served.workshop"
    assert_ok(call_cli("new", "lean-coffee", "--session", session))
    result = call_cli("serve", session, "--port", "8765", "--public-url", public_url)
    line = assert_refused(result, fragment)
    assert SECRET not in line
    assert result.stdout == ""


def test_run_checks_its_public_url_before_opening_a_console(tmp_path: Path) -> None:
    session = tmp_path / "run.workshop"
    result = call_cli(
        "run", "lean-coffee", "--session", session, "--public-url", f"https://rm:{SECRET}@[::1"
    )
    assert SECRET not in assert_refused(result)
    assert not session.exists(), "a refusal makes no session"


def test_run_resumes_a_database_session_and_never_makes_one(session: Address) -> None:
    missing = session.with_session(f"{session.session}-typo")
    try:
        assert_refused(call_cli("run", str(missing)), "no such session")
        assert not PostgresStore.exists(missing)
    finally:
        drop_sessions(server_url(), [f"{session.session}-typo"])


@pytest.mark.parametrize("command", ["status", "submit", "sessions", "new"])
def test_a_database_or_role_that_does_not_exist_is_named_as_such(
    command: str, session: Address, tmp_path: Path
) -> None:
    """The server refuses such a connection with no error code, only its words: they are read
    so that the line says what to fix, instead of "cannot be reached"."""
    name = f"{session.session}-elsewhere"
    base = session.conninfo
    path_start = base.index("/", len("postgresql://"))
    missing_database = f"{base[:path_start]}/no_such_database?session={name}"
    missing_role = base.replace("postgresql://", "postgresql://nobody_here@", 1)
    if "@" in session.conninfo.removeprefix("postgresql://"):
        user_end = base.index("@") + 1
        missing_role = f"postgresql://nobody_here@{base[user_end:]}"
    for address, said in (
        (missing_database, "no such database"),
        (f"{missing_role}?session={name}", "the database refused the login"),
    ):
        arguments = [
            arg.replace(S, address).replace("{folder}", str(tmp_path)) for arg in ARGUMENTS[command]
        ]
        assert_refused(call_cli(command, *arguments, cwd=tmp_path), said)
