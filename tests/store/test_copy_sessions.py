"""`copy` moves a whole session from a file to PostgreSQL and back with nothing lost, and
nothing on the way that links a person to an idea or a ballot choice; `sessions` lists a
database's sessions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import psycopg
import pytest

from rmworkshop.core.checkin import CheckinPair
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.session import Session
from rmworkshop.sessions import copy_session
from rmworkshop.store import Store, token_digest
from rmworkshop.store.postgres import Address, PostgresStore
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.store.transfer import SessionRows
from tests.helpers import assert_ok, assert_refused, call_cli, go_to, make_agenda, make_roster
from tests.postgres_server import drop_sessions, new_address, server_url
from tests.store.contract.test_allowed_walk import WALK_PHASES


@pytest.fixture
def addresses() -> Iterator[list[Address]]:
    made: list[Address] = []
    yield made
    drop_sessions(server_url(), [a.session for a in made if a.session is not None])


def address(made: list[Address]) -> Address:
    made.append(new_address(server_url()))
    return made[-1]


def full_session(path: Path, clock: FakeClock) -> SessionStore:
    """A file session with something in every table: ideas revealed and merged, ballots,
    turns, hands, owners, devices holding names, a dismissed suggestion, a check-in answer."""
    agenda = make_agenda(phases=WALK_PHASES)
    store = SessionStore.create(path, agenda, "test-agenda", clock, make_roster(), seed=3)
    digest = token_digest(store.join_device(kiosk=False))
    store.claim(digest, "Ana", None)
    store.set_checkin_pairs([CheckinPair(("Ana",), ("Bo",), ("AI tools",))])
    go_to(store, "capture")
    request = token_digest(store.join_device(kiosk=False))
    store.submit_once(request, "request-1", "sent from a phone")
    for number in range(6):
        store.submit(f"idea {number}")
    store.reveal()
    store.merge(1, [2])
    store.dismiss([3, 4])
    go_to(store, "share")
    store.turn_next()
    go_to(store, "vote")
    store.cast_ballot("Ana", {1: 1, 3: 1}, device=digest)
    store.cast_ballot("Bo", {4: 1})
    store.close_voting(force=True)
    go_to(store, "actions")
    store.set_owners(1, ["Ana", "Bo"], due=date(2027, 1, 31), first_step="ask")
    go_to(store, "checkin")
    store.check_in("Bo", "2-3", "well", "we meet on Fridays")
    store.back_phase()
    store.back_phase()
    store.back_phase()
    assert store.snapshot().kind == "discuss"
    store.hand("Bo", True)
    return store


def comparable(rows: SessionRows) -> dict[str, list[str]]:
    """Every row as text, in a fixed order, without the backend's own schema version."""
    found: dict[str, list[str]] = {}
    for table, (columns, table_rows) in rows.items():
        texts = [
            repr(dict(zip(columns, row, strict=True)))
            for row in table_rows
            if not (table == "meta" and row[columns.index("key")] == "schema_version")
        ]
        found[table] = sorted(texts)
    return found


def same(first: Session, second: Session) -> bool:
    """Equal sessions (their levels compared by name: `Levels` has no equality of its own)."""
    return first.levels.names == second.levels.names and first == replace(
        second, levels=first.levels
    )


def test_a_whole_session_goes_to_postgresql_and_back_with_nothing_lost(
    tmp_path: Path, addresses: list[Address]
) -> None:
    clock = FakeClock()
    with full_session(tmp_path / "original.workshop", clock) as original:
        before, snapshot = original.rows(), original.snapshot()
    target = address(addresses)
    with copy_session(tmp_path / "original.workshop", target, clock) as in_database:
        assert in_database.place == str(target)
        assert comparable(in_database.rows()) == comparable(before)
        assert same(in_database.snapshot(), snapshot)
        in_database.add_person("Newcomer", "junior")  # new ids follow the copied ones
        changed = in_database.rows()
    back = tmp_path / "back.workshop"
    with copy_session(target, back, clock) as in_file:
        assert comparable(in_file.rows()) == comparable(changed)
        assert in_file.snapshot().voting == snapshot.voting
    assert all(bool(table.rows) for table in before.values())  # every table was copied


def test_in_the_database_every_copied_row_has_the_same_transaction(
    tmp_path: Path, addresses: list[Address]
) -> None:
    clock = FakeClock()
    path = tmp_path / "voting.workshop"
    with SessionStore.create(path, make_agenda(), "a", clock, make_roster()) as voting:
        go_to(voting, "capture")
        for number in range(4):
            voting.submit(f"idea {number}")
        voting.reveal()
        go_to(voting, "vote")
        voting.cast_ballot("Ana", {1: 1})
        voting.cast_ballot("Bo", {2: 1})  # voting still open: tallies and marks as they stand
    target = address(addresses)
    with copy_session(tmp_path / "voting.workshop", target, clock) as copied:
        assert isinstance(copied, PostgresStore)
        schema = copied.schema
    with psycopg.connect(server_url(), autocommit=True) as connection:
        transactions = set()
        for table in ("people", "ideas", "clock", "meta"):
            for (xmin,) in connection.execute(f"SELECT xmin::text FROM {schema}.{table}"):
                transactions.add(xmin)
    assert len(transactions) == 1


def test_the_commands_copy_and_list(tmp_path: Path, addresses: list[Address]) -> None:
    clock = FakeClock()
    with full_session(tmp_path / "original.workshop", clock):
        pass
    target = address(addresses)
    shown = assert_ok(call_cli("copy", tmp_path / "original.workshop", str(target)))
    assert shown.startswith(f"Copied {tmp_path / 'original.workshop'} to {target}:")
    assert_refused(call_cli("copy", tmp_path / "original.workshop", str(target)), "already exists")
    listed = json.loads(assert_ok(call_cli("sessions", target.conninfo, "--json")))
    mine = [entry for entry in listed if entry["name"] == target.session]
    assert len(mine) == 1
    assert mine[0]["agenda"] == "test-agenda" and mine[0]["people"] == len(make_roster().people)
    text = assert_ok(call_cli("sessions", target.conninfo))
    assert any(line.startswith(f"{target.session}  ") for line in text.splitlines())
    back = tmp_path / "back.workshop"
    assert_ok(call_cli("copy", str(target), back))
    store: Store
    with SessionStore.open(back, clock) as store:
        assert store.snapshot().voting.closed
