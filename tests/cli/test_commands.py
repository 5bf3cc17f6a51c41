"""A whole workshop driven from the shell, and the exit-code contract of every command."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import assert_ok, assert_refused, call_cli, dump

PEOPLE = ("Ana", "Bo", "Cy", "Dee", "Eli")
BEST = "Monthly tool show-and-tell run by new hires"
SECOND = "Reverse office hours: leaders ask, new hires answer"
THIRD = "Chat-first by default, meetings by exception"
IDEAS = (
    BEST,
    SECOND,
    THIRD,
    "Write decisions down where everyone can find them",
    "[b]Feedback[/b] in days, not quarters",
    "Pair on the tools we buy, before we buy them",
    "Quiet hours without notifications",
    "Let interns run one retro per quarter",
)
PLANNED = [300, 600, 900, 420, 900, 600, 180]
PHASE_KINDS = ["info", "capture", "share", "vote", "discuss", "actions", "info"]
STATUS_KEYS: dict[str, type | tuple[type, ...]] = {
    "phase": str,
    "kind": str,
    "index": int,
    "state": str,
    "remaining_seconds": (int, float),
    "ideas": int,
    "people": int,
    "ballots": int,
    "speaking_order": list,
}
IDEA_KEYS = {
    "rank",
    "tied",
    "text",
    "votes",
    "owners",
    "due",
    "first_step",
    "status",
    "impact",
    "merged",
}


def status(session: Path) -> dict[str, Any]:
    data = json.loads(assert_ok(call_cli("status", session, "--json")))
    assert isinstance(data, dict)
    for key, kind in STATUS_KEYS.items():
        assert isinstance(data[key], kind), (key, data[key])
    assert data["state"] in ("running", "paused", "finished")
    assert all(isinstance(name, str) for name in data["speaking_order"])
    return data


def ideas(session: Path) -> list[dict[str, Any]]:
    data = json.loads(assert_ok(call_cli("ideas", session, "--json")))
    assert isinstance(data, list)
    for item in data:
        assert isinstance(item["number"], int)
        assert isinstance(item["text"], str)
    return data


def all_keys(value: object) -> set[str]:
    if isinstance(value, dict):
        keys = set(value)
        for item in value.values():
            keys |= all_keys(item)
        return keys
    if isinstance(value, list):
        return set().union(*(all_keys(item) for item in value)) if value else set()
    return set()


def strings_outside_owners(value: object, key: str = "") -> set[str]:
    """Every string value in parsed TOML, except the lists of owners."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        found: set[str] = set()
        for name, item in value.items():
            if name != "owners":
                found |= strings_outside_owners(item, name)
        return found
    if isinstance(value, list):
        return set().union(*(strings_outside_owners(item, key) for item in value))
    return set()


def test_a_whole_workshop_from_the_shell(tmp_path: Path, session_file: Path) -> None:
    session = session_file
    assert stat.S_IMODE(session.stat().st_mode) == 0o600

    # Before the start: the first phase waits, paused, and ideas are refused.
    data = status(session)
    assert (data["index"], data["kind"], data["state"]) == (0, "info", "paused")
    assert data["remaining_seconds"] == PLANNED[0]
    assert (data["people"], data["ideas"], data["ballots"]) == (5, 0, 0)
    assert_refused(call_cli("submit", session, "too early"), "before the start")

    assert "Ground rules" in assert_ok(call_cli("next", session))
    assert "Silent brainstorm" in assert_ok(call_cli("next", session))
    for text in IDEAS:
        assert assert_ok(call_cli("submit", session, text)) == "Idea received.\n"
    assert_ok(call_cli("submit", session, "-", stdin="From standard input\n"))
    assert ideas(session) == [], "nothing is shown before reveal"
    data = status(session)
    assert (data["kind"], data["state"], data["ideas"]) == ("capture", "running", 9)
    assert 0 < data["remaining_seconds"] <= PLANNED[1]

    # A junior-first share round with one pass, which is offered again at the end.
    assert_ok(call_cli("next", session))
    data = status(session)
    order = data["speaking_order"]
    assert data["kind"] == "share"
    assert order[0] == "Cy" and order[-1] == "Dee" and order[3] == "Bo"
    assert set(order[1:3]) == {"Ana", "Eli"}
    assert assert_ok(call_cli("turn", session, "next")) == "Cy has the floor (90 s).\n"
    assert status(session)["speaking_order"] == order[1:]
    assert assert_ok(call_cli("turn", session, "pass")) == "Cy passed.\n"
    data = status(session)
    assert data["speaking_order"] == [*order[1:], "Cy"]
    assert data["passed"] == ["Cy"]
    for name in [*order[1:], "Cy"]:
        assert assert_ok(call_cli("turn", session, "next")).startswith(f"{name} has the floor")
    assert assert_ok(call_cli("turn", session, "end")) == "Cy's turn ended.\n"
    assert status(session)["speaking_order"] == []

    # Reveal, then vote with secret ballots.
    assert assert_ok(call_cli("reveal", session)) == "Revealed 9 ideas.\n"
    shown = ideas(session)
    assert sorted(item["text"] for item in shown) == sorted([*IDEAS, "From standard input"])
    assert [item["number"] for item in shown] == list(range(1, 10))
    assert all("votes" not in item and "rank" not in item for item in shown)
    number = {item["text"]: item["number"] for item in shown}
    best, second, third = number[BEST], number[SECOND], number[THIRD]

    assert_ok(call_cli("next", session))
    data = status(session)
    assert (data["kind"], data["voting"]) == ("vote", "open")
    assert (data["dots_per_person"], data["max_per_idea"]) == (3, 3)
    assert_ok(call_cli("ballot", session, "--as", "Ana", f"{best}=3"))
    assert_ok(call_cli("ballot", session, "--as", "bo", f"{best}=1", f"{second}=2"))
    assert_ok(call_cli("ballot", session, "--as", "Cy", f"{second}=1", f"{third}=2"))
    assert_ok(call_cli("ballot", session, "--as", "Eli", f"{best}=1", f"{third}=1"))
    before = dump(session)
    assert_refused(call_cli("ballot", session, "--as", "Ana", f"{third}=1"), "already voted")
    assert_refused(
        call_cli("ballot", session, "--as", "Dee", f"{best}=2", f"{third}=2"), "4 dots", "3"
    )
    assert_refused(call_cli("ballot", session, "--as", "Dee", f"{best}=4"), "at most 3")
    assert_refused(call_cli("ballot", session, "--as", "Zoe", f"{best}=1"), "Zoe")
    assert_refused(call_cli("ballot", session, "--as", "Dee", "99=1"), "#99")
    assert dump(session) == before, "refused ballots change nothing"
    assert all("votes" not in item for item in ideas(session)), "tallies hidden while open"
    assert status(session)["ballots"] == 4

    # Leaving the vote keeps it open; closing it shows tallies and ranks, best first, ties
    # shared.
    assert_ok(call_cli("next", session))
    assert status(session)["voting"] == "open"
    assert all("votes" not in item for item in ideas(session)), "tallies hidden while open"
    assert_ok(call_cli("close-vote", session))
    ranked = ideas(session)
    assert (ranked[0]["text"], ranked[0]["votes"], ranked[0]["rank"]) == (BEST, 5, 1)
    assert {ranked[1]["text"], ranked[2]["text"]} == {SECOND, THIRD}
    assert [(item["votes"], item["rank"]) for item in ranked[1:3]] == [(3, 2), (3, 2)]
    assert [item["tied"] for item in ranked[:3]] == [False, True, True]
    assert [item["number"] for item in ranked[1:3]] == sorted([second, third]), "ties by number"
    assert {(item["votes"], item["rank"]) for item in ranked[3:]} == {(0, 4)}

    # Discussion: raised hands, fewest turns first, then most junior.
    assert_ok(call_cli("hand", session, "--as", "Bo", "up"))
    assert assert_ok(call_cli("hand", session, "--as", "Eli", "up")) == (
        "Hand raised; place 1 of 2.\n"
    )
    assert status(session)["speaking_order"] == ["Eli", "Bo"]
    assert assert_ok(call_cli("turn", session, "next")).startswith("Eli has the floor")

    # Owners, then the end.
    assert_ok(call_cli("next", session))
    assert_ok(
        call_cli(
            "own", session, str(best), "Ana", "Bo", "--due", "2026-12-15", "--step", "Book a slot"
        )
    )
    assert_refused(call_cli("own", session, str(second), "Zoe"), "Zoe")
    assert_refused(call_cli("own", session, str(second), "Dee", "--due", "soon"), "YYYY-MM-DD")
    assert_ok(call_cli("own", session, str(second), "Dee", "--due", "2027-01-10", "--step", "Ask"))
    kept = assert_ok(call_cli("own", session, str(second), "Dee"))
    assert kept == f"Idea #{second}: owners Dee, due 2027-01-10, first step: Ask.\n", "left out"
    said = assert_ok(call_cli("own", session, str(second), "Dee", "--due", "", "--step", ""))
    assert said == f"Idea #{second}: owners Dee.\n", "given empty, both are removed"
    assert_ok(call_cli("next", session))
    assert_ok(call_cli("next", session))
    data = status(session)
    assert (data["state"], data["index"]) == ("finished", 6)
    assert_refused(call_cli("next", session), "finished")

    # Export, validate, and read the outcomes.
    out = tmp_path / "out.toml"
    assert assert_ok(call_cli("export", session, "-o", out)) == f"Wrote {out}\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert assert_ok(call_cli("validate", out)) == f"{out}: ok (outcomes, 9 ideas)\n"
    text = out.read_text(encoding="utf-8")
    outcomes = tomllib.loads(text)
    assert (outcomes["format"], outcomes["version"]) == ("rmworkshop-outcomes", 2)

    info = outcomes["session"]
    assert info["title"] == "Cross-generational brainstorm"
    assert info["agenda"] == "cross-generational-brainstorm"
    assert info["participants"] == 5
    assert list(info["headcount"].items()) == [
        ("intern", 1),
        ("junior", 2),
        ("senior", 1),
        ("executive", 1),
    ]
    assert isinstance(info["started"], datetime) and isinstance(info["finished"], datetime)
    assert info["started"] <= info["finished"]
    assert outcomes["voting"] == {"dots_per_person": 3, "max_per_idea": 3, "ballots": 4}

    top = outcomes["ideas"]
    assert len(top) == 9
    assert (top[0]["text"], top[0]["votes"], top[0]["rank"], top[0]["tied"]) == (
        BEST,
        5,
        1,
        False,
    )
    assert top[0]["owners"] == ["Ana", "Bo"]
    assert top[0]["due"] == date(2026, 12, 15)
    assert top[0]["first_step"] == "Book a slot"
    assert {top[1]["text"], top[2]["text"]} == {SECOND, THIRD}
    assert next(i for i in top if i["text"] == SECOND)["owners"] == ["Dee"]
    assert not {"due", "first_step"} & set(next(i for i in top if i["text"] == SECOND))
    assert [i["rank"] for i in top] == [1, 2, 2, 4, 4, 4, 4, 4, 4]
    assert [i["votes"] for i in top] == sorted((i["votes"] for i in top), reverse=True)
    for idea in top:
        assert set(idea) <= IDEA_KEYS, set(idea) - IDEA_KEYS
        assert idea["status"] == "open"

    phases = outcomes["phases"]
    assert [p["planned_seconds"] for p in phases] == PLANNED
    assert [p["kind"] for p in phases] == PHASE_KINDS
    assert all(isinstance(p["actual_seconds"], int) and p["actual_seconds"] >= 0 for p in phases)

    airtime = outcomes["airtime"]
    levels = {row["level"]: row for row in airtime["levels"]}
    assert list(levels) == ["intern", "junior", "senior", "executive"]
    assert {level: row["turns"] for level, row in levels.items()} == {
        "intern": 1,
        "junior": 3,
        "senior": 1,
        "executive": 1,
    }
    assert {level: row["people"] for level, row in levels.items()} == {
        "intern": 1,
        "junior": 2,
        "senior": 1,
        "executive": 1,
    }
    assert airtime["silent"] == 0
    assert airtime["junior_first_share"] == 0.0, "Cy, the intern, passed: a junior opened"
    assert 0 <= airtime["gini"] <= 1

    # Nothing names an author or a voter's choice: names appear only as owners.
    assert not all_keys(outcomes) & {"author", "authors", "voter", "voters", "by", "choices"}
    for name in PEOPLE:
        assert name not in strings_outside_owners(outcomes), name
    assert set(top[0]["owners"]) | {"Dee"} == set(PEOPLE) - {"Cy", "Eli"}

    summary = assert_ok(call_cli("export", session, "--markdown"))
    assert summary.startswith("# Cross-generational brainstorm\n")
    assert "\\[b\\]Feedback\\[/b\\]" in summary, "participant text is escaped in Markdown"


def test_status_json_through_the_states(tmp_path: Path) -> None:
    agenda = tmp_path / "short.toml"
    agenda.write_text(
        'title = "Short"\n'
        "[[phases]]\n"
        'name = "Blink"\n'
        'kind = "info"\n'
        "minutes = 0.001\n"
        "[[phases]]\n"
        'name = "Ideas"\n'
        'kind = "capture"\n'
        "minutes = 2\n",
        encoding="utf-8",
    )
    session = tmp_path / "short.workshop"
    assert_ok(call_cli("new", agenda, "--session", session))
    data = status(session)
    assert (data["phase"], data["state"], data["started"]) == ("Blink", "paused", False)
    assert data["speaking_order"] == []
    assert_ok(call_cli("start", session))
    data = status(session)
    assert data["state"] == "running"
    assert data["remaining_seconds"] <= 0, "a zero-second phase is overrun at once"
    assert " overrun" in assert_ok(call_cli("status", session)).splitlines()[1]
    assert_ok(call_cli("next", session))
    assert_ok(call_cli("pause", session))
    paused = status(session)
    assert (paused["index"], paused["kind"], paused["state"]) == (1, "capture", "paused")
    assert paused["remaining_seconds"] == status(session)["remaining_seconds"], "frozen"
    assert 0 < paused["remaining_seconds"] <= 120
    assert_ok(call_cli("extend", session, "1.5"))
    assert status(session)["remaining_seconds"] == paused["remaining_seconds"] + 90
    assert_ok(call_cli("resume", session))
    assert status(session)["state"] == "running"
    assert_ok(call_cli("next", session))
    data = status(session)
    assert (data["state"], data["remaining_seconds"]) == ("finished", 0)


# -- exit codes --------------------------------------------------------------------------------

REFUSALS: list[tuple[list[str], str]] = [
    (["submit", "{s}", "an idea"], "before the start"),
    (["submit", "{s}", "   "], "blank"),
    (["ballot", "{s}", "--as", "Ana", "1=1"], "vote phase"),
    (["ballot", "{s}", "--as", "Ana", "3:1"], "IDEA=DOTS"),
    (["ballot", "{s}", "--as", "Ana", "one=1"], "not an idea number"),
    (["ballot", "{s}", "--as", "Ana", "1=1", "1=2"], "named twice"),
    (["turn", "{s}", "next"], "share and discuss"),
    (["hand", "{s}", "--as", "Nobody", "up"], "Nobody"),
    (["hand", "{s}", "--as", "Ana", "up"], "discussion"),
    (["extend", "{s}", "ten"], "not a number"),
    (["extend", "{s}", "nan"], "not a number"),
    (["extend", "{s}", "1"], "not started"),
    (["back", "{s}"], "not started"),
    (["pause", "{s}"], "not started"),
    (["reveal", "{s}"], "nothing to reveal"),
    (["close-vote", "{s}"], "not started"),
    (["merge", "{s}", "1", "2"], "#1"),
    (["own", "{s}", "1", "Ana"], "#1"),
    (["own", "{s}", "first", "Ana"], "not an idea number"),
    (["add", "{s}", "Zed", "--level", "boss"], "Unknown level"),
    (["add", "{s}", "Ana", "--level", "senior"], "already"),
    (["away", "{s}", "Nobody"], "Nobody"),
    # str.isdigit() accepts these, and int() then fails: they must be refusals, not bugs.
    (["ballot", "{s}", "--as", "Ana", "1=\u00b2"], "IDEA=DOTS"),
    (["ballot", "{s}", "--as", "Ana", "\u00b9=1"], "not an idea number"),
    (["ballot", "{s}", "--as", "Ana", "1=" + "9" * 5000], "IDEA=DOTS"),
    (["own", "{s}", "\u0663", "Ana"], "not an idea number"),
]


@pytest.mark.parametrize(
    ("argv", "fragment"), REFUSALS, ids=[" ".join(a[:1] + a[2:]) for a, _ in REFUSALS]
)
def test_refusals_exit_2_with_one_line_and_change_nothing(
    unstarted_session: Path, argv: list[str], fragment: str
) -> None:
    before = dump(unstarted_session)
    result = call_cli(*(str(unstarted_session) if arg == "{s}" else arg for arg in argv))
    assert_refused(result, fragment)
    assert result.stdout == ""
    assert dump(unstarted_session) == before


USAGE: list[list[str]] = [
    ["bogus"],
    ["submit"],
    ["status", "{s}", "--nope"],
    ["turn", "{s}", "sideways"],
    ["ballot", "{s}", "1=1"],
    ["extend", "{s}"],
    ["hand", "{s}", "--as", "Ana", "wave"],
]


@pytest.mark.parametrize("argv", USAGE, ids=[" ".join(a) for a in USAGE])
def test_bad_usage_exits_2_with_one_line(unstarted_session: Path, argv: list[str]) -> None:
    result = call_cli(*(str(unstarted_session) if arg == "{s}" else arg for arg in argv))
    line = assert_refused(result)
    assert "--help" in line
    assert result.stdout == ""


def test_an_unknown_session_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.workshop"
    for command in ("status", "next", "ideas"):
        assert_refused(call_cli(command, missing), str(missing), "no such session file")
    assert_refused(call_cli("submit", missing, "x"), "no such session file")
    assert not missing.exists()


@pytest.mark.parametrize(
    "content",
    [b"title = 'an agenda, not a session'\n", b"", b"\x00\xff" * 64],
    ids=["toml", "empty", "binary"],
)
def test_a_file_that_is_not_a_session_exits_2_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "not-a-session.workshop"
    path.write_bytes(content)
    assert_refused(call_cli("status", path), str(path), "not an rmworkshop session file")
    assert_refused(call_cli("submit", path, "x"), "not an rmworkshop session file")
    assert path.read_bytes() == content
    assert not path.with_name(path.name + "-wal").exists()


def test_a_directory_given_as_the_session_exits_2(tmp_path: Path) -> None:
    assert_refused(call_cli("status", tmp_path), "directory")


def test_new_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    path = tmp_path / "taken.workshop"
    path.write_text("notes", encoding="utf-8")
    assert_refused(call_cli("new", "lean-coffee", "--session", path), "already exists")
    assert path.read_text(encoding="utf-8") == "notes"


def test_command_line_bytes_that_are_not_utf8_are_refused(unstarted_session: Path) -> None:
    """Not silently dropped: standard input with the same bytes is refused too."""
    before = dump(unstarted_session)
    for argv in (
        [b"submit", bytes(unstarted_session), b"caf\xe9 au lait"],
        [b"add", bytes(unstarted_session), b"Ren\xe9", b"--level", b"junior"],
    ):
        result = subprocess.run(
            [sys.executable.encode(), b"-m", b"rmworkshop", *argv],
            capture_output=True,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert b"not UTF-8" in result.stderr
        assert b"Traceback" not in result.stderr
    assert dump(unstarted_session) == before


def test_a_name_is_found_however_its_spaces_were_typed(unstarted_session: Path) -> None:
    assert_ok(call_cli("add", unstarted_session, "Ana  Lopez", "--level", "junior"))
    assert assert_ok(call_cli("away", unstarted_session, " Ana   Lopez ")) == (
        "Ana Lopez is marked away.\n"
    )
    people = json.loads(assert_ok(call_cli("people", unstarted_session, "--json")))
    ana = next(person for person in people if person["name"] == "Ana Lopez")
    assert ana["present"] is False


def test_what_voting_commands_print(session_file: Path) -> None:
    """Counts read naturally, and `own` says back what was stored, cleaned."""
    for _ in range(2):
        assert_ok(call_cli("next", session_file))
    assert_ok(call_cli("submit", session_file, "Only idea"))
    for _ in range(2):
        assert_ok(call_cli("next", session_file))
    assert "1 dot each" in assert_ok(call_cli("status", session_file))
    assert_ok(call_cli("ballot", session_file, "--as", "Ana", "1=1"))
    # One ballot published as the result would be Ana's ballot: closing needs --force.
    assert_refused(call_cli("close-vote", session_file), "Only 1 ballot", "force")
    closed = assert_ok(call_cli("close-vote", session_file, "--force"))
    assert closed.startswith("Voting closed: 1 ballot counted.")
    said = assert_ok(
        call_cli(
            "own", session_file, "1", "Ana", "--due", "2026-12-15", "--step", "Book\x1b[31m it"
        )
    )
    assert said == "Idea #1: owners Ana, due 2026-12-15, first step: Book it.\n"
