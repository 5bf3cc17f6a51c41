"""Pair check-ins on a PostgreSQL session from the command line: `new --history` sets the pairs
to check in, and `checkin` counts and answers, as on a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.postgres import Address, PostgresStore
from tests.helpers import THREE_PEOPLE, assert_ok, assert_refused, call_cli, go_to
from tests.postgres_server import drop_sessions, new_address, server_url

AGENDA = """\
title = "Follow-up"
[[phases]]
name = "Welcome"
kind = "info"
minutes = 2
[[phases]]
name = "Pair check-in"
kind = "checkin"
minutes = 5
"""
KICKOFF = Path(__file__).parents[1] / "review" / "golden" / "pairs-outcomes.toml"
"""Pairs Ana and Eve, Bo with Max and Quinn, and Cy and Dev (ended: not checked in)."""


@pytest.fixture
def address() -> Iterator[Address]:
    url = server_url()
    made = new_address(url)
    yield made
    assert made.session is not None
    drop_sessions(url, [made.session])


def test_new_with_history_then_check_in_by_address(tmp_path: Path, address: Address) -> None:
    (tmp_path / "agenda.toml").write_text(AGENDA, encoding="utf-8")
    (tmp_path / "roster.toml").write_text(THREE_PEOPLE, encoding="utf-8")
    made = call_cli(
        "new",
        tmp_path / "agenda.toml",
        "--roster",
        tmp_path / "roster.toml",
        "--session",
        str(address),
        "--history",
        KICKOFF,
    )
    assert assert_ok(made) == f"{address}\n"
    assert assert_ok(call_cli("checkin", str(address))) == "0 of 2 pairs answered.\n"
    with PostgresStore.open(address, FakeClock()) as store:
        go_to(store, "checkin")
    answer = ("--met", "2-3", "--going", "stuck", "--note", "We meet on Fridays")
    assert assert_ok(call_cli("checkin", str(address), "--as", "Ana", *answer)).startswith(
        "Checked in: met "
    )
    assert_refused(call_cli("checkin", str(address), "--as", "ana", *answer), "already")
    assert_refused(call_cli("checkin", str(address), "--as", "Cy", *answer), "in no pair")
    assert assert_ok(call_cli("checkin", str(address))) == "1 of 2 pairs answered.\n"
