"""Hostile text on every console surface: ideas typed into `join` and `kiosk`, names given to
`join --as`, and roster names, agenda titles and prompts.

Each input is shown literally once control characters are removed, or refused with a clear
message. None may crash a console, change another person's screen, or run an action.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import tomli_w
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from rmworkshop.agendas import load_agenda
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.roster import Roster
from rmworkshop.core.text import MAX_IDEA_CHARS, MAX_NAME_CHARS, clean, clean_name
from rmworkshop.files.reading import load
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.app.kiosk import KioskApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.session_app import SessionApp
from rmworkshop.ui.widgets.phase_panels import PhasePanels
from tests.helpers import call_cli, go_to, hostile_inputs
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import (
    PANEL_FOR_KIND,
    Drawn,
    assert_drawn_inert,
    digits_of,
    drawn_literally,
    drawn_text,
    other_process,
    squeezed,
    text_of,
    wait_until,
)

SIZE = (100, 30)
TALL = (100, 90)
"""Tall enough for the join console to draw every accepted idea in its "#mine" list at once."""
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PREFIX = 24
"""How much of a cut-short text must still be drawn to tell it from the others."""


def acceptable_idea(text: str) -> bool:
    return 0 < len(clean(text)) <= MAX_IDEA_CHARS


def accepted_ideas() -> list[str]:
    """Every hostile input that is a storable idea, as it is stored, each once."""
    return list(dict.fromkeys(clean(text) for text in hostile_inputs() if acceptable_idea(text)))


def assert_drawn_as(screen: Drawn, selector: str, expected: str, at_least: int = 60) -> None:
    """The widget draws `expected` as typed: in full, or, when its height cuts it short, a
    start of it at least `at_least` characters long. Allows only for where lines wrapped."""
    drawn, wanted = squeezed(screen.text(selector)), squeezed(expected)
    assert drawn == wanted or (
        wanted.startswith(drawn) and len(drawn) >= min(at_least, len(wanted))
    ), (selector, expected, screen.text(selector))


async def drawn_soon(pilot: Pilot[Any], check: Callable[[], None]) -> None:
    """Run `check` on the screen once the console has caught up with a change made elsewhere;
    if it never does, fail with the check's own message."""

    def holds() -> bool:
        try:
            check()
        except AssertionError:
            return False
        return True

    with suppress(AssertionError):
        await wait_until(pilot, holds)
    check()


def visible_start(text: str) -> str:
    """The start of an idea that a table cell draws even when it cuts the idea short."""
    return squeezed(text)[:PREFIX]


def _capture(store: Store) -> None:
    while not store.snapshot().is_started or store.snapshot().kind != "capture":
        store.next_phase()


async def test_ideas_typed_into_join_and_kiosk(make_store: MakeStore, clock: FakeClock) -> None:
    """Both participant consoles and the facilitator run side by side on one session."""
    store = make_store()
    _capture(store)
    path = file_of(store)
    facilitator = make_facilitator(other_process(path, clock), clock)
    join = ParticipantApp(other_process(path, clock), clock, name="Ana")
    kiosk = KioskApp(other_process(path, clock), clock)
    inputs = hostile_inputs()
    accepted = 0
    async with (
        facilitator.run_test(size=(120, 36)) as host,
        join.run_test(size=TALL) as join_keys,
        kiosk.run_test(size=SIZE) as kiosk_keys,
    ):
        await host.pause()
        heading_before = text_of(facilitator, "#phase-name")
        for pilot, app in ((join_keys, join), (kiosk_keys, kiosk)):
            box = app.screen.query_one("#idea", Input)
            for text in inputs:
                box.value = text  # as if typed or pasted; Input keeps what it is given
                await pilot.press("enter")
                if acceptable_idea(text):
                    accepted += 1
                    if app is join:
                        assert join.my_ideas[-1] == clean(text)
                        assert clean(text) in text_of(join, "#mine")
                        # What is drawn, not only what the list was given: the newest line.
                        mine = drawn_text(join, "#mine")
                        assert squeezed(mine).endswith(squeezed(f"• {clean(text)}")), mine
                    else:
                        assert text_of(kiosk, "#kiosk-note").startswith("Thank you")
                    assert box.value == ""
                else:
                    note = "#capture-error" if app is join else "#kiosk-note"
                    message = text_of(app, note)
                    assert "blank" in message or str(MAX_IDEA_CHARS) in message, (text, message)
                assert app.is_running, f"{text!r} stopped the console"
            assert isinstance(app.screen, ParticipantScreen)
        assert not CONTROLS.search(text_of(join, "#mine"))
        mine = drawn_text(join, "#mine")
        for idea in accepted_ideas():
            assert drawn_literally(f"• {idea}", mine), (idea, mine)
        assert_drawn_inert(join)
        assert_drawn_inert(kiosk)
        kiosk_screen = squeezed(drawn_text(kiosk))
        for text in inputs:
            if acceptable_idea(text) and len(clean(text)) > 12:
                assert squeezed(clean(text)) not in kiosk_screen, "the kiosk never shows an idea"
        # Another person's screen: the facilitator counts ideas and nothing else changes.
        await wait_until(host, lambda: digits_of(facilitator, "#idea-count") == str(accepted))
        assert facilitator.is_running
        assert isinstance(facilitator.screen, LiveScreen)
        assert text_of(facilitator, "#phase-name") == heading_before
    assert store.snapshot().idea_count == accepted
    assert accepted > len(inputs) // 2


def _revealed(store: Store, kind: str) -> list[str]:
    """Every accepted hostile idea submitted and revealed, then on to a phase of `kind`."""
    go_to(store, "capture")
    ideas = accepted_ideas()
    store.submit_many(ideas)
    store.reveal()
    go_to(store, kind)
    return ideas


async def test_board_draws_every_revealed_hostile_idea_literally(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    ideas = _revealed(store, "capture")
    facilitator = make_facilitator(store, clock)
    async with facilitator.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await wait_until(pilot, lambda: bool(facilitator.screen.query("#board")))
        await _walk_ideas(pilot, facilitator, "#board", "#board-detail", ideas)


async def _walk_ideas(
    pilot: Pilot[Any],
    app: SessionApp[Any, Any],
    table_id: str,
    detail_id: str,
    ideas: list[str],
    at_least: int = 60,
) -> None:
    """Walk a table of ideas from top to bottom, as a person reads down it: each idea drawn in
    its row and in the detail below."""
    table: DataTable[object] = app.screen.query_one(table_id, DataTable)
    assert table.has_focus
    seen: set[str] = set()
    rows_drawn: list[str] = []
    for row in range(table.row_count):
        if row:
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == row
        number = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        idea = app.session.idea(number)
        assert idea is not None
        seen.add(idea.text)
        screen = Drawn(app)
        rows_drawn.append(squeezed(screen.text(table_id)))
        assert_drawn_as(screen, detail_id, f"#{number}  {idea.text}", at_least=at_least)
        screen.assert_inert()
    assert seen == set(ideas)
    # Each row is drawn at some point of the walk; not necessarily while it is selected,
    # since a long idea's detail grows and can push its own row out of view.
    for text in ideas:
        assert any(visible_start(text) in drawn for drawn in rows_drawn), text
    assert app.is_running


async def _check_ballot(pilot: Pilot[Any], app: ParticipantApp, ideas: list[str]) -> None:
    # The detail has no height limit here: the whole idea is drawn below the table.
    await _walk_ideas(pilot, app, "#ballot", "#ballot-detail", ideas, at_least=10_000)


async def test_ballots_on_join_and_kiosk_draw_hostile_ideas_literally(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    ideas = _revealed(store, "vote")
    join = ParticipantApp(other_process(file_of(store), clock), clock, name="Ana")
    async with join.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(join.screen.query("#ballot")))
        await _check_ballot(pilot, join, ideas)
    kiosk = KioskApp(other_process(file_of(store), clock), clock)
    async with kiosk.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(kiosk.screen.query("#voters")))
        await pilot.pause()
        await pilot.press("enter")  # the first name on "who is voting?"
        await wait_until(pilot, lambda: kiosk.me is not None)
        await _check_ballot(pilot, kiosk, ideas)


async def test_names_given_to_join_as(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    shown: dict[str, str] = {}
    for text in hostile_inputs():
        name = text[: MAX_NAME_CHARS + 5]
        app = ParticipantApp(other_process(file_of(store), clock), clock, name=name, level="mid")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.is_running
            try:
                expected = clean_name(name)
            except Refused:
                assert app.me is None, name
                assert not isinstance(app.screen, ParticipantScreen)
                continue
            if expected.casefold() in {n.casefold() for n in shown}:
                continue  # the same name cleaned: joins as that person
            assert app.me == expected
            assert text_of(app, "#who").endswith(f"you are {expected}")
            shown[expected] = text_of(app, "#who")
    assert len(shown) > 20
    names = {member.name for member in store.snapshot().people}
    assert set(shown) <= names
    for name in names:
        assert not CONTROLS.search(name), repr(name)


def _hostile_agenda(tmp_path: Path) -> tuple[Path, Path]:
    texts = [text for text in hostile_inputs() if clean(text)]
    agenda = {
        "title": texts[3][:100],  # [@click=app.quit]...
        "summary": texts[4],  # ANSI colours
        "phases": [
            {"name": texts[i % len(texts)][:60], "kind": kind, "minutes": 5, "prompt": texts[-i]}
            for i, kind in enumerate(("info", "capture", "share", "vote", "actions"), 1)
        ],
    }
    names: dict[str, str] = {}
    for text in texts:
        with suppress(Refused):
            names.setdefault(clean_name(text[:MAX_NAME_CHARS]).casefold(), text[:MAX_NAME_CHARS])
    levels = ("intern", "junior", "mid", "senior", "executive")
    roster = {
        "people": [
            {"name": name, "level": levels[i % len(levels)]}
            for i, name in enumerate(names.values())
        ]
    }
    agenda_path, roster_path = tmp_path / "hostile.toml", tmp_path / "hostile-roster.toml"
    agenda_path.write_text(tomli_w.dumps(agenda), encoding="utf-8")
    roster_path.write_text(tomli_w.dumps(roster), encoding="utf-8")
    return agenda_path, roster_path


async def test_roster_names_agenda_titles_and_prompts(tmp_path: Path, clock: FakeClock) -> None:
    agenda_path, roster_path = _hostile_agenda(tmp_path)
    result = call_cli("validate", agenda_path, roster_path)
    assert result.returncode == 0, result.stderr
    name, agenda = load_agenda(str(agenda_path))
    roster = load(Roster, roster_path)
    store = SessionStore.create(tmp_path / "h.workshop", agenda, name, clock, roster=roster)
    for text in (agenda.title, agenda.summary, *(p.prompt for p in agenda.phases)):
        assert not CONTROLS.search(text), repr(text)
    facilitator = make_facilitator(store, clock)
    async with facilitator.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert text_of(facilitator, "#start-title") == agenda.title
        people = text_of(facilitator, "#start-people-list")
        for person in roster.people:
            assert clean_name(person.name)[:20] in people
        await pilot.press("enter")
        for phase in agenda.phases:
            await pilot.pause()
            assert facilitator.is_running
            assert text_of(facilitator, "#phase-name").endswith(phase.name)
            await pilot.press("greater_than_sign")
    first = roster.people[0].name
    participant = ParticipantApp(other_process(store.path, clock), clock, name=first)
    async with participant.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert participant.is_running
        assert agenda.title in text_of(participant, "#who")


PROMPT_KINDS = ("capture", "share", "discuss", "vote", "actions")
"""Phase kinds whose prompt both consoles show above the panel (info shows it large instead)."""


def settled(app: App[Any], kind: str) -> None:
    """The panel for this phase kind is built and on show. Moving on before that would
    redraw a panel still being built, a product race reported separately."""
    shown = app.screen.query_one(PhasePanels).visible_content
    assert shown is not None and shown.id == PANEL_FOR_KIND[kind] and shown.is_mounted, shown


def _prompt_agenda(tmp_path: Path) -> Path:
    """One phase per hostile input, each its prompt. A prompt may be blank; a name may not."""
    texts = hostile_inputs()
    agenda = {
        "title": " ".join(texts[:4]),  # markup, a link and an action tag in a required field
        "summary": " ".join(texts[4:7] + texts[24:26]),
        "phases": [
            {
                "name": f"Phase {i}",
                "kind": PROMPT_KINDS[i % len(PROMPT_KINDS)],
                "minutes": 5,
                "prompt": text,
            }
            for i, text in enumerate(texts, 1)
        ],
    }
    path = tmp_path / "prompts.toml"
    path.write_text(tomli_w.dumps(agenda), encoding="utf-8")
    return path


async def test_every_hostile_prompt_is_drawn_literally_on_both_consoles(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = _prompt_agenda(tmp_path)
    name, agenda = load_agenda(str(path))
    assert [p.prompt for p in agenda.phases] == [clean(t) for t in hostile_inputs()]
    roster = Roster.model_validate({"people": [{"name": "Ana", "level": "junior"}]})
    store = SessionStore.create(tmp_path / "p.workshop", agenda, name, clock, roster=roster)
    facilitator = make_facilitator(store, clock)
    participant = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    # A third connection moves the phases on, so both consoles pick each change up by polling,
    # as they would from the `next` command; key presses here would wait for an idle process.
    chair = other_process(store.path, clock)
    async with (
        facilitator.run_test(size=(120, 36)) as host,
        participant.run_test(size=SIZE) as guest,
    ):
        await host.pause()
        start = Drawn(facilitator)
        assert_drawn_as(start, "#start-title", agenda.title)
        assert_drawn_as(start, "#start-summary", agenda.summary)
        start.assert_inert()
        await host.press("enter")  # the facilitator starts the session
        for index, phase in enumerate(agenda.phases):
            if index:
                chair.next_phase()
            heading = f"{index + 1}/{len(agenda.phases)}  {phase.name}"
            kind = phase.kind

            def host_draws(
                prompt: str = phase.prompt, heading: str = heading, kind: str = kind
            ) -> None:
                settled(facilitator, kind)
                screen = Drawn(facilitator)
                assert_drawn_as(screen, "#phase-name", heading)
                # The facilitator's prompt is cut at four lines, the participant's at five.
                assert_drawn_as(screen, "#prompt", prompt, at_least=250)
                assert_drawn_as(screen, "#title", agenda.title)
                screen.assert_inert()

            def guest_draws(
                prompt: str = phase.prompt, name: str = phase.name, kind: str = kind
            ) -> None:
                settled(participant, kind)
                screen = Drawn(participant)
                assert_drawn_as(screen, "#phase-name", name)
                assert_drawn_as(screen, "#prompt", prompt, at_least=400)
                assert_drawn_as(screen, "#who", f"{agenda.title}   ·   you are Ana")
                screen.assert_inert()

            await drawn_soon(host, host_draws)
            await drawn_soon(guest, guest_draws)
        assert facilitator.is_running and participant.is_running
    chair.close()
