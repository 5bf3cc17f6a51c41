"""A participant server on a PostgreSQL session reads it as soon as its listener hears a
commit from another host, without waiting for its next look at the version (`Hub.start`):
here the hub never looks by itself, and still has every change."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.session import Session
from rmworkshop.server.device_views import Snapshot
from rmworkshop.server.hub import Hub
from rmworkshop.store.postgres import PostgresStore
from tests.helpers import go_to
from tests.postgres_server import made_session

NEVER = 3600.0
"""The hub's own look at the version: not within a test."""


async def _until(hub: Hub, after: int, shows: Callable[[Session], bool]) -> Snapshot:
    """The first snapshot after `after` that shows a change: a commit heard after a read
    that already had it is read once more, and shows nothing new."""
    while not shows((snapshot := await hub.next_change(after, hub.beats)).session):
        after = snapshot.version
    return snapshot


async def test_a_commit_elsewhere_reaches_the_hub_without_a_look() -> None:
    clock = FakeClock()
    with made_session() as address, PostgresStore.open(address, clock) as elsewhere:
        hub = Hub(lambda: PostgresStore.open(address, clock), clock, poll=NEVER)
        hub.start()
        try:
            first = await hub.refresh()  # the hub's one look, before it waits
            go_to(elsewhere, "capture")
            capture = _until(hub, first.version, lambda s: s.kind == "capture")
            changed = await asyncio.wait_for(capture, 10)
            elsewhere.submit("an idea from another host")
            idea = _until(hub, changed.version, lambda s: s.idea_count == 1)
            await asyncio.wait_for(idea, 10)
        finally:
            await hub.stop()
