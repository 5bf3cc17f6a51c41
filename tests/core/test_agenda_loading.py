"""Loading agenda and roster files: good files load, bad ones give one clear BadFile line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rmworkshop.core.errors import BadFile
from rmworkshop.core.plan import PHASE_KINDS, Plan
from rmworkshop.core.roster import DEFAULT_LEVELS, Roster
from rmworkshop.files.reading import load
from tests.core.conftest import WriteFile

AGENDAS_DIR = Path(__file__).resolve().parents[2] / "agendas"

PHASE = '[[phases]]\nname = "Silent brainstorm"\nkind = "capture"\nminutes = 10\n'
"""Four lines: header, name, kind, minutes."""
GOOD = 'title = "Workshop"\n' + PHASE


def _bad(model: type[Plan] | type[Roster], path: Path) -> str:
    with pytest.raises(BadFile) as caught:
        load(model, path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert "\n" not in message, "a bad file gives one line, not a traceback"
    return message


def _line(message: str) -> int:
    found = re.search(r"\bline (\d+)\b", message)
    assert found, f"no line number in {message!r}"
    return int(found.group(1))


# -- good agendas ----------------------------------------------------------------------------


def test_minimal_agenda_loads_with_defaults(write_file: WriteFile) -> None:
    agenda = load(Plan, write_file("agenda.toml", GOOD))
    assert agenda.title == "Workshop"
    assert [p.kind for p in agenda.phases] == ["capture"]
    assert agenda.voting.dots is None
    assert agenda.voting.max_per_idea == 3
    assert agenda.speaking.turn_seconds == 90
    assert agenda.planned_seconds == 600


def test_fractional_minutes_are_accepted(write_file: WriteFile) -> None:
    text = GOOD.replace("minutes = 10", "minutes = 1.5") + PHASE.replace("10", "0.25")
    agenda = load(Plan, write_file("agenda.toml", text))
    assert [p.minutes for p in agenda.phases] == [1.5, 0.25]
    assert [p.planned_seconds for p in agenda.phases] == [90, 15]


@pytest.mark.parametrize("path", sorted(AGENDAS_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_bundled_agenda_loads(path: Path) -> None:
    agenda = load(Plan, path)
    assert agenda.title
    assert agenda.phases
    assert all(phase.planned_seconds > 0 for phase in agenda.phases)


def test_bundled_agendas_exist() -> None:
    names = {path.stem for path in AGENDAS_DIR.glob("*.toml")}
    assert "cross-generational-brainstorm" in names
    assert len(names) >= 2


def test_default_agenda_runs_the_whole_workshop_in_order() -> None:
    agenda = load(Plan, AGENDAS_DIR / "cross-generational-brainstorm.toml")
    kinds: list[str] = [phase.kind for phase in agenda.phases]
    wanted = ["info", "capture", "share", "vote", "discuss", "actions"]
    positions = [kinds.index(kind) for kind in wanted]
    assert positions == sorted(positions), kinds
    assert set(kinds) <= set(PHASE_KINDS)


def test_markup_in_titles_and_prompts_is_kept_literally_but_escapes_are_removed(
    write_file: WriteFile,
) -> None:
    text = (
        'title = "\\u001b[31m[b]Hi[/b]\\u001b[0m"\n'
        'summary = "[link=https://example.com]x[/link]\\u0007"\n'
        "[[phases]]\n"
        'name = "[red]Share\\u001b]0;title hijack\\u0007 round"\n'
        'kind = "share"\n'
        "minutes = 5\n"
        'prompt = "one\\ntwo \\u202eevil\\u202c [@click=app.quit]quit[/]"\n'
    )
    agenda = load(Plan, write_file("agenda.toml", text))
    assert agenda.title == "[b]Hi[/b]"
    assert agenda.summary == "[link=https://example.com]x[/link]"
    assert agenda.phases[0].name == "[red]Share round"
    assert agenda.phases[0].prompt == "one two evil [@click=app.quit]quit[/]"


# -- bad agendas -----------------------------------------------------------------------------


def test_not_toml_reports_the_line(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", 'title = "x"\n\nthis is not toml\n')
    message = _bad(Plan, path)
    assert "not valid TOML" in message
    assert _line(message) == 3


def test_unknown_top_level_key(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", 'title = "x"\ncolour = "red"\n' + PHASE)
    message = _bad(Plan, path)
    assert f"{path}: colour (line 2): unknown key" == message


def test_unknown_key_inside_a_phase(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", GOOD + PHASE + "colour = 1\n")
    message = _bad(Plan, path)
    assert "phases[1].colour" in message
    assert "unknown key" in message
    assert _line(message) == 10


def test_unknown_key_inside_an_optional_table(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", 'title = "x"\n[voting]\ndotz = 3\n' + PHASE)
    message = _bad(Plan, path)
    assert "voting.dotz" in message
    assert _line(message) == 3


def test_minutes_of_the_wrong_type(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", GOOD.replace("minutes = 10", 'minutes = "ten"'))
    message = _bad(Plan, path)
    assert "phases[0].minutes" in message
    assert _line(message) == 5


def test_title_of_the_wrong_type(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", GOOD.replace('"Workshop"', "3"))
    message = _bad(Plan, path)
    assert "title" in message
    assert "string" in message
    assert _line(message) == 1


def test_boolean_is_not_a_number_of_minutes(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", GOOD.replace("minutes = 10", "minutes = true"))
    assert "phases[0].minutes" in _bad(Plan, path)


@pytest.mark.parametrize("minutes", ["-1", "0", "-0.5", "0.0"])
def test_non_positive_minutes_name_the_phase_and_line(write_file: WriteFile, minutes: str) -> None:
    # Third phase is the bad one: lines 2-5, 6-9 and 10-13.
    text = GOOD + PHASE + PHASE.replace("minutes = 10", f"minutes = {minutes}")
    path = write_file("agenda.toml", text)
    message = _bad(Plan, path)
    assert "phases[2].minutes" in message
    assert "greater than 0" in message
    assert _line(message) == 13


def test_missing_key_points_at_its_phase_header(write_file: WriteFile) -> None:
    # Second phase (header on line 6) has no minutes: the line is where the key belongs.
    path = write_file("agenda.toml", GOOD + PHASE.replace("minutes = 10\n", ""))
    message = _bad(Plan, path)
    assert "phases[1].minutes" in message
    assert "missing" in message
    assert _line(message) == 6


def test_no_phases(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", 'title = "x"\n')
    message = _bad(Plan, path)
    assert "phases" in message
    assert "missing" in message


def test_empty_phases(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", 'title = "x"\nphases = []\n')
    message = _bad(Plan, path)
    assert "phases" in message
    assert _line(message) == 2


def test_unknown_kind(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", GOOD.replace('"capture"', '"party"'))
    message = _bad(Plan, path)
    assert "phases[0].kind" in message
    assert "'capture'" in message, "the message lists the kinds that are allowed"
    assert _line(message) == 4


def test_blank_title(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", GOOD.replace('"Workshop"', '"  \\u0007 "'))
    message = _bad(Plan, path)
    assert "title" in message
    assert "blank" in message


def test_missing_title(write_file: WriteFile) -> None:
    message = _bad(Plan, write_file("agenda.toml", PHASE))
    assert "title" in message
    assert "missing" in message


@pytest.mark.parametrize(
    ("table", "key_path"),
    [
        ("[voting]\ndots = 0\n", "voting.dots"),
        ("[voting]\nmax_per_idea = 0\n", "voting.max_per_idea"),
        ("[speaking]\nturn_seconds = 0\n", "speaking.turn_seconds"),
        ("[speaking]\nturn_seconds = 1.5\n", "speaking.turn_seconds"),
    ],
)
def test_bad_settings_name_their_key(write_file: WriteFile, table: str, key_path: str) -> None:
    path = write_file("agenda.toml", 'title = "x"\n' + table + PHASE)
    message = _bad(Plan, path)
    assert key_path in message
    assert _line(message) == 3


def test_several_problems_report_the_first_and_count_the_rest(write_file: WriteFile) -> None:
    text = "title = 3\ncolour = 1\n" + PHASE.replace("10", "0")
    message = _bad(Plan, write_file("agenda.toml", text))
    assert "more problem" in message


# -- file-level problems ---------------------------------------------------------------------


def test_not_utf8_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_bytes(b'title = "x"\n# caf\xe9\n')
    message = _bad(Plan, path)
    assert "UTF-8" in message
    assert _line(message) == 2


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    assert "no such file" in _bad(Plan, path)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert "directory" in _bad(Plan, tmp_path)


# -- rosters ---------------------------------------------------------------------------------

ANA = '[[people]]\nname = "Ana"\nlevel = "junior"\n'


def test_roster_defaults(write_file: WriteFile) -> None:
    roster = load(Roster, write_file("roster.toml", ANA))
    assert tuple(roster.levels) == DEFAULT_LEVELS
    assert [(p.name, p.level) for p in roster.people] == [("Ana", "junior")]


def test_empty_roster_is_fine(write_file: WriteFile) -> None:
    roster = load(Roster, write_file("roster.toml", ""))
    assert roster.people == []
    assert tuple(roster.levels) == DEFAULT_LEVELS


def test_roster_with_its_own_levels(write_file: WriteFile) -> None:
    text = 'levels = ["new hire", "lead"]\n[[people]]\nname = " Bo \\t "\nlevel = "lead"\n'
    roster = load(Roster, write_file("roster.toml", text))
    assert roster.levels == ["new hire", "lead"]
    assert roster.people[0].name == "Bo"


def test_roster_unknown_level(write_file: WriteFile) -> None:
    path = write_file("roster.toml", ANA + '[[people]]\nname = "Bo"\nlevel = "boss"\n')
    message = _bad(Roster, path)
    assert "people[1].level" in message
    assert "'boss'" in message
    assert "junior" in message, "the message lists the known levels"
    assert _line(message) == 6


def test_roster_level_is_case_sensitive(write_file: WriteFile) -> None:
    path = write_file("roster.toml", ANA.replace('"junior"', '"Junior"'))
    assert "people[0].level" in _bad(Roster, path)


def test_roster_duplicate_names_ignore_case(write_file: WriteFile) -> None:
    path = write_file("roster.toml", ANA + ANA.replace('"Ana"', '"ana"').replace("junior", "mid"))
    message = _bad(Roster, path)
    assert "people[1].name" in message
    assert "twice" in message
    assert _line(message) == 5


def test_roster_repeated_levels(write_file: WriteFile) -> None:
    path = write_file("roster.toml", 'levels = ["junior", "senior", "Junior"]\n')
    message = _bad(Roster, path)
    assert "levels[2]" in message
    assert "repeat" in message
    assert _line(message) == 1


def test_roster_empty_levels(write_file: WriteFile) -> None:
    message = _bad(Roster, write_file("roster.toml", "levels = []\n"))
    assert "levels" in message


@pytest.mark.parametrize("blank", ['""', '"   "', '"\\u0007\\t"', '"\\u200b"'])
def test_roster_blank_name(write_file: WriteFile, blank: str) -> None:
    path = write_file("roster.toml", ANA + ANA.replace('"Ana"', blank))
    message = _bad(Roster, path)
    assert "people[1].name" in message
    assert "blank" in message
    assert _line(message) == 5


def test_roster_blank_level_name(write_file: WriteFile) -> None:
    message = _bad(Roster, write_file("roster.toml", 'levels = ["junior", " "]\n'))
    assert "levels[1]" in message
    assert "blank" in message


def test_roster_unknown_key(write_file: WriteFile) -> None:
    path = write_file("roster.toml", ANA + 'email = "ana@example.com"\n')
    message = _bad(Roster, path)
    assert "people[0].email" in message
    assert "unknown key" in message
    assert _line(message) == 4


def test_roster_missing_level(write_file: WriteFile) -> None:
    path = write_file("roster.toml", '[[people]]\nname = "Ana"\n')
    message = _bad(Roster, path)
    assert "people[0].level" in message
    assert "missing" in message


def test_roster_not_toml(write_file: WriteFile) -> None:
    path = write_file("roster.toml", ANA + "[[people]\n")
    message = _bad(Roster, path)
    assert "not valid TOML" in message
    assert _line(message) == 4
