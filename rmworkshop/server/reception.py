"""The participant server's state: the join code, the hub, throttles and connection counts.

Nothing here is kept in the session file except what devices claim: the throttles and counts
live only as long as the server process. A session on a database is served by several servers
at once: they share the room's keys (the codes, and the key that signs attempt cookies) and
count wrong codes and the room's code checks together, in the database (`shared`), under
digests keyed with the room's key, never an address.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import secrets
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from aiohttp import web

from rmworkshop.core import joincode
from rmworkshop.core.clock import Clock
from rmworkshop.core.joincode import FAILURE_WINDOW_SECONDS
from rmworkshop.server.address import Address, is_loopback
from rmworkshop.server.device_roll import DeviceRoll
from rmworkshop.server.hub import Hub
from rmworkshop.server.limits import Limits
from rmworkshop.server.places import Places
from rmworkshop.server.throttle import MAX_SOURCES, Buckets, CodeGuard, Verdict, source_key
from rmworkshop.store import Count, Device, token_digest

COOKIE = "rmw_device"
SECURE_COOKIE = f"__Host-{COOKIE}"
"""Behind https: the browser keeps it only if set securely, for this host and every path."""
ATTEMPT_COOKIE = "rmw_attempt"
"""Counts one browser's wrong codes apart from the rest of its address (see `throttle`)."""


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
    attempt_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    """Signs attempt cookies: only one this room's servers gave out counts as an attempt."""
    shared: bool = False
    """Other servers serve this session too: the code guard's counts live in the store."""

    def __post_init__(self) -> None:
        limits = self.limits
        self.code_digest = joincode.digest(self.code)
        self.kiosk_code_digest = joincode.digest(self.kiosk_code)
        self.guard = self._new_guard()
        self.attempts = Buckets(
            limits.attempts_per_source_per_second, limits.attempt_burst, self.clock
        )
        self.writes = Buckets(limits.writes_per_second, limits.write_burst, self.clock)
        self.source_writes = Buckets(
            limits.writes_per_source_per_second, limits.write_source_burst, self.clock
        )
        self.joins = Buckets(limits.joins_per_source_per_second, limits.join_burst, self.clock)
        self.lookups = Buckets(limits.joins_per_source_per_second, limits.join_burst, self.clock)
        self._told: OrderedDict[str, float] = OrderedDict()
        """Shared rooms: attempts (as keyed) this server told to wait, with until when."""
        """Tokens this server does not know yet, looked up in the store (`shared` only)."""
        self.roll = DeviceRoll(self.hub, self.clock, limits.devices)
        """When devices joined and from where, in memory: idle ones expire."""
        self.streams: Counter[str] = Counter()
        """Live event connections per source, and per device."""
        self.device_streams: Counter[str] = Counter()
        self.places = Places(limits)
        """Requests with a body being answered, joined devices' apart from the rest."""
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

    @property
    def in_flight(self) -> int:
        return self.places.taken

    def place(self, request: web.Request) -> tuple[str, bool]:
        """Whose place a request with a body takes: a joined device's, or its source's."""
        found = self.credentials(request)
        if found is not None and self.hub.device(found[0]) is not None:
            return found[0], True
        return self.source(request), False

    # -- attempts at the code ----------------------------------------------------------------------
    @property
    def attempt_cookie(self) -> str:
        return f"__Host-{ATTEMPT_COOKIE}" if self.address.secure else ATTEMPT_COOKIE

    def _keyed(self, text: str) -> str:
        """HMAC-SHA-256 of `text` under the room's key, in hex."""
        return hmac.new(self.attempt_key, text.encode(), hashlib.sha256).hexdigest()

    def _signed(self, nonce: str) -> str:
        return self._keyed(nonce)[:32]

    def _new_guard(self) -> CodeGuard:
        limits = self.limits
        return CodeGuard(
            self.clock,
            limits.code_checks_per_second,
            limits.code_check_burst,
            limits.code_check_reserve,
        )

    async def judge(self, attempt: str, source: str, matches: bool) -> Verdict:
        """One typed code (`matches`: whether it was the right one) through the code guard:
        this server's own, or, with other servers, one made from the counts they share."""
        if not self.shared:
            return self.guard.judge(attempt, source, matches)
        attempt, source = self._keyed(attempt), self._keyed(source)
        # An attempt this server told to wait is answered here until then, from memory: a
        # flood of tries costs the shared store nothing. (It may only be answered sooner by
        # another server, which knows no more than the store.)
        told = self._told.get(attempt)
        if told is not None and self.clock.now() < told:
            return Verdict("slow", told - self.clock.now())

        def change(rows: dict[str, Count]) -> tuple[Verdict, dict[str, Count | None]]:
            guard = self._new_guard()
            guard.restore(rows)
            verdict = guard.judge(attempt, source, matches)
            return verdict, guard.export(attempt, source)

        keys = CodeGuard.keys(attempt, source)
        forget = self.clock.now() - FAILURE_WINDOW_SECONDS
        verdict = await self.hub.aside(lambda store: store.counted(keys, change, forget))
        if verdict.wait > 0:
            self._told[attempt] = self.clock.now() + verdict.wait
            while len(self._told) > MAX_SOURCES:
                self._told.popitem(last=False)
        return verdict

    def _attempt_of(self, request: web.Request) -> str | None:
        nonce, _, mac = request.cookies.get(self.attempt_cookie, "").partition(".")
        if nonce and hmac.compare_digest(mac, self._signed(nonce)):
            return nonce
        return None

    def attempt(self, request: web.Request) -> str:
        """What wrong codes are counted against: this browser's attempt within its source, or,
        without an attempt cookie this server gave, the source itself."""
        source = self.source(request)
        nonce = self._attempt_of(request)
        return source if nonce is None else f"{source} {nonce}"

    def offer_attempt(self, request: web.Request) -> str | None:
        """A Set-Cookie value that gives a browser with no attempt cookie one, as many a
        second as a venue needs from one source: minting them faster buys nothing."""
        if self._attempt_of(request) is not None or self.credentials(request) is not None:
            return None
        if self.attempts.take(self.source(request)) > 0:
            return None
        nonce = secrets.token_urlsafe(12)
        cookie: SimpleCookie = SimpleCookie()
        cookie[self.attempt_cookie] = f"{nonce}.{self._signed(nonce)}"
        morsel = cookie[self.attempt_cookie]
        morsel["httponly"] = True
        morsel["samesite"] = "Strict"
        morsel["secure"] = self.address.secure
        morsel["path"] = "/"
        return morsel.OutputString()

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

    async def device(self, request: web.Request, writing: bool = False) -> Device:
        found = self.credentials(request)
        if found is None:
            raise Problem(401, "Enter the join code first.")
        digest, browser = found
        if writing and browser and not self.same_origin(request):
            raise Problem(403, "This page is not served from here; open the room's address.")
        device = self.hub.device(digest)
        # Joined through another server a moment ago, before this one heard of it: looked up
        # in the store, as often per source as devices may join from it.
        ask = self.shared and device is None and self.lookups.take(self.source(request)) == 0
        if ask and await self.hub.aside(lambda store: store.device(digest)) is not None:
            await self.hub.refresh()
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
