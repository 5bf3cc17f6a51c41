"""Where the server listens, the address people are shown, and which origins and hosts are ours.

Served on every interface or on one room address, people are shown this machine's address on
the room's network, never 0.0.0.0 or 127.0.0.1. With a public URL (a reverse proxy in front),
they are shown that URL.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from rmworkshop.core.errors import Refused

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def room_address() -> str | None:
    """This machine's address on the network its default route leads to, if it has one.

    Connecting a UDP socket sends nothing; it only asks the kernel which address it would use.
    """
    for probe in ("10.255.255.255", "192.0.2.1"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                address: str = udp.getsockname()[0]
        except OSError:
            continue
        if address and not is_loopback(address) and address not in WILDCARDS:
            return address
    return None


def _url(host: str, port: int, scheme: str = "http") -> str:
    shown = f"[{host}]" if ":" in host else host
    default = (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    return f"{scheme}://{shown}" if default else f"{scheme}://{shown}:{port}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(frozen=True)
class Address:
    """How the server is reached: what it binds, what it shows, what it accepts."""

    host: str
    port: int
    public_url: str | None = None

    def __post_init__(self) -> None:
        if self.public_url is not None:
            try:
                parts = urlsplit(self.public_url)
                port = parts.port  # a port that is no number, or out of range, raises here
            except ValueError:
                raise Refused("The public URL cannot be read: give https://HOST[:PORT].") from None
            if "@" in parts.netloc:
                # Everyone in the room would be shown it, in the QR code too.
                raise Refused("The public URL holds no user or password: https://HOST[:PORT].")
            if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
                raise Refused(f"{self.public_url!r} is not an http:// or https:// address.")
            if parts.path not in ("", "/") or parts.query or parts.fragment:
                # The page asks for /api/... and /static/...: it lives at the root of its host.
                raise Refused(
                    f"{self.public_url!r}: the page is served at the root of its own host name;"
                    " give the address without a path."
                )

    @property
    def loopback(self) -> bool:
        return self.public_url is None and is_loopback(self.host)

    @property
    def behind_proxy(self) -> bool:
        return self.public_url is not None

    @property
    def secure(self) -> bool:
        return self.public_url is not None and self.public_url.lower().startswith("https:")

    def shown(self) -> str:
        """The address people open; their phones can reach it unless `loopback`."""
        if self.public_url is not None:
            return self.public_url.rstrip("/")
        if self.host in WILDCARDS:
            room = room_address()
            return _url(room or "127.0.0.1", self.port)
        return _url(self.host, self.port)

    def origins(self) -> frozenset[str]:
        """Origins a browser may write from: the shown address and this machine's own names."""
        found = {_origin(self.shown())}
        if self.public_url is None:
            hosts = {self.host}
            if self.host in WILDCARDS or is_loopback(self.host):
                hosts.update(LOOPBACK_NAMES)
            if self.host in WILDCARDS:
                room = room_address()
                if room:
                    hosts.add(room)
            found.update(_origin(_url(h, self.port)) for h in hosts if h not in WILDCARDS)
        return frozenset(found)

    def hosts(self) -> frozenset[str]:
        """Host headers we answer to, so a rebound DNS name cannot reach the page."""
        return frozenset(urlsplit(origin).netloc for origin in self.origins())
