"""The server's limits, in one place: sizes, rates and connection caps."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 16 * 1024
    """Largest request body; an idea is at most 500 characters."""
    streams_total: int = 1000
    """Live event connections held at once, across the room."""
    streams_per_source: int = 48
    """Live event connections from one address: a table of people behind one router."""
    connections_total: int = 2000
    """Open connections at once, across the room (a live page holds one, sometimes two)."""
    connections_per_address: int = 96
    """Open connections from one address, not counted behind a proxy (all come from it)."""
    requests_in_flight: int = 256
    """Requests being answered at once, live event connections not counted."""
    writes_per_second: float = 4.0
    """Steady writes per device (ideas, ballot, hand, volunteer, claim)."""
    write_burst: float = 20.0
    """Writes a device may make at once, for ideas typed in a burst."""
    writes_per_source_per_second: float = 30.0
    """Steady writes from one address, all its devices together: one person cannot be many
    people, yet a venue of hundreds behind one proxy still sends a write each every few
    seconds."""
    write_source_burst: float = 300.0
    """Writes one address may make at once: a room behind one address voting together."""
    code_checks_per_second: float = 20.0
    """Join codes checked per second across the whole room: bounds guessing from many sources."""
    code_check_burst: float = 40.0
    joins_per_source_per_second: float = 2.0
    """Devices one address may register with the right code, steadily."""
    join_burst: float = 60.0
    devices: int = 5000
    """Devices a session accepts in all."""
    ping_seconds: float = 15.0
    """A comment on every live event connection this often, so proxies keep it open."""
    write_timeout_seconds: float = 10.0
    """A device that takes no data for this long is disconnected; it reconnects by itself."""
