"""`rmworkshop pairs`, `--history` and people's profiles, run as a user would."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import tomli_w

from tests.helpers import assert_ok, assert_refused, call_cli
from tests.pairs_data import KICKOFF_PEOPLE, PAIRS_PHASES

AGENDA = {
    "title": "Reverse mentoring kickoff",
    "phases": [
        {"name": name, "kind": kind, "minutes": minutes, "prompt": f"{name}?"}
        for name, kind, minutes in PAIRS_PHASES[:2]
    ],
}


def kickoff_files(tmp_path: Path) -> tuple[Path, Path]:
    agenda, roster = tmp_path / "kickoff.toml", tmp_path / "roster.toml"
    agenda.write_text(tomli_w.dumps(AGENDA), "utf-8")
    roster.write_text(tomli_w.dumps({"people": list(KICKOFF_PEOPLE)}), "utf-8")
    return agenda, roster


def session_at_pairs(tmp_path: Path, name: str, *history: Path) -> Path:
    agenda, roster = kickoff_files(tmp_path)
    session = tmp_path / f"{name}.workshop"
    extra: list[str | Path] = ["--history", *history] if history else []
    assert_ok(call_cli("new", agenda, "--roster", roster, "--session", session, *extra))
    assert_ok(call_cli("next", session))
    assert_ok(call_cli("next", session))
    return session


def groups(session: Path) -> list[dict[str, list[str]]]:
    rows: list[dict[str, list[str]]] = json.loads(assert_ok(call_cli("pairs", session, "--json")))
    return rows


def test_kickoff_pairs_export_and_a_second_session_without_repeats(tmp_path: Path) -> None:
    first = session_at_pairs(tmp_path, "first")
    rows = groups(first)
    assert sorted(len(row["mentors"]) + len(row["mentees"]) for row in rows) == [2] * 5 + [3]
    assert set(rows[0]) == {"mentors", "mentees", "topics"}
    text = assert_ok(call_cli("pairs", first))
    assert "Trio: " in text and "13 people are present, an odd number" in text
    assert " mentors " in text and " · talk about: " in text
    outcomes = tmp_path / "first.toml"
    assert_ok(call_cli("export", first, "-o", outcomes))
    exported = tomllib.loads(outcomes.read_text("utf-8"))
    assert exported["version"] == 2
    assert [
        {"mentors": p["mentors"], "mentees": p["mentees"], "topics": p["topics"]}
        for p in exported["pairs"]
    ] == rows
    assert all(p["status"] == "open" for p in exported["pairs"])
    assert exported["pairing"]["groups"] == 6
    assert_ok(call_cli("validate", outcomes))
    second = session_at_pairs(tmp_path, "second", outcomes)
    met = [set(row["mentors"] + row["mentees"]) for row in rows]
    for row in groups(second):
        for mentor in row["mentors"]:
            for mentee in row["mentees"]:
                assert not any({mentor, mentee} <= pair for pair in met)
    assert "Earlier pairs not repeated:" in assert_ok(call_cli("export", second, "--markdown"))


def test_swap_from_the_command_line(tmp_path: Path) -> None:
    session = session_at_pairs(tmp_path, "swap")
    before = groups(session)
    first, second = before[0]["mentees"][0], before[1]["mentees"][0]
    assert_ok(call_cli("pairs", session, "--swap", first, second))
    after = groups(session)
    assert first in next(row["mentees"] for row in after if row["mentors"] == before[1]["mentors"])


def test_a_person_added_states_their_profile(tmp_path: Path) -> None:
    agenda, _ = kickoff_files(tmp_path)
    session = tmp_path / "add.workshop"
    assert_ok(call_cli("new", agenda, "--session", session))
    assert_ok(call_cli("add", session, "Zoe", "--level", "executive", "--learns", "AI tools"))
    assert_ok(
        call_cli(
            "add",
            session,
            "Yan",
            "--level",
            "junior",
            "--team",
            "Ops",
            "--teaches",
            "AI tools, TikTok",
            "--no-mentor",
        )
    )
    assert_ok(call_cli("add", session, "Xi", "--level", "intern", "--teaches", "AI tools"))
    assert_ok(call_cli("next", session))
    assert_ok(call_cli("next", session))
    (row,) = groups(session)  # Yan does not mentor, so Xi mentors both
    assert (row["mentors"], sorted(row["mentees"]), row["topics"]) == (
        ["Xi"],
        ["Yan", "Zoe"],
        ["AI tools"],
    )
    refused = call_cli("add", session, "Wu", "--level", "junior", "--teaches", "ok, \u200b")
    assert_refused(refused, "A topic cannot be blank.")


def test_no_pairs_yet_and_bad_history(tmp_path: Path) -> None:
    agenda, roster = kickoff_files(tmp_path)
    session = tmp_path / "early.workshop"
    assert_ok(call_cli("new", agenda, "--roster", roster, "--session", session))
    assert assert_ok(call_cli("pairs", session, "--json")).strip() == "[]"
    assert "No pairs yet" in assert_ok(call_cli("pairs", session))
    bad = tmp_path / "bad.toml"
    bad.write_text('format = "rmworkshop-outcomes"\nversion = 7\n', "utf-8")
    assert_refused(call_cli("pairs", session, "--history", bad), "version 7 is not supported")
    assert_refused(call_cli("pairs", session, "--swap", "Ana", "Ben"), "only during a pairs phase")
