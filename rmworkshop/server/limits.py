"""The server's limits, in one place: sizes, rates and connection caps."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 16 * 1024
    """Largest request body; an idea is at most 500 characters."""
    streams_total: int = 1000
    """Live event connections held at once, across the room."""
    streams_per_source: int = 600
    """Live event connections from one address. Sized to a venue behind one address (a TLS
    proxy's forwarded address, a room's NAT or IPv6 /64): 500 phones stay live."""
    streams_per_device: int = 3
    """Live event connections of one joined device (a phone with a tab or two open)."""
    connections_total: int = 2000
    """Open connections at once, across the room (a live page holds one, sometimes two)."""
    connections_per_address: int = 1200
    """Open connections from one address, not counted behind a proxy (all come from it):
    a venue of 500 phones behind one address, each holding one or two."""
    requests_in_flight: int = 256
    """Writes of joined devices being answered at once. Reads (the page, a device's state, its
    live events) are answered from memory and not counted, so a flood of writes or of bodies
    that never arrive cannot keep a joined device from its page."""
    requests_in_flight_per_device: int = 20
    """Writes of one joined device being answered at once (as many as its write burst)."""
    joins_in_flight: int = 64
    """Requests with a body from devices not joined (joins) being answered at once: bodies that
    never arrive hold at most these, never a joined device's place."""
    joins_in_flight_per_source: int = 16
    """Joins from one address being answered at once; each takes milliseconds when its body
    arrives, so a venue behind one address joins through these quickly."""
    body_seconds: float = 10.0
    """A request body that has not arrived whole after this long is refused (408)."""
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
    code_check_reserve: float = 10.0
    """Of the room's code checks, how many are kept for devices and sources with no recent
    wrong code: a flood of guesses from many sources never keeps the right code waiting."""
    joins_per_source_per_second: float = 5.0
    """Devices one address may register with the right code, steadily."""
    join_burst: float = 600.0
    """Devices one address may register at once: a venue of 500 phones behind one address."""
    attempts_per_source_per_second: float = 5.0
    """Join attempts (a cookie that counts one browser's wrong codes) one address is given,
    steadily; a browser without one counts with every other such request of its address."""
    attempt_burst: float = 600.0
    devices: int = 5000
    """Devices a session accepts in all."""
    ping_seconds: float = 15.0
    """A comment on every live event connection this often, so proxies keep it open."""
    write_timeout_seconds: float = 10.0
    """A device that takes no data for this long is disconnected; it reconnects by itself."""
