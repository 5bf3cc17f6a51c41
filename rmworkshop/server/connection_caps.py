"""Caps on open connections, per address and in total, checked as each connection opens.

A connection past a cap is answered with one short HTTP 503 that says why, and closed, before
any request is read: it costs the host a moment and no buffer. Behind a reverse proxy every
connection comes from the proxy, so only the total applies there (the live-connection caps in
the API count the forwarded addresses instead).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

from rmworkshop.server.throttle import source_key


def refusal(message: str) -> bytes:
    body = f'{{"error": "{message}"}}'.encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\nRetry-After: 5\r\n\r\n"
    )
    return head.encode() + body


FULL = refusal("The room is full: too many connections. Try again in a moment.")
BUSY_ADDRESS = refusal("Too many connections from this address; close some tabs or devices.")


class ConnectionCaps:
    """Wraps the server's protocol factory and counts the connections it lets through."""

    def __init__(
        self,
        factory: Callable[[], asyncio.Protocol],
        per_address: int,
        total: int,
        per_address_applies: bool,
    ) -> None:
        self.factory = factory
        self.per_address = per_address
        self.total = total
        self.per_address_applies = per_address_applies
        self.open: Counter[str] = Counter()

    def __call__(self) -> asyncio.Protocol:
        return _Capped(self)

    def admit(self, address: str) -> bytes | None:
        """None to let a connection in (and count it), else the refusal to send."""
        if sum(self.open.values()) >= self.total:
            return FULL
        if self.per_address_applies and self.open[address] >= self.per_address:
            return BUSY_ADDRESS
        self.open[address] += 1
        return None

    def leave(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


class _Capped(asyncio.Protocol):
    """One connection: refused at once, or handed to aiohttp's own protocol."""

    def __init__(self, gate: ConnectionCaps) -> None:
        self._gate = gate
        self._inner: asyncio.Protocol | None = None
        self._address: str | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        address = source_key(str(peer[0])) if peer else "unknown"
        refused = self._gate.admit(address)
        if refused is not None:
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(refused)
            transport.close()
            return
        self._address = address
        self._inner = self._gate.factory()
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._inner is not None:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._inner is not None else None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._address is not None:
            self._gate.leave(self._address)
            self._address = None
        if self._inner is not None:
            self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._inner is not None:
            self._inner.resume_writing()
