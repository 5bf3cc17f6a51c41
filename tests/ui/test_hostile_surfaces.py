"""Hostile text on every console surface: ideas typed into `join` and `kiosk`, names given to
`join --as`, and roster names, agenda titles and prompts.

Each input is shown literally once control characters are removed, or refused with a clear
message. None may crash a console, change another person's screen, or run an action.
"""

from __future__ import annotations

import re
from contextlib import suppress
from pathlib import Path

import tomli_w
from textual.widgets import Input

from rmworkshop.agendas import load_agenda
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.loading import load
from rmworkshop.core.roster import Roster
from rmworkshop.core.text import MAX_IDEA_CHARS, MAX_NAME_CHARS, clean, clean_name
from rmworkshop.store import SessionStore
from rmworkshop.ui.facilitator.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.kiosk import KioskApp
from tests.helpers import hostile_inputs, run_cli
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import digits_of, other_process, text_of, wait_until

SIZE = (100, 30)
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def acceptable_idea(text: str) -> bool:
    return 0 < len(clean(text)) <= MAX_IDEA_CHARS


def _capture(store: SessionStore) -> None:
    while not store.snapshot().is_started or store.snapshot().kind != "capture":
        store.next_phase()


async def test_ideas_typed_into_join_and_kiosk(make_store: MakeStore, clock: FakeClock) -> None:
    """Both participant consoles and the facilitator run side by side on one session."""
    store = make_store()
    _capture(store)
    path = Path(store.path)
    facilitator = make_facilitator(other_process(path, clock), clock)
    join = ParticipantApp(other_process(path, clock), clock, name="Ana")
    kiosk = KioskApp(other_process(path, clock), clock)
    inputs = hostile_inputs()
    accepted = 0
    async with (
        facilitator.run_test(size=(120, 36)) as host,
        join.run_test(size=SIZE) as join_keys,
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
        kiosk_screen = "\n".join(str(w.render()) for w in kiosk.screen.query("Static"))
        for text in inputs:
            if acceptable_idea(text) and len(clean(text)) > 12:
                assert clean(text) not in kiosk_screen, "the kiosk never shows an idea again"
        # Another person's screen: the facilitator counts ideas and nothing else changes.
        await wait_until(host, lambda: digits_of(facilitator, "#idea-count") == str(accepted))
        assert facilitator.is_running
        assert isinstance(facilitator.screen, LiveScreen)
        assert text_of(facilitator, "#phase-name") == heading_before
    assert store.snapshot().idea_count == accepted
    assert accepted > len(inputs) // 2


async def test_names_given_to_join_as(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    shown: dict[str, str] = {}
    for text in hostile_inputs():
        name = text[: MAX_NAME_CHARS + 5]
        app = ParticipantApp(other_process(Path(store.path), clock), clock, name=name, level="mid")
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
    result = run_cli("validate", agenda_path, roster_path)
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
