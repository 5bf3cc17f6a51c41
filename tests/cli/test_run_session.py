"""`rmworkshop run SESSION`: a session given where the agenda goes (a session file, or a
database address) is resumed, as `run --session SESSION` resumes it; agendas keep their place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rmworkshop.sessions import names_a_session
from rmworkshop.store import Store
from tests.helpers import assert_ok, assert_refused, call_cli


class Opened:
    """Stands for the facilitator console: records the session it was given."""

    places: list[str] = []

    def __init__(self, store: Store, *_: Any, **__: Any) -> None:
        self.places.append(store.place)
        self.return_code = 0

    def run(self) -> None:
        pass


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    Opened.places = []
    monkeypatch.setattr("rmworkshop.ui.facilitator.app.factory.make_facilitator", Opened)
    return Opened.places


def test_run_resumes_a_session_file_given_in_place_of_the_agenda(
    session_file: Path, opened: list[str]
) -> None:
    result = call_cli("run", session_file)
    assert_ok(result)
    assert opened == [str(session_file)]
    assert "--session" in result.stdout


def test_a_session_and_another_session_are_refused_in_one_line(
    session_file: Path, opened: list[str]
) -> None:
    assert_refused(
        call_cli("run", session_file, "--session", session_file), "is a session, not an agenda"
    )
    assert opened == []


def test_what_names_a_session(session_file: Path, tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.toml"
    agenda.write_text('title = "x"\n', encoding="utf-8")
    assert names_a_session(str(session_file))
    assert names_a_session("postgresql://host/db?session=a")
    assert names_a_session("POSTGRES://host/db?session=a")
    assert not names_a_session(str(agenda))
    assert not names_a_session("cross-generational-brainstorm")
    assert not names_a_session(str(tmp_path))  # a folder
    assert not names_a_session(str(tmp_path / "missing.workshop"))
