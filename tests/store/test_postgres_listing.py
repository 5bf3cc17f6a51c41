"""`rmworkshop sessions` on a database other programs change meanwhile: a session removed
between reading the registry and reading the session is left out, not an error; one whose
tables are really damaged is still said in one line."""

from __future__ import annotations

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import StorageError
from rmworkshop.store.postgres import listing, parse, registry
from rmworkshop.store.postgres.registry import Listed
from tests.postgres_server import made_session, server_url


def test_a_session_removed_while_listing_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    read = registry.listed

    def with_a_removed_one(connection: object) -> list[Listed]:
        found = read(connection)  # type: ignore[arg-type]
        return [Listed("removed meanwhile", "s_0000000000000000", 0.0), *found]

    with made_session() as address:
        monkeypatch.setattr(registry, "listed", with_a_removed_one)
        names = [entry.name for entry in listing.sessions(parse(server_url(), False), FakeClock())]
    assert address.session in names
    assert "removed meanwhile" not in names


def test_a_listed_session_whose_tables_are_gone_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = registry.listed
    with made_session() as address:

        def with_wrong_tables(connection: object) -> list[Listed]:
            return [
                Listed(entry.name, "s_0000000000000000", entry.created)
                if entry.name == address.session
                else entry
                for entry in read(connection)  # type: ignore[arg-type]
            ]

        monkeypatch.setattr(registry, "listed", with_wrong_tables)
        with pytest.raises(StorageError, match="damaged or missing"):
            listing.sessions(parse(server_url(), False), FakeClock())
