"""``rmworkshop validate``, ``agendas`` and ``new`` on good and malformed files.

A bad file gives exit code 2 and one line on stderr naming the file, the key path and the
line where there is one.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from rmworkshop.agendas import bundled
from tests.helpers import assert_ok, assert_refused, call_cli

PHASE = '[[phases]]\nname = "{name}"\nkind = "{kind}"\nminutes = {minutes}\n'
GOOD_AGENDA = 'title = "Good"\n' + PHASE.format(name="Ideas", kind="capture", minutes=5)
BUNDLED = (
    "cross-generational-brainstorm",
    "lean-coffee",
    "open-dialogue",
    "reverse-mentoring-follow-up",
    "reverse-mentoring-kickoff",
)


@dataclass(frozen=True)
class Bad:
    content: str | bytes
    where: str
    """The key path (or "" when the whole file is at fault)."""
    line: int | None
    says: str


def two_phases(second: str) -> str:
    return 'title = "x"\n' + PHASE.format(name="a", kind="info", minutes=1) + second


BAD: dict[str, Bad] = {
    "agenda-not-toml": Bad('title = "x\n[[phases]]\n', "", 1, "not valid TOML"),
    "agenda-not-utf8": Bad(b'title = "caf\xe9"\n', "", 1, "not UTF-8"),
    "agenda-unknown-key": Bad(
        'title = "x"\ncolour = "red"\n' + PHASE.format(name="a", kind="info", minutes=1),
        "colour",
        2,
        "unknown key",
    ),
    "agenda-unknown-phase-key": Bad(
        two_phases('[[phases]]\nname = "b"\nkind = "info"\nminutes = 1\nextra = 2\n'),
        "phases[1].extra",
        10,
        "unknown key",
    ),
    "agenda-wrong-type": Bad(
        two_phases('[[phases]]\nname = "b"\nkind = "info"\nminutes = "ten"\n'),
        "phases[1].minutes",
        9,
        "valid number",
    ),
    "agenda-wrong-type-voting": Bad(
        'title = "x"\n[voting]\ndots = "5"\n' + PHASE.format(name="a", kind="info", minutes=1),
        "voting.dots",
        3,
        "valid integer",
    ),
    "agenda-zero-minutes": Bad(
        two_phases(PHASE.format(name="b", kind="info", minutes=0)),
        "phases[1].minutes",
        9,
        "greater than 0",
    ),
    "agenda-negative-minutes": Bad(
        two_phases(PHASE.format(name="b", kind="info", minutes=-5)),
        "phases[1].minutes",
        9,
        "greater than 0",
    ),
    "agenda-empty-phases": Bad('title = "x"\nphases = []\n', "phases", 2, "at least 1"),
    "agenda-no-phases": Bad('title = "x"\nsummary = "nothing to do"\n', "phases", None, "missing"),
    "agenda-unknown-kind": Bad(
        two_phases(PHASE.format(name="b", kind="brainstorm", minutes=3)),
        "phases[1].kind",
        8,
        "'capture'",
    ),
    "agenda-blank-name": Bad(
        'title = "x"\n' + PHASE.format(name="   ", kind="info", minutes=1),
        "phases[0].name",
        3,
        "blank",
    ),
    "roster-unknown-level": Bad(
        '[[people]]\nname = "Ana"\nlevel = "junior"\n\n[[people]]\nname = "Bo"\nlevel = "boss"\n',
        "people[1].level",
        7,
        "unknown level 'boss'",
    ),
    "roster-duplicate-names": Bad(
        '[[people]]\nname = "Ana"\nlevel = "junior"\n[[people]]\nname = "ANA"\nlevel = "mid"\n',
        "people[1].name",
        5,
        "listed twice",
    ),
    "roster-duplicate-levels": Bad(
        'levels = ["new", "old", "new"]\n[[people]]\nname = "Ana"\nlevel = "new"\n',
        "levels[2]",
        1,
        "'new'",
    ),
    "roster-unknown-key": Bad(
        '[[people]]\nname = "Ana"\nlevel = "junior"\nage = 23\n',
        "people[0].age",
        4,
        "unknown key",
    ),
    "roster-wrong-type": Bad(
        '[[people]]\nname = 5\nlevel = "junior"\n', "people[0].name", 2, "valid string"
    ),
    "neither": Bad('colour = "red"\n', "", None, "not an agenda, roster or outcomes file"),
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / f"{name}.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check_line(line: str, path: Path, bad: Bad) -> None:
    assert line.startswith(f"rmworkshop: {path}: "), line
    rest = line.removeprefix(f"rmworkshop: {path}: ")
    if bad.where:
        assert rest.startswith(bad.where + (f" (line {bad.line}): " if bad.line else ": ")), line
    elif bad.line:
        assert rest.startswith(f"line {bad.line}: "), line
    assert bad.says in line, line


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_file_exits_2_with_one_line(tmp_path: Path, case: str) -> None:
    bad = BAD[case]
    path = write(tmp_path, case, bad.content)
    result = call_cli("validate", path)
    check_line(assert_refused(result), path, bad)
    assert result.stdout == ""


def test_one_line_per_bad_file_among_good_ones(tmp_path: Path) -> None:
    good = write(tmp_path, "good", GOOD_AGENDA)
    roster = write(tmp_path, "roster", '[[people]]\nname = "Ana"\nlevel = "junior"\n')
    first, second = "agenda-zero-minutes", "roster-unknown-level"
    bad_one = write(tmp_path, first, BAD[first].content)
    bad_two = write(tmp_path, second, BAD[second].content)
    result = call_cli("validate", good, bad_one, roster, bad_two)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    check_line(lines[0], bad_one, BAD[first])
    check_line(lines[1], bad_two, BAD[second])
    assert result.stdout.splitlines() == [
        f"{good}: ok (agenda, 1 phases)",
        f"{roster}: ok (roster, 1 people)",
    ]


def test_missing_files_and_directories_are_bad_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    assert_refused(call_cli("validate", missing), str(missing), "no such file")
    assert_refused(call_cli("validate", tmp_path), str(tmp_path), "directory")


def test_good_files_exit_0(tmp_path: Path) -> None:
    agendas = bundled()
    assert sorted(agendas) == sorted(BUNDLED)
    roster = write(
        tmp_path,
        "roster",
        'levels = ["new", "old"]\n[[people]]\nname = "Ana"\nlevel = "new"\n'
        '[[people]]\nname = "Bo"\nlevel = "old"\n',
    )
    good = write(tmp_path, "good", GOOD_AGENDA)
    out = assert_ok(call_cli("validate", *agendas.values(), good, roster))
    lines = out.splitlines()
    assert len(lines) == len(agendas) + 2
    for line, path in zip(lines, [*agendas.values(), good, roster], strict=True):
        assert line.startswith(f"{path}: ok ("), line
    assert lines[-1].endswith("(roster, 2 people)")


def test_agendas_lists_the_five_bundled_agendas() -> None:
    out = assert_ok(call_cli("agendas"))
    headlines = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert [line.split(":")[0] for line in headlines] == [
        "cross-generational-brainstorm (default)",
        "lean-coffee",
        "open-dialogue",
        "reverse-mentoring-follow-up",
        "reverse-mentoring-kickoff",
    ]
    assert all(" min, " in line and line.endswith(" phases") for line in headlines)


@pytest.mark.parametrize("case", ["agenda-zero-minutes", "agenda-not-toml", "agenda-no-phases"])
def test_new_with_a_bad_agenda_creates_nothing(tmp_path: Path, case: str) -> None:
    agenda = write(tmp_path, case, BAD[case].content)
    session = tmp_path / "never.workshop"
    before = sorted(tmp_path.iterdir())
    check_line(assert_refused(call_cli("new", agenda, "--session", session)), agenda, BAD[case])
    assert not session.exists()
    assert sorted(tmp_path.iterdir()) == before


def test_new_with_a_bad_roster_or_unknown_agenda_creates_nothing(tmp_path: Path) -> None:
    case = "roster-duplicate-names"
    roster = write(tmp_path, case, BAD[case].content)
    before = sorted(tmp_path.iterdir())
    line = assert_refused(
        call_cli("new", "lean-coffee", "--roster", roster, "--session", "s.workshop", cwd=tmp_path)
    )
    check_line(line, roster, BAD[case])
    assert_refused(call_cli("new", "no-such-agenda", cwd=tmp_path), "no-such-agenda", "bundled")
    assert sorted(tmp_path.iterdir()) == before


def test_new_without_a_session_path_names_one_in_the_current_folder(tmp_path: Path) -> None:
    out = assert_ok(call_cli("new", "lean-coffee", cwd=tmp_path))
    created = tmp_path / out.strip()
    assert created.name.startswith("lean-coffee-") and created.suffix == ".workshop"
    assert stat.S_IMODE(created.stat().st_mode) == 0o600
    assert_ok(call_cli("status", created))
