"""Devices that never claim a name: when they expire, what the facilitator's clear takes, and
how the room is counted for the facilitator."""

from __future__ import annotations

from rmworkshop.core.devices import (
    CLEAR_GRACE_SECONDS,
    UNCLAIMED_DEVICE_SECONDS,
    Joined,
    RoomCounts,
    expired,
    to_clear,
)

DEVICES = [
    Joined("old", None, False),
    Joined("new", None, False),
    Joined("named", 3, False),
    Joined("kiosk", None, True),
]


def test_only_old_devices_holding_no_name_expire() -> None:
    joined = {"old": 0.0, "new": 100.0, "named": 0.0, "kiosk": 0.0}
    assert expired(DEVICES, joined.__getitem__, UNCLAIMED_DEVICE_SECONDS - 1) == []
    assert expired(DEVICES, joined.__getitem__, UNCLAIMED_DEVICE_SECONDS) == ["old"]
    later = UNCLAIMED_DEVICE_SECONDS + 100
    assert expired(DEVICES, joined.__getitem__, later) == ["old", "new"]


def test_clearing_keeps_names_kiosks_and_the_newest() -> None:
    joined = {"old": 0.0, "new": 50.0, "named": 0.0, "kiosk": 0.0}
    assert to_clear(DEVICES, joined.__getitem__, CLEAR_GRACE_SECONDS) == ["old"]
    assert to_clear(DEVICES, joined.__getitem__, 50 + CLEAR_GRACE_SECONDS) == ["old", "new"]


def test_the_room_is_counted_in_one_line() -> None:
    assert (
        RoomCounts(412, 400, 3).line() == "412 devices joined from 3 addresses; 12 hold no name yet"
    )
    assert RoomCounts(1, 0, 1).line() == "1 device joined from 1 address; 1 holds no name yet"
