"""Helpers of the store contract suite: refusals that change nothing, and small builders."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from rmworkshop.core.errors import Refused
from rmworkshop.core.session import Idea, Session
from rmworkshop.store import Store
from tests.helpers import PHASES

PLANNED = [round(minutes * 60) for _, _, minutes in PHASES]
CAPTURE, SHARE, VOTE, DISCUSS, ACTIONS = 1, 2, 3, 4, 5

Dump = Callable[[Store], list[str]]
dump_store: Dump | None = None
"""Everything the backend under test stored; set by the suite's conftest for each test."""


def assert_refused_unchanged(store: Store, action: Callable[[], object], *fragments: str) -> None:
    """The action raises `Refused` (mentioning each fragment) and changes nothing stored."""
    assert dump_store is not None, "the contract conftest sets the backend's dump"
    before = dump_store(store)
    with pytest.raises(Refused) as caught:
        action()
    message = str(caught.value)
    assert message and "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert dump_store(store) == before


def submit_many(store: Store, count: int, prefix: str = "idea") -> list[str]:
    texts = [f"{prefix} {index:02d}" for index in range(count)]
    for text in texts:
        store.submit(text)
    return texts


def idea(session: Session, number: int) -> Idea:
    found = session.idea(number)
    assert found is not None, f"no idea #{number}"
    return found


def level_ranks(session: Session) -> list[int]:
    return [session.levels.rank(m.level) for m in session.share_queue()]


def eventually(condition: Callable[[], bool], what: str, seconds: float = 10.0) -> None:
    """Wait for another thread (a listener) to get somewhere; not a timer of the product."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.01)
