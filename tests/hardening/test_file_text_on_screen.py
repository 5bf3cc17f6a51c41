"""Text read from a file never reaches a terminal raw, whoever wrote the file.

A session file edited by hand (or by any other program) is given escape sequences in every
text it holds: the agenda's title, summary, phase names and prompts, the agenda's name, the
levels, people's names and levels, idea texts, merged texts and first steps. Every command
and console that shows them must print none of it: no ESC, BEL or C1 control, no bidi
override. File names given on the command line are shown with such characters spelt out.
"""

from __future__ import annotations

import ast
import json
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import BadFile
from rmworkshop.core.text import one_line, shown
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.app.kiosk import KioskApp
from rmworkshop.ui.review.app.factory import make_review
from tests.helpers import assert_ok, assert_refused, call_cli, go_to, make_agenda, make_roster
from tests.review.conftest import make_outcomes
from tests.ui.pilot_helpers import assert_drawn_inert, drawn_text, wait_until

# What a hostile editor might put in: a window title, clearing the screen, 8-bit CSI and OSC,
# a hyperlink, a device query, a bell, a bidi override and a line break.
SPIKE = (
    "\x1b]0;TITLE-HIJACK\x07"
    "\x1b[2J\x1b[H"
    "\x9b31m"
    "\x9d0;C1-TITLE\x9c"
    "\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\"
    "\x1bP+q544e\x1b\\"
    "\x07\u202e\n"
)
TERMINAL_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert(output: str) -> None:
    """Nothing that a terminal would act on (newlines between lines aside)."""
    found = TERMINAL_CONTROLS.search(output)
    assert found is None, (found, output[max(0, found.start() - 40) : found.end() + 40])
    assert "TITLE-HIJACK" not in output and "C1-TITLE" not in output


def spike_file(path: Path) -> None:
    """Edit a session file as another program might: escape sequences in every text."""
    with sqlite3.connect(path) as db:
        (stored,) = db.execute("SELECT value FROM meta WHERE key = 'agenda'").fetchone()
        agenda = json.loads(stored)
        agenda["title"] = f"Title{SPIKE}end"
        agenda["summary"] = f"Summary{SPIKE}"
        for phase in agenda["phases"]:
            phase["name"] = f"{phase['name']}{SPIKE}"
            phase["prompt"] = f"{SPIKE}{phase['prompt']}"
        db.execute("UPDATE meta SET value = ? WHERE key = 'agenda'", (json.dumps(agenda),))
        db.execute("UPDATE meta SET value = ? WHERE key = 'agenda_name'", (f"name{SPIKE}",))
        (levels,) = db.execute("SELECT value FROM meta WHERE key = 'levels'").fetchone()
        spiked_levels = [
            f"{level}{SPIKE}" if level == "mid" else level for level in json.loads(levels)
        ]
        db.execute("UPDATE meta SET value = ? WHERE key = 'levels'", (json.dumps(spiked_levels),))
        db.execute("UPDATE people SET level = ? WHERE level = 'mid'", (f"mid{SPIKE}",))
        db.execute("UPDATE people SET name = name || ? WHERE name != 'Ana'", (SPIKE,))
        db.execute("UPDATE ideas SET text = text || ?", (SPIKE,))
        db.execute(
            "UPDATE ideas SET first_step = ? WHERE first_step IS NOT NULL", (f"{SPIKE}Book",)
        )


IDEAS = ("Pair juniors with leaders", "Monthly tool demo", "Fewer meetings", "Same")


@pytest.fixture(scope="module")
def spiked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session in its actions phase, with revealed, merged, voted and owned ideas, spiked."""
    path = tmp_path_factory.mktemp("spiked") / "spiked.workshop"
    clock = FakeClock()
    with SessionStore.create(
        path, make_agenda(), "test-agenda", clock, roster=make_roster(), seed=3
    ) as store:
        go_to(store, "capture")
        for text in IDEAS:
            store.submit(text)
        go_to(store, "share")
        assert store.reveal() == 4
        store.merge(3, [4])
        go_to(store, "vote")
        store.cast_ballot("Ana", {1: 1})
        store.cast_ballot("Bo", {2: 1})
        store.close_voting(force=True)
        go_to(store, "actions")
        store.set_owners(1, ["Ana", "Bo"], first_step="Book a room")
    spike_file(path)
    return path


COMMANDS = [
    ("status",),
    ("status", "--json"),
    ("people",),
    ("people", "--json"),
    ("ideas",),
    ("ideas", "--json"),
    ("export",),
    ("export", "--markdown"),
    ("pairs",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_commands_print_no_escape_sequence_from_the_file(
    spiked: Path, command: tuple[str, ...]
) -> None:
    result = call_cli(command[0], spiked, *command[1:])
    assert result.returncode in (0, 2), result
    assert_inert(result.stdout + result.stderr)


def test_the_cleaned_texts_still_show(spiked: Path) -> None:
    listing = assert_ok(call_cli("ideas", spiked))
    # Four ideas, one merged into another: three listed, each without the escapes.
    assert sum(f"{text}link" in listing for text in IDEAS) == 3
    people = assert_ok(call_cli("people", spiked))
    assert "Bo" in people and "Ana" in people
    status = assert_ok(call_cli("status", spiked))
    assert "Titlelinkend" in status.replace(" ", "")


def test_commands_that_name_a_spiked_person_print_nothing_raw(spiked: Path) -> None:
    for args in (("away", spiked, "Bo"), ("here", spiked, "Bo"), ("own", spiked, "2", "Bo")):
        result = call_cli(*args)
        assert_inert(result.stdout + result.stderr)


def test_the_snapshot_hands_out_only_clean_text(spiked: Path) -> None:
    with SessionStore.open(spiked, FakeClock()) as store:
        session = store.snapshot()
        merged = store.merged_texts()
    texts: list[str] = [session.agenda.title, session.agenda.summary, session.agenda_name]
    texts += [text for phase in session.agenda.phases for text in (phase.name, phase.prompt)]
    texts += list(session.levels.names)
    texts += [text for member in session.people for text in (member.name, member.level)]
    for idea in session.ideas:
        texts += [idea.text, idea.first_step or "", *idea.owners]
    texts += [text for group in merged.values() for text in group]
    assert len(texts) > 40
    for text in texts:
        assert_inert(text)


# -- the consoles -------------------------------------------------------------------------


@pytest.fixture
def spiked_capture(tmp_path: Path) -> Iterator[Path]:
    """A spiked session in its capture phase, for the participant consoles."""
    path = tmp_path / "capture.workshop"
    with SessionStore.create(
        path, make_agenda(), "test-agenda", FakeClock(), roster=make_roster()
    ) as store:
        go_to(store, "capture")
    spike_file(path)
    yield path


async def test_join_kiosk_and_facilitator_draw_no_escape_sequence(spiked_capture: Path) -> None:
    clock = FakeClock()
    apps: list[Any] = [
        ParticipantApp(SessionStore.open(spiked_capture, clock), clock, name="Ana"),
        KioskApp(SessionStore.open(spiked_capture, clock), clock),
        make_facilitator(SessionStore.open(spiked_capture, clock), clock),
    ]
    for app in apps:
        async with app.run_test(size=(110, 36)) as pilot:
            await wait_until(pilot, lambda: "Silent ideas" in drawn_text(pilot.app))
            drawn = drawn_text(app)
            assert_inert(drawn)
            assert_drawn_inert(app)


# -- file names in messages ---------------------------------------------------------------

EVIL_NAME = "evil\x1b[2J\x1b]0;T\x07\u202e.toml"


def test_a_file_name_with_escapes_is_spelt_out_by_validate(tmp_path: Path) -> None:
    missing = tmp_path / EVIL_NAME
    line = assert_refused(call_cli("validate", missing))
    assert_inert(line)
    assert "\\x1b[2J" in line
    bad = tmp_path / ("bad" + EVIL_NAME)
    bad.write_text("title = 3\n", encoding="utf-8")
    assert_inert(assert_refused(call_cli("validate", bad)))
    good = tmp_path / ("roster" + EVIL_NAME)
    good.write_text('[[people]]\nname = "Ana"\nlevel = "junior"\n', encoding="utf-8")
    out = assert_ok(call_cli("validate", good))
    assert_inert(out)
    assert "ok (roster, 1 people)" in out


@pytest.mark.parametrize(
    "command",
    [("status",), ("ideas",), ("people",), ("submit", "idea"), ("next",), ("export",)],
    ids=" ".join,
)
def test_a_session_name_with_escapes_is_spelt_out(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = call_cli(command[0], tmp_path / EVIL_NAME, *command[1:])
    assert_inert(assert_refused(result))


def test_new_and_export_spell_out_the_names_they_print(tmp_path: Path) -> None:
    session = tmp_path / f"s{EVIL_NAME}.workshop"
    out = assert_ok(call_cli("new", "cross-generational-brainstorm", "--session", session))
    assert_inert(out)
    assert session.exists()
    exported = tmp_path / f"out{EVIL_NAME}"
    out = assert_ok(call_cli("export", session, "-o", exported))
    assert_inert(out)
    assert exported.exists()


def test_serve_spells_out_the_session_name_it_prints(tmp_path: Path) -> None:
    """The banner names the session file; an escape in its name must not set the title."""
    session = tmp_path / f"room{EVIL_NAME}.workshop"
    SessionStore.create(session, make_agenda(), "test-agenda", FakeClock()).close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "rmworkshop", "serve", str(session), "--port", str(port)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
        finally:
            process.terminate()
    assert first.startswith("Serving the participant page for "), first
    assert_inert(first.rstrip("\n"))
    assert "\\x1b[2J" in first


def test_an_argument_with_escapes_is_spelt_out_in_usage_errors(tmp_path: Path) -> None:
    result: subprocess.CompletedProcess[str] = call_cli("status", tmp_path / "x", "--bogus\x1b[2J")
    assert_inert(assert_refused(result))


async def test_the_facilitator_console_spells_out_its_session_file_name(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / f"room{EVIL_NAME}.workshop"
    store = SessionStore.create(path, make_agenda(), "test-agenda", clock, roster=make_roster())
    app = make_facilitator(store, clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: "Session file" in drawn_text(app))
        drawn = drawn_text(app)
        assert_inert(drawn)
        assert_drawn_inert(app)
        assert "\\x1b[2J" in drawn


def test_every_refusal_message_is_one_inert_line() -> None:
    error = BadFile(f"{EVIL_NAME}: not an rmworkshop session file\nsecond line")
    assert_inert(str(error))
    assert "\n" not in str(error) and "\\n" in str(error)


@pytest.mark.parametrize("count", [1, 2], ids=["one session", "programme"])
async def test_the_review_console_spells_out_file_names(tmp_path: Path, count: int) -> None:
    paths = []
    for number in range(count):
        path = tmp_path / f"{number}{EVIL_NAME}"
        outcome_files.write(make_outcomes(title=f"Session {number}"), path)
        paths.append(path)
    app = make_review(outcome_files.open_files(paths), date(2026, 12, 2))
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: "Session 0" in drawn_text(app))
        drawn = drawn_text(app)
        assert_inert(drawn)
        assert_drawn_inert(app)
        assert "\\x1b[2J" in drawn


@given(st.text())
def test_any_message_becomes_one_printable_line(message: str) -> None:
    line = one_line(message)
    assert line.isprintable()
    assert "\n" not in line and "\x1b" not in line
    if message.isprintable():
        assert line == message


@given(st.text(min_size=1))
def test_a_shown_name_is_printable_and_names_exactly_that_file(name: str) -> None:
    quoted = shown(name)
    assert quoted.isprintable()
    assert quoted == name or ast.literal_eval(quoted) == name
