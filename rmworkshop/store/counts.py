"""The counts a session's participant servers share (`RoomStore.counted`), kept in memory: a
session file is served by one server, so its counts live as long as that process and never in
the file."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from rmworkshop.store.contract import Count, RoomKeys

T = TypeVar("T")


class MemoryRoom:
    """`RoomStore` for a backend whose session one server serves alone."""

    def __init__(self) -> None:
        self._counts: dict[str, Count] = {}

    def room_keys(self, proposed: RoomKeys) -> RoomKeys | None:
        return None  # the server keeps its own keys: nobody else serves this session

    def open_room(self) -> RoomKeys | None:
        return None  # only the server in its own process could have opened it

    def counted(
        self,
        keys: Sequence[str],
        change: Callable[[dict[str, Count]], tuple[T, Mapping[str, Count | None]]],
        forget_before: float,
    ) -> T:
        for key in [key for key, (_, at) in self._counts.items() if at < forget_before]:
            del self._counts[key]
        answer, changed = change({key: self._counts[key] for key in keys if key in self._counts})
        for key, row in changed.items():
            if row is None:
                self._counts.pop(key, None)
            else:
                self._counts[key] = row
        return answer
