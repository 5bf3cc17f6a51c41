"""Fixtures for console tests: a session on a fake clock, built with the real factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rmworkshop.agendas import load_agenda
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.roster import Person, Roster
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore

PEOPLE = [
    Person(name="Ana", level="junior"),
    Person(name="Bo", level="intern"),
    Person(name="Carl", level="senior"),
    Person(name="Dee", level="executive"),
    Person(name="Eli", level="junior"),
]

MakeStore = Callable[..., Store]


@pytest.fixture(autouse=True)
def error_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where a console's error reports go during a test: never the real state folder."""
    folder = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder / "rmworkshop"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_795_000_000.0)


@pytest.fixture
def make_store(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MakeStore]:
    """Creates sessions under a fixed relative path, so screens show the same text each run."""
    monkeypatch.chdir(tmp_path)
    opened: list[Store] = []

    def make(
        agenda: str = "cross-generational-brainstorm",
        people: list[Person] | None = None,
        name: str = "workshop.workshop",
    ) -> Store:
        agenda_name, model = load_agenda(
            str(Path(__file__).resolve().parents[2] / "agendas" / f"{agenda}.toml")
        )
        store = SessionStore.create(
            Path(name),
            model,
            agenda_name,
            clock,
            roster=Roster(people=PEOPLE if people is None else people),
            seed=7,
        )
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()  # closing twice is harmless
