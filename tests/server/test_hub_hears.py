"""A participant server on a PostgreSQL session reads it as soon as its listener hears a
commit from another host, without waiting for its next look at the version (`Hub.start`):
here the hub never looks by itself, and still has every change."""

from __future__ import annotations

import asyncio

from rmworkshop.core.clock import FakeClock
from rmworkshop.server.hub import Hub
from rmworkshop.store.postgres import PostgresStore
from tests.helpers import go_to
from tests.postgres_server import made_session

NEVER = 3600.0
"""The hub's own look at the version: not within a test."""


async def test_a_commit_elsewhere_reaches_the_hub_without_a_look() -> None:
    clock = FakeClock()
    with made_session() as address, PostgresStore.open(address, clock) as elsewhere:
        hub = Hub(lambda: PostgresStore.open(address, clock), clock, poll=NEVER)
        hub.start()
        try:
            first = await hub.refresh()  # the hub's one look, before it waits
            go_to(elsewhere, "capture")
            changed = await asyncio.wait_for(hub.next_change(first.version, hub.beats), 10)
            assert changed.session.kind == "capture"
            elsewhere.submit("an idea from another host")
            later = await asyncio.wait_for(hub.next_change(changed.version, hub.beats), 10)
            assert later.session.idea_count == 1
        finally:
            await hub.stop()
