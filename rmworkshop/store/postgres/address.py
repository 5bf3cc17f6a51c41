"""A session's PostgreSQL address: ``postgresql://[user@]host[:port]/database?session=NAME``.

The one place an address is read. Everything but ``session`` is libpq's own URL, so a host may
be a Unix socket folder (``%2Frun%2Fpostgresql``) and libpq's options (``sslmode=...``) pass
through. A password is never taken from an address: it would show in the list of processes
and in shell histories. It comes from ``PGPASSWORD``, a service file or ``~/.pgpass``, as libpq
finds it, and no message ever repeats an address that held one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from rmworkshop.core.errors import BadFile

SCHEMES = ("postgresql://", "postgres://")
MAX_NAME = 100
"""A session's name: short, one line, no control characters."""


def is_address(text: str) -> bool:
    """Whether a SESSION argument names a database rather than a file."""
    return text.strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class Address:
    """A database, and optionally one session in it."""

    conninfo: str
    """libpq's URL of the database, without the session."""
    session: str | None

    def with_session(self, name: str) -> Address:
        return Address(self.conninfo, check_name(name))

    def __str__(self) -> str:
        if self.session is None:
            return self.conninfo
        joiner = "&" if urlsplit(self.conninfo).query else "?"
        return f"{self.conninfo}{joiner}{urlencode({'session': self.session}, quote_via=quote)}"


def check_name(name: str) -> str:
    if not name or len(name) > MAX_NAME or not name.isprintable() or name != name.strip():
        raise BadFile(
            f"a session's name is 1 to {MAX_NAME} printable characters,"
            " without spaces at either end"
        )
    return name


def parse(text: str, need_session: bool = True) -> Address:
    """An address, or `BadFile` with one line that does not repeat a password."""
    if not is_address(text):
        raise BadFile("a PostgreSQL address starts with postgresql://")
    try:
        parts = urlsplit(text.strip())
        query = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False)
        has_password = parts.password is not None
    except ValueError:
        raise BadFile("this PostgreSQL address cannot be read") from None
    if has_password or any(key == "password" for key, _ in query):
        raise BadFile(
            "a PostgreSQL address must not hold a password; give it in PGPASSWORD,"
            " a service file or ~/.pgpass"
        )
    sessions = [value for key, value in query if key == "session"]
    rest = [(key, value) for key, value in query if key != "session"]
    if len(sessions) > 1:
        raise BadFile("a PostgreSQL address names one session (session=NAME)")
    if need_session and not sessions:
        raise BadFile("a PostgreSQL address names its session: add ?session=NAME")
    if not parts.path.strip("/"):
        raise BadFile("a PostgreSQL address names its database: postgresql://host/database")
    conninfo = urlunsplit(
        ("postgresql", parts.netloc, parts.path, urlencode(rest, quote_via=quote), "")
    )
    return Address(conninfo, check_name(sessions[0]) if sessions else None)
