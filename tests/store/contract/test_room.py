"""What the participant servers of one session share: the room's keys, kept by the first server
to ask where several servers serve a session, and the counts they keep together."""

from __future__ import annotations

from rmworkshop.store import RoomKeys, Store
from rmworkshop.store.contract import ROOM_ALIVE_SECONDS, Count
from tests.store.contract.backends import Backend

FIRST = RoomKeys("K7PQ-3MXY", "Q2WE-R4TY", "ab" * 32, "https://a.example.org")
LATER = RoomKeys("ZZZZ-2222", "YYYY-3333", "cd" * 32, "https://b.example.org")


def test_the_first_servers_keys_are_kept_where_several_servers_share_a_session(
    store: Store, backend: Backend
) -> None:
    assert store.open_room() is None, "no server has opened the room yet"
    kept = store.room_keys(FIRST)
    other = backend.another(store)
    try:
        again = other.room_keys(LATER)
        seen = other.open_room()
    finally:
        other.close()
    if kept is None:  # one server serves this session: it keeps its own keys
        assert again is None and seen is None
    else:
        assert kept == FIRST
        # The codes and key are the first server's; the address, the last one's to open.
        assert again == seen == FIRST._replace(url=LATER.url)
        assert store.room_keys(FIRST) == FIRST
        assert store.open_room() == FIRST
        store.room_keys(FIRST._replace(attempt_key="ef" * 32))  # a restart, while open
        assert store.open_room() == FIRST, "the same room, while a server keeps it open"
        store.counted(["a"], lambda rows: (None, {"a": (1.0, backend.clock.now())}), 0.0)
        backend.clock.advance(ROOM_ALIVE_SECONDS + 1)
        assert store.open_room() is None, "no server marked it open for a minute"
        assert store.room_keys(LATER) == LATER, "closed, it opens anew with new keys"
        assert store.open_room() == LATER
        assert store.counted(["a"], lambda rows: (dict(rows), {}), 0.0) == {}, "nothing kept"


def test_counts_are_changed_one_at_a_time_and_forgotten_when_old(store: Store) -> None:
    store.room_keys(FIRST)
    version = store.data_version()

    def bump(key: str, at: float, forget_before: float = 0.0) -> dict[str, Count]:
        def change(rows: dict[str, Count]) -> tuple[dict[str, Count], dict[str, Count | None]]:
            amount, _ = rows.get(key, (0.0, at))
            return dict(rows), {key: (amount + 1, at)}

        return store.counted([key, "other"], change, forget_before)

    assert bump("a", 100.0) == {}
    assert bump("a", 101.0) == {"a": (1.0, 100.0)}
    assert bump("b", 102.0) == {}
    assert store.counted(["a", "b"], lambda rows: (dict(rows), {}), 0.0) == {
        "a": (2.0, 101.0),
        "b": (1.0, 102.0),
    }
    forgotten = store.counted(["a", "b"], lambda rows: (dict(rows), {"b": None}), 0.0)
    assert forgotten == {"a": (2.0, 101.0), "b": (1.0, 102.0)}
    assert store.counted(["a", "b"], lambda rows: (dict(rows), {}), 0.0) == {"a": (2.0, 101.0)}
    assert store.counted(["a"], lambda rows: (dict(rows), {}), 101.5) == {}, "too old"
    assert store.data_version() == version, "counts are not session data"


def test_counts_are_shared_by_every_server_of_a_shared_session(
    store: Store, backend: Backend
) -> None:
    shared = store.room_keys(FIRST) is not None
    now = backend.clock.now()
    store.counted(["a"], lambda rows: (None, {"a": (3.0, now)}), 0.0)
    other = backend.another(store)
    try:
        other.room_keys(LATER)
        seen = other.counted(["a"], lambda rows: (dict(rows), {}), 0.0)
    finally:
        other.close()
    assert seen == ({"a": (3.0, now)} if shared else {})


def test_a_session_has_a_short_name_within_its_place(store: Store) -> None:
    assert store.name and "\n" not in store.name
    assert store.name in store.place
