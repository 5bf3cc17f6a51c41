"""The participant server's state: the join code, the hub, throttles and connection counts.

Nothing here is kept in the session file except what devices claim: the throttles and counts
live only as long as the server process.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

from rmworkshop.core import joincode
from rmworkshop.core.clock import Clock
from rmworkshop.server.address import Address, is_loopback
from rmworkshop.server.hub import Hub
from rmworkshop.server.limits import Limits
from rmworkshop.server.throttle import Buckets, CodeGuard, source_key
from rmworkshop.store import Device, token_digest

COOKIE = "rmw_device"
SECURE_COOKIE = f"__Host-{COOKIE}"
"""Behind https: the browser keeps it only if set securely, for this host and every path."""


class Problem(Exception):
    """A request refused with a status and one plain line for the person."""

    def __init__(self, status: int, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status = status
        self.extra = extra


@dataclass
class Reception:
    hub: Hub
    address: Address
    code: str
    clock: Clock
    limits: Limits = field(default_factory=Limits)
    kiosk_code: str = field(default_factory=joincode.new_code)
    """The code that makes a joining device a kiosk: shown only to the facilitator."""

    def __post_init__(self) -> None:
        limits = self.limits
        self.code_digest = joincode.digest(self.code)
        self.kiosk_code_digest = joincode.digest(self.kiosk_code)
        self.guard = CodeGuard(self.clock, limits.code_checks_per_second, limits.code_check_burst)
        self.writes = Buckets(limits.writes_per_second, limits.write_burst, self.clock)
        self.source_writes = Buckets(
            limits.writes_per_source_per_second, limits.write_source_burst, self.clock
        )
        self.joins = Buckets(limits.joins_per_source_per_second, limits.join_burst, self.clock)
        self.streams: Counter[str] = Counter()
        self.in_flight = 0
        self.failures_reported: set[str] = set()
        """Kinds of unexpected failure already said on the server's terminal, once each."""
        self.stream_tasks: set[asyncio.Task[object]] = set()
        """Live event connections, ended at once when the server stops."""
        self._origins = self.address.origins()
        self._hosts = self.address.hosts()

    @property
    def cookie(self) -> str:
        """The device cookie's name: with the `__Host-` prefix behind https, where a browser
        then refuses one set by another host or over plain HTTP."""
        return SECURE_COOKIE if self.address.secure else COOKIE

    # -- who is asking ---------------------------------------------------------------------------
    def source(self, request: web.Request) -> str:
        """The client's address; behind a proxy, the one the proxy saw, trusted only from it."""
        peer = request.remote or ""
        if self.address.behind_proxy and is_loopback(peer):
            forwarded = request.headers.get("X-Forwarded-For", "")
            last = forwarded.split(",")[-1].strip()
            if last:
                return source_key(last)
        return source_key(peer)

    def known_host(self, host: str) -> bool:
        """Our own names, or an address literal (a rebound DNS name is neither)."""
        if host.lower() in self._hosts:
            return True
        if self.address.behind_proxy:
            return False
        name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
        name = name.strip("[]")
        return port == str(self.address.port) and _is_address(name)

    def same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin", "").lower()
        if origin in self._origins:
            return True
        scheme = "https" if self.address.secure else "http"
        return not self.address.behind_proxy and origin == f"{scheme}://{request.host}".lower()

    def code_matches(self, typed: str, kiosk: bool = False) -> bool:
        """The join code; for a kiosk, the facilitator's kiosk code (the join code alone
        grants no kiosk)."""
        wanted = self.kiosk_code_digest if kiosk else self.code_digest
        return hmac.compare_digest(joincode.digest(typed), wanted)

    # -- which device ------------------------------------------------------------------------------
    def credentials(self, request: web.Request) -> tuple[str, bool] | None:
        """The device token's digest, and whether it came as a cookie (a browser)."""
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return token_digest(header[7:].strip()), False
        cookie = request.cookies.get(self.cookie)
        if cookie:
            return token_digest(cookie), True
        return None

    def device(self, request: web.Request, writing: bool = False) -> Device:
        found = self.credentials(request)
        if found is None:
            raise Problem(401, "Enter the join code first.")
        digest, browser = found
        if writing and browser and not self.same_origin(request):
            raise Problem(403, "This page is not served from here; open the room's address.")
        device = self.hub.device(digest)
        if device is None:
            raise Problem(401, "This device is not joined (or its name was released).")
        if writing:
            wait = max(self.writes.take(digest), self.source_writes.take(self.source(request)))
            if wait > 0:
                raise Problem(429, "Too many changes at once; wait a moment.", retry_after=wait)
        return device


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
