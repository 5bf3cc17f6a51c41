"""`rmworkshop sessions` on a database other programs change meanwhile: a session removed
between reading the registry and reading the session is left out, not an error; one whose
tables are really damaged is still said in one line."""

from __future__ import annotations

import secrets
from urllib.parse import quote

import psycopg
import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.store.postgres import Address, PostgresStore, listing, parse, registry
from rmworkshop.store.postgres.registry import Listed
from tests.helpers import make_agenda
from tests.postgres_server import drop_sessions, made_session, server_url


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


def test_the_summary_in_the_registry_follows_every_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the registry's summary says is what reading the session whole says, at every
    step; and a listing reads no session whole when each has its summary."""
    url, clock = server_url(), FakeClock()

    def both(address: Address) -> tuple[listing.Listing | None, listing.Listing | None]:
        with psycopg.connect(url, autocommit=True) as connection:
            (entry,) = [e for e in registry.listed(connection) if e.name == address.session]
        return listing.summarised(entry), listing.read_whole(parse(url, False), entry, clock)

    with made_session() as address, PostgresStore.open(address, clock) as store:
        steps = [
            lambda: None,
            store.start,
            store.next_phase,
            lambda: store.add_person("Zed", "intern"),
            store.pause,
        ]
        seen = []
        for step in steps:
            step()
            summarised, whole = both(address)
            assert summarised is not None and summarised == whole
            seen.append((summarised.phase, summarised.people))
        while not store.snapshot().is_finished:
            store.next_phase()
        assert both(address)[0] == both(address)[1]
        assert both(address)[0].phase == "finished"  # type: ignore[union-attr]

        def never(*_: object) -> None:
            raise AssertionError("a summarised session was read whole")

        monkeypatch.setattr(listing, "read_whole", never)
        names = [entry.name for entry in listing.sessions(parse(url, False), clock)]
        assert address.session in names
    assert seen[0][0] == "not started" and seen[1][0].endswith("(info, running)")
    assert seen[3][1] == seen[2][1] + 1 and seen[4][0].endswith(", paused)")


def test_a_summary_behind_its_sessions_version_is_not_believed() -> None:
    """A write by an older program raises the version but leaves the summary as it was: the
    session is then read whole."""
    url, clock = server_url(), FakeClock()
    with made_session() as address, PostgresStore.open(address, clock) as store:
        store.start()
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(
                "UPDATE rmworkshop.sessions SET version = version + 1 WHERE name = %s",
                (address.session,),
            )
            (entry,) = [e for e in registry.listed(connection) if e.name == address.session]
        assert entry.summary is not None
        assert listing.summarised(entry) is None
        whole = listing.read_whole(parse(url, False), entry, clock)
        assert whole is not None and whole.phase.endswith("(info, running)")


@pytest.mark.parametrize(
    "twin",
    [
        "caf\u00e9-{tag}",  # another case
        "CAFE\u0301-{tag}",  # another case, the accent as a character of its own (NFD)
        "C\u0430f\u00e9-{tag}",  # a Cyrillic a
        "\uff23af\u00e9-{tag}",  # a fullwidth C
    ],
)
def test_a_new_session_whose_name_looks_like_anothers_is_refused(twin: str) -> None:
    """In `rmworkshop sessions` the two would read as one: the second is refused, in one
    line that does not name the first, and the first is untouched."""
    url = server_url()
    tag = secrets.token_hex(4)
    names = [f"Caf\u00e9-{tag}", twin.format(tag=tag), f"Cafeteria-{tag}"]
    first, second, other = (parse(url, False).with_session(name) for name in names)
    clock = FakeClock()
    try:
        with PostgresStore.create(first, make_agenda(), "test-agenda", clock):
            pass
        with pytest.raises(Refused, match="looks like the name of another session") as refused:
            PostgresStore.create(second, make_agenda(), "test-agenda", clock)
        said = str(refused.value)
        assert names[0] not in said and quote(names[0], safe="") not in said
        listed = [entry.name for entry in listing.sessions(parse(url, False), clock)]
        assert names[0] in listed and names[1] not in listed
        with PostgresStore.create(other, make_agenda(), "test-agenda", clock):
            pass  # alike in part only
    finally:
        drop_sessions(url, names)


def test_a_name_with_its_accent_apart_names_the_same_session() -> None:
    """An accent typed as a character of its own (NFD) is the composed name (NFC): the
    address opens the session, and a new one by that name is told it exists."""
    url = server_url()
    tag = secrets.token_hex(4)
    composed, apart = f"Caf\u00e9-{tag}", f"Cafe\u0301-{tag}"
    clock = FakeClock()
    try:
        with PostgresStore.create(
            parse(url, False).with_session(composed), make_agenda(), "t", clock
        ):
            pass
        joiner = "&" if "?" in url else "?"
        address = parse(f"{url}{joiner}session={quote(apart, safe='')}")  # as typed
        assert address.session == composed
        with PostgresStore.open(address, clock) as store:
            assert store.name == composed
        with pytest.raises(Refused, match="already exists"):
            PostgresStore.create(address, make_agenda(), "t", clock)
        listed = [entry.name for entry in listing.sessions(parse(url, False), clock)]
        assert listed.count(composed) == 1 and apart not in listed
    finally:
        drop_sessions(url, [composed])
