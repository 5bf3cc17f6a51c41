"""A mistaken key costs nothing, from the shell too: moves name the phase they move from,
voting stays open until closed on purpose, and nothing is exported from an open vote."""

from __future__ import annotations

import json
from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import (
    assert_ok,
    assert_refused,
    call_cli,
    go_to,
    make_agenda,
    make_roster,
)


def _session(tmp_path: Path, ballots: int) -> Path:
    path = tmp_path / "keys.workshop"
    with SessionStore.create(path, make_agenda(), "keys", FakeClock(), make_roster()) as store:
        go_to(store, "capture")
        for text in ("one", "two", "three"):
            store.submit(text)
        go_to(store, "vote")
        for name in ("Ana", "Bo", "Cy")[:ballots]:
            store.cast_ballot(name, {1: 1})
    return path


def _status(path: Path) -> dict[str, object]:
    data = json.loads(assert_ok(call_cli("status", path, "--json")))
    assert isinstance(data, dict)
    return data


def test_next_from_a_phase_already_left_is_refused(tmp_path: Path) -> None:
    path = _session(tmp_path, ballots=0)
    index = _status(path)["index"]
    assert isinstance(index, int)
    shown = index + 1  # the phase number status prints
    assert_ok(call_cli("next", path, "--from", str(shown)))
    line = assert_refused(call_cli("next", path, "--from", str(shown)), "already moved")
    assert "Open discussion" in line
    assert _status(path)["index"] == index + 1, "one move, not two"
    assert_refused(call_cli("back", path, "--from", str(shown)), "already moved")
    assert_ok(call_cli("back", path, "--from", str(shown + 1)))
    assert_refused(call_cli("next", path, "--from", "x"), "phase number")


def test_leaving_the_vote_keeps_it_open_and_export_waits_for_the_close(tmp_path: Path) -> None:
    path = _session(tmp_path, ballots=3)
    assert_ok(call_cli("next", path))
    assert _status(path)["voting"] == "open"
    assert "Voting: open" in assert_ok(call_cli("status", path))
    before = path.read_bytes()
    assert_refused(call_cli("export", path), "Voting is still open", "close-vote")
    assert_refused(call_cli("export", path, "-o", tmp_path / "out.toml"), "close-vote")
    assert not (tmp_path / "out.toml").exists()
    assert path.read_bytes() == before
    assert_ok(call_cli("close-vote", path))
    assert "votes = 3" in assert_ok(call_cli("export", path))


def test_close_vote_with_one_ballot_needs_force(tmp_path: Path) -> None:
    path = _session(tmp_path, ballots=1)
    assert_refused(call_cli("close-vote", path), "Only 1 ballot", "force")
    assert _status(path)["voting"] == "open"
    assert "1 ballot counted" in assert_ok(call_cli("close-vote", path, "--force"))


def test_close_vote_with_two_ballots_needs_force(tmp_path: Path) -> None:
    """With two ballots each voter subtracts their own from the result and reads the other's."""
    path = _session(tmp_path, ballots=2)
    assert_refused(call_cli("close-vote", path), "Only 2 ballots", "subtract", "force")
    assert _status(path)["voting"] == "open"
    assert "2 ballots counted" in assert_ok(call_cli("close-vote", path, "--force"))


def test_a_later_reveal_of_one_late_idea_needs_force(tmp_path: Path) -> None:
    """One idea sent after a reveal would be the last number: it waits for two more."""
    path = tmp_path / "late.workshop"
    with SessionStore.create(path, make_agenda(), "late", FakeClock(), make_roster()) as store:
        go_to(store, "capture")
        for text in ("one", "two", "three"):
            store.submit(text)
        store.reveal()
        store.submit("late")
    assert_refused(call_cli("reveal", path), "1 new idea", "force")
    assert "Revealed 1 idea" in assert_ok(call_cli("reveal", path, "--force"))
