"""A session's PostgreSQL address: ``postgresql://[user@]host[:port]/database?session=NAME``.

The one place an address is read. Everything but ``session`` is libpq's own URL, so a host may
be a Unix socket folder (``%2Frun%2Fpostgresql``) and libpq's options (``sslmode=...``) pass
through, as they were written: only ``%XX`` is decoded, as libpq does (``+`` is a plus sign).

An address is checked whole before anything connects, so that whatever is wrong with it is
one line that names the problem, never what libpq or the server make of it, and never a
value from the address:

- A password is never taken from an address: it would show in the list of processes and in
  shell histories. Neither in the user part (``user:secret@``) nor as a parameter that libpq
  marks as a secret (``password``, ``sslpassword``), in any spelling. It comes from
  ``PGPASSWORD``, a service file or ``~/.pgpass``, as libpq finds it.
- Every parameter is one that libpq knows, given once, ``KEY=VALUE``, in printable text: an
  unknown one could be a misspelt password, and messages quote the address.
- The database is the path's, the user, host and port the authority's: a parameter naming
  one of them again would connect somewhere other than the address shows.
- A port is a number from 1 to 65535; ``%`` starts an escape (``%25`` is a percent sign);
  ``#`` is written ``%23``, since what follows ``#`` is no part of a URL's query and a session
  named ``team#2`` would otherwise quietly be ``team``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from rmworkshop.core.errors import BadFile

SCHEMES = ("postgresql://", "postgres://")
MAX_NAME = 100
"""A session's name: short, one line, no control characters."""

_URL_LIKE = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*://|postgres(?:ql)?:)", re.IGNORECASE)
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PORT = re.compile(r"[0-9]{1,5}")
_PASSWORD = "password"

NO_PASSWORD = (
    "a PostgreSQL address must not hold a password; give it in PGPASSWORD,"
    " a service file or ~/.pgpass"
)


def is_address(text: str) -> bool:
    """Whether a SESSION argument names a database rather than a file."""
    return text.strip().lower().startswith(SCHEMES)


def looks_like_url(text: str) -> bool:
    """Whether a SESSION argument that is not a PostgreSQL address was meant as some address
    (``mysql://...``, ``postgresql+psycopg://...``, ``postgresql:host/db``) rather than a
    file: a file by that name would be made quietly, and its name could hold a password."""
    return _URL_LIKE.match(text) is not None and not is_address(text)


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
        return f"{self.conninfo}{joiner}session={quote(self.session, safe='')}"


def check_name(name: str) -> str:
    """A session's name as stored and looked up: in Unicode's composed form (NFC), so that
    one typed with an accent as a character of its own (as some keyboards and systems send
    it) names the same session."""
    name = unicodedata.normalize("NFC", name)
    if not name or len(name) > MAX_NAME or not name.isprintable() or name != name.strip():
        raise BadFile(
            f"a session's name is 1 to {MAX_NAME} printable characters,"
            " without spaces at either end"
        )
    return name


@functools.cache
def libpq_parameters() -> tuple[frozenset[str], frozenset[str]]:
    """The connection parameters the installed libpq knows, and those of them it marks as
    secrets (shown as ``*``: ``password``, ``sslpassword``) or for debugging only (``D``:
    ``replication``, which no session's connection may be)."""
    from psycopg import pq

    known: set[str] = set()
    refused: set[str] = set()
    for option in pq.Conninfo.get_defaults():
        keyword = option.keyword.decode("ascii")
        (refused if option.dispchar in (b"*", b"D") else known).add(keyword)
    return frozenset(known), frozenset(refused)


def parse(text: str, need_session: bool = True) -> Address:
    """An address, or `BadFile` with one line that quotes nothing of it."""
    if not is_address(text):
        raise BadFile("a PostgreSQL address starts with postgresql://")
    text = text.strip()
    if "#" in text:
        raise BadFile("a PostgreSQL address has no '#': write it %23, in a session's name too")
    if _BAD_ESCAPE.search(text):
        raise BadFile("a PostgreSQL address has a '%' that starts no escape: write it %25")
    try:
        parts = urlsplit(text)
        has_password = parts.password is not None
        user = parts.username
    except ValueError:
        raise BadFile("this PostgreSQL address cannot be read") from None
    if has_password:
        raise BadFile(NO_PASSWORD)
    query = _parameters(parts.query)
    _check_authority(parts.netloc.rpartition("@")[2], query, user is not None)
    sessions = query.pop("session", None)
    if need_session and sessions is None:
        raise BadFile("a PostgreSQL address names its session: add ?session=NAME")
    if not unquote(parts.path).strip("/"):
        raise BadFile("a PostgreSQL address names its database: postgresql://host/database")
    rest = "&".join(
        f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in query.items()
    )
    conninfo = f"postgresql://{parts.netloc}{parts.path}" + (f"?{rest}" if rest else "")
    return Address(conninfo, check_name(sessions) if sessions is not None else None)


def _parameters(query: str) -> dict[str, str]:
    """``KEY=VALUE&...`` as libpq reads it: each key once, known to libpq (or ``session``),
    no secret, and printable values. Messages name a key only once it is known to libpq."""
    known, refused = libpq_parameters()
    found: dict[str, str] = {}
    for item in query.split("&"):
        if not item:
            continue
        key, equals, value = item.partition("=")
        try:
            key = unquote(key, errors="strict")
            value = unquote(value, errors="strict")
        except UnicodeDecodeError:
            raise BadFile("a PostgreSQL address's parameters are not UTF-8 text") from None
        if _PASSWORD in key.lower() or key in refused:
            raise BadFile(NO_PASSWORD)
        if key != "session" and key not in known:
            raise BadFile(
                "a PostgreSQL address takes session=NAME and libpq's connection parameters"
                " (such as sslmode); it has another"
            )
        if not equals:
            raise BadFile(f"a PostgreSQL address's {key} has no value: write {key}=VALUE")
        if key in found:
            raise BadFile(f"a PostgreSQL address gives {key} once")
        if not value.isprintable():
            raise BadFile(f"a PostgreSQL address's {key} has characters that are not printable")
        found[key] = value
    return found


def _check_authority(hosts: str, query: dict[str, str], has_user: bool) -> None:
    """Ports are numbers from 1 to 65535 (each host's, libpq takes several: ``h1,h2:5433``),
    and nothing of the authority or path is named again among the parameters."""
    has_port = False
    for host in hosts.split(","):
        after_host = host.rpartition("]")[2] if host.startswith("[") else host
        _, colon, number = after_host.rpartition(":")
        if colon:
            _check_port(number)
            has_port = True
    for number in query["port"].split(",") if "port" in query else ():
        _check_port(number)
    given = {"dbname": True, "user": has_user, "host": bool(hosts), "port": has_port}
    for key, twice in given.items():
        if twice and key in query:
            raise BadFile(f"a PostgreSQL address names its {key} once, not again as {key}=")


def _check_port(number: str) -> None:
    if not (_PORT.fullmatch(number) and 1 <= int(number) <= 65535):
        raise BadFile("a PostgreSQL address's port is a number from 1 to 65535")
