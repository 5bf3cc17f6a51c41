"""The session store: one typed contract, and its backends, the only code that speaks SQL.

- `contract`: `Store`, every operation a backend provides (with `DeviceStore`, the devices
  that joined through the participant server), and nothing else
- `sqlite`: the SQLite backend, one session in one file; only the code that wires a program
  together imports it
"""

from rmworkshop.store.contract import (
    Count,
    Device,
    DeviceStore,
    RoomKeys,
    RoomStore,
    Store,
    token_digest,
)

__all__ = ["Count", "Device", "DeviceStore", "RoomKeys", "RoomStore", "Store", "token_digest"]
