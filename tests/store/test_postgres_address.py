"""Reading a PostgreSQL address: whatever is wrong with one is refused before anything
connects, in one line that quotes nothing of it; what is right reaches libpq as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmworkshop.core.errors import BadFile
from rmworkshop.sessions import place_of
from rmworkshop.store.postgres import Address, parse

SECRET = "Hunter2secret"
DB = "postgresql://rm@db.example.org/rm"


@pytest.mark.parametrize(
    "address",
    [
        f"postgresql://rm:{SECRET}@db.example.org/rm?session=a",
        f"{DB}?session=a&password={SECRET}",
        f"{DB}?session=a&PASSWORD={SECRET}",
        f"{DB}?session=a&pass%77ord={SECRET}",
        f"{DB}?session=a&sslpassword={SECRET}",
        f"{DB}?sslpassword={SECRET}&session=a",
    ],
)
def test_a_password_anywhere_in_an_address_is_refused_without_repeating_it(address: str) -> None:
    with pytest.raises(BadFile) as refused:
        parse(address)
    assert "must not hold a password" in str(refused.value)
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        (f"{DB}?session=a&{SECRET}=1", "libpq's connection parameters"),
        (f"{DB}?session=a&Session=b", "libpq's connection parameters"),
        (f"{DB}?session=a&{SECRET}", "libpq's connection parameters"),
        (f"{DB}?session=a&replication=database", "must not hold a password"),
        (f"{DB}?session=a&sslmode=require&sslmode=disable", "gives sslmode once"),
        (f"{DB}?session=a&sslmode", "sslmode has no value"),
        (f"{DB}?session=a&application_name=a%00{SECRET}", "not printable"),
        (f"{DB}?session=a&application_name=%FF{SECRET}", "not UTF-8"),
        (f"{DB}?session=a&dbname=postgres", "names its dbname once"),
        (f"{DB}?session=a&user={SECRET}", "names its user once"),
        (f"{DB}?session=a&host={SECRET}", "names its host once"),
        ("postgresql://db.example.org:5432/rm?session=a&port=5433", "names its port once"),
        (f"{DB}?session=team#{SECRET}", "has no '#'"),
        (f"{DB}?session=100%{SECRET}", "write it %25"),
        (f"postgresql://rm@db.example.org:99999/rm?session={SECRET}", "1 to 65535"),
        (f"postgresql://rm@db.example.org:0/rm?session={SECRET}", "1 to 65535"),
        (f"postgresql://rm@db.example.org:pg/rm?session={SECRET}", "1 to 65535"),
        (f"postgresql://rm@db.example.org:/rm?session={SECRET}", "1 to 65535"),
        (f"postgresql://h1:5432,h2:70000/rm?session={SECRET}", "1 to 65535"),
        (f"postgresql:///rm?host=%2Fsock&port=x&session={SECRET}", "1 to 65535"),
    ],
)
def test_what_libpq_would_refuse_or_read_otherwise_is_refused_first(
    address: str, fragment: str
) -> None:
    with pytest.raises(BadFile) as refused:
        parse(address)
    message = str(refused.value)
    assert fragment in message
    assert SECRET not in message
    assert "\n" not in message


def test_an_address_reaches_libpq_as_it_was_written() -> None:
    # No host: libpq's default socket. The URL must keep its "//".
    assert parse("postgresql:///rm?session=a") == Address("postgresql:///rm", "a")
    # '+' is a plus sign for libpq, and for the session's name alike.
    plus = parse(f"{DB}?application_name=a+b%20c&session=C++")
    assert plus == Address(f"{DB}?application_name=a%2Bb%20c", "C++")
    assert parse(str(plus)) == plus
    # A '#' or a '%' written as an escape is part of the name.
    assert parse(f"{DB}?session=team%232").session == "team#2"
    assert parse(f"{DB}?session=100%25").session == "100%"
    # Several hosts, IPv6, a socket folder as the host parameter, its port and user.
    for written in (
        "postgresql://h1:5432,h2:5433/rm?session=a",
        "postgresql://[::1]:5432/rm?session=a",
        "postgresql://[::1]/rm?session=a",
        "postgresql:///rm?host=%2Frun%2Fpostgresql&port=5433&user=rm&session=a",
    ):
        assert str(parse(written)) == written


@pytest.mark.parametrize(
    "argument",
    [
        "postgresql:db.example.org/rm?session=a",
        "postgresql:/db.example.org/rm?session=a",
        "postgres:rm?session=a",
        f"postgresql+psycopg://rm:{SECRET}@db.example.org/rm?session=a",
        f"mysql://rm:{SECRET}@db.example.org/rm",
        f"HTTPS://rm:{SECRET}@rm.example.org",
    ],
)
def test_another_kind_of_address_is_refused_rather_than_taken_for_a_file(argument: str) -> None:
    with pytest.raises(BadFile) as refused:
        place_of(argument)
    assert "looks like another kind of address" in str(refused.value)
    assert SECRET not in str(refused.value)


def test_file_names_stay_file_names() -> None:
    for name in ("team.workshop", "C:session.workshop", "./postgresql:a", "a:/b", "postgresql"):
        assert place_of(name) == Path(name)
