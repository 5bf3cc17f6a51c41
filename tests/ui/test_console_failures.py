"""Failures in a console: a storage error is one plain line and the console carries on; a bug
leaves a private report and one line, never Textual's traceback with its local variables; a
write that waits for the file does not freeze the screen; a deleted file stops the console."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Busy, StorageError
from rmworkshop.store import Store
from rmworkshop.store.sqlite.problems import BUSY
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.modals import ConfirmDialog
from rmworkshop.ui.failures import crash_line
from rmworkshop.ui.lost import FileLostScreen
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.local_participant import LocalParticipant
from tests.helpers import go_to
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import Drawn, other_process, wait_until

SIZE = (100, 30)
DISK_FULL = StorageError("x.workshop: the disk is full; nothing was changed")
"""What every backend raises when its disk is full."""


def everything_said(app: Any) -> str:
    """What the console drew and every notice it raised."""
    notices = [notice.message for notice in app._notifications]
    return Drawn(app).text() + "\n" + "\n".join(notices)


def failing(*_: object, **__: object) -> None:
    raise DISK_FULL


def session_file(app: ParticipantApp) -> Store:
    """The session file behind a participant console on the same account."""
    backend = app.store
    assert isinstance(backend, LocalParticipant)
    return backend.store


def typed(app: ParticipantApp) -> str:
    return app.screen.query_one("#idea", Input).value


async def test_a_full_disk_when_casting_is_one_line_and_the_ballot_is_kept(
    make_store: MakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store()
    go_to(store, "capture")
    for text in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        store.submit(text)
    go_to(store, "vote")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Dee")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sessions = session_file(app)
        cast_ballot = sessions.cast_ballot
        monkeypatch.setattr(sessions, "cast_ballot", failing)
        await pilot.press("plus", "down", "plus", "v", "v")  # v asks first: dots left
        await pilot.pause()
        said = everything_said(app)
        assert "disk is full" in said or "could not be written" in said
        assert "Dee" not in said.replace("you are Dee", ""), "no name in the failure"
        assert "{" not in said and "choices" not in said, "no ballot in the failure"
        assert isinstance(app.screen, ParticipantScreen) and app.is_running
        assert app.ballot == {1: 1, 2: 1}, "the dots stay for another try"
        monkeypatch.setattr(sessions, "cast_ballot", cast_ballot)
        await pilot.press("v")  # the disk has room again: the same ballot goes in
        await wait_until(pilot, lambda: app.has_voted)
    assert store.snapshot().voting.ballots == 1


async def test_a_full_disk_when_submitting_keeps_the_idea_and_never_shows_it(
    make_store: MakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store()
    go_to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        submit = session_file(app).submit
        monkeypatch.setattr(session_file(app), "submit", failing)
        await pilot.press(*"my private idea", "enter")
        await pilot.pause()
        assert typed(app) == "my private idea", "kept in the field for another try"
        assert "my private idea" not in everything_said(app).replace(typed(app), "")
        assert app.is_running and app.my_ideas == []
        monkeypatch.setattr(session_file(app), "submit", submit)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.my_ideas == ["my private idea"])


@pytest.mark.parametrize("columns", ["40", "80", "400"])
async def test_a_bug_leaves_a_private_report_without_local_variables(
    make_store: MakeStore,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    error_reports: Path,
    capfd: pytest.CaptureFixture[str],
    columns: str,
) -> None:
    """The line naming the report is whole at any width, on a terminal or in a log: rich
    would otherwise wrap it at the width (80 without a terminal), splitting the path."""
    monkeypatch.setenv("COLUMNS", columns)
    store = make_store()
    go_to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")

    def broken(self: object, stored: str) -> None:
        secret_ballot = {"Ana": "my secret ballot"}  # a local the report must not show
        raise RuntimeError(f"unexpected ({len(secret_ballot)})")

    monkeypatch.setattr(ParticipantApp, "remember_idea", broken)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"an idea", "enter")
            await pilot.pause()
    assert app.return_code == 1
    (report,) = error_reports.iterdir()
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text()
    assert "RuntimeError: unexpected (1)" in text
    assert "my secret ballot" not in text and "secret_ballot =" not in text
    printed = capfd.readouterr()
    shown = printed.out + printed.err
    line = f"rmworkshop stopped on an unexpected error; a report is in {report}."
    assert line in shown.splitlines(), shown
    assert "my secret ballot" not in shown and "secret_ballot" not in shown


def test_the_crash_line_is_one_line_whatever_the_report_is_called() -> None:
    odd = Path("/tmp/state\nfolder\x1b[2J/rmworkshop-error-1.txt")
    line = crash_line(odd)
    assert line.isprintable(), line
    assert line == f"rmworkshop stopped on an unexpected error; a report is in {str(odd)!r}."
    assert crash_line(None).endswith("; no report could be written.")


@pytest.mark.parametrize("holder", ["busy", "slow"])
async def test_a_write_that_waits_for_the_file_leaves_the_screen_running(
    make_store: MakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, holder: str
) -> None:
    """Another program holds the file: the store refuses as busy until it lets go, or one
    write simply takes long. Either way the screen stops waiting at once and says so."""
    store = make_store()
    go_to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    released = threading.Event()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sessions = session_file(app)
        submit = sessions.submit

        def held_until_released(text: str) -> str:
            if holder == "slow":
                released.wait()
            elif not released.is_set():
                raise Busy(f"The session file {BUSY}.")
            return str(submit(text))

        monkeypatch.setattr(sessions, "submit", held_until_released)
        await pilot.press(*"patient idea", "enter")
        await wait_until(pilot, lambda: bool(app.screen.query("#store-waiting")))
        banner = app.screen.query_one("#store-waiting")
        await wait_until(pilot, lambda: banner.display)
        await pilot.press(*"typing goes on")  # the screen still takes keys meanwhile
        assert typed(app) == "typing goes on"
        released.set()
        await wait_until(pilot, lambda: app.my_ideas == ["patient idea"] and not banner.display)
    assert store.snapshot().idea_count == 1


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_a_console_whose_file_goes_stops_taking_ideas(
    make_store: MakeStore, clock: FakeClock, how: str
) -> None:
    store = make_store()
    go_to(store, "capture")
    path = file_of(store)
    app = ParticipantApp(other_process(path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if how == "deleted":
            os.remove(path)
        else:
            shutil.copyfile(path, path.with_name("copy"))
            path.with_name("copy").replace(path)  # the same name, another file
        await wait_until(pilot, lambda: isinstance(app.screen, FileLostScreen))
        await wait_until(pilot, lambda: "deleted or replaced" in Drawn(app).text())
        await pilot.press(*"lost idea", "enter")
        await pilot.pause()
        assert app.my_ideas == []


async def test_closing_voting_asks_first(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    go_to(store, "capture")
    for text in ("alpha", "beta", "gamma"):
        store.submit(text)
    go_to(store, "vote")
    for name in ("Ana", "Bo"):
        store.cast_ballot(name, {1: 1})
    app = make_facilitator(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "2 ballots of 5" in Drawn(app).text()
        assert "subtract" in Drawn(app).text(), "the question says what two ballots give away"
        await pilot.press("enter")  # the default answer changes nothing
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        assert not app.session.voting.closed
        await pilot.press("c", "n")
        await pilot.pause()
        assert not app.session.voting.closed
        await pilot.press("c", "y")
        await wait_until(pilot, lambda: app.session.voting.closed)


async def test_revealing_one_late_idea_asks_first_and_says_why(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    for text in ("alpha", "beta", "gamma"):
        store.submit(text)
    store.reveal()
    store.submit("late")
    app = make_facilitator(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "since the last reveal" in Drawn(app).text()
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        assert store.unrevealed() == 1, "held back"
        await pilot.press("r", "y")
        await wait_until(pilot, lambda: len(app.session.votable) == 4)
