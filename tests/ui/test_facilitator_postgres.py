"""The facilitator console on a PostgreSQL session: it names the session by its address, follows
other hosts' commits, and carries on by itself after losing its connection."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.postgres import Address, PostgresStore
from rmworkshop.store.postgres.address import parse
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.start import StartScreen
from tests.helpers import make_agenda, make_roster
from tests.postgres_server import drop_sessions, new_address, server_url
from tests.ui.pilot_helpers import polled, text_of

SIZE = (120, 36)


@pytest.fixture
def address() -> Iterator[Address]:
    url = server_url()
    made = new_address(url)
    assert made.session is not None
    yield made
    drop_sessions(url, [made.session])


def terminate(store: PostgresStore) -> None:
    """The server ends this store's connections, as a restart or a dropped network would."""
    pids = store.server_pids()
    assert pids
    with psycopg.connect(server_url(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM unnest(%s::int[]) AS pid", (pids,)
        )


async def test_the_console_names_the_session_and_follows_other_hosts(
    address: Address, clock: FakeClock
) -> None:
    store = PostgresStore.create(address, make_agenda(), "test-agenda", clock, make_roster())
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        join = text_of(app, "#start-join")
        assert f"Session:          {address}" in join
        assert "Session file" not in join and "None" not in join
        with PostgresStore.open(address, clock) as other:
            other.add_person("Zoe", "intern")
        await polled(pilot)
        await pilot.pause()
        assert "Zoe" in text_of(app, "#start-people-list")


async def test_the_console_reconnects_by_itself_after_losing_its_connection(
    address: Address, clock: FakeClock
) -> None:
    store = PostgresStore.create(address, make_agenda(), "test-agenda", clock, make_roster())
    app = make_facilitator(store, clock)
    notices: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **_: notices.append(str(message))  # type: ignore[method-assign]
        lost = store.server_pids()
        terminate(store)
        with PostgresStore.open(address, clock) as other:
            other.add_person("Zoe", "intern")
        await polled(pilot)  # hears the change and reads it on a fresh connection
        for _ in range(5):
            if "Zoe" in text_of(app, "#start-people-list"):
                break
            await polled(pilot)
        await pilot.pause()
        assert "Zoe" in text_of(app, "#start-people-list")
        # The lost connections were replaced before a read met them: nothing to say.
        assert notices == []
        assert not set(store.server_pids()) & set(lost)


def test_outcomes_are_offered_under_the_sessions_own_name(clock: FakeClock) -> None:
    """Two sessions of one agenda in one database never share a default outcomes file."""
    url = server_url()
    names = [f"Q3 kickoff/{secrets.token_hex(4)}", f"Q3 kickoff/{secrets.token_hex(4)}"]
    offered = []
    try:
        for name in names:
            address = parse(url, need_session=False).with_session(name)
            with PostgresStore.create(address, make_agenda(), "test-agenda", clock) as store:
                offered.append(make_facilitator(store, clock).default_export_path())
    finally:
        drop_sessions(url, names)
    assert offered == [Path(f"Q3-kickoff-{name[-8:]}-outcomes.toml") for name in names]
