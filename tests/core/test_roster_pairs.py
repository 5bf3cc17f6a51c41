"""Roster fields for mentoring pairs: team, teaches, learns and mentor, all optional."""

from __future__ import annotations

import pytest

from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.people import Profile, clean_topics
from rmworkshop.core.plan import PHASE_KINDS, Plan
from rmworkshop.core.roster import Roster
from rmworkshop.files.reading import load
from tests.core.conftest import WriteFile

ANA = '[[people]]\nname = "Ana"\nlevel = "junior"\n'


def test_pairing_fields_are_optional_with_willing_mentors(write_file: WriteFile) -> None:
    roster = load(Roster, write_file("roster.toml", ANA))
    assert roster.people[0].profile() == Profile(None, (), (), True)


def test_pairing_fields_load_cleaned(write_file: WriteFile) -> None:
    text = ANA + (
        'team = " Design "\nteaches = ["AI tools", "ai  TOOLS", "Tik\\u200bTok"]\n'
        'learns = ["hiring"]\nmentor = false\n'
    )
    person = load(Roster, write_file("roster.toml", text)).people[0]
    assert person.profile() == Profile("Design", ("AI tools", "TikTok"), ("hiring",), False)


@pytest.mark.parametrize(
    ("line", "key_path"),
    [
        ('teaches = "AI tools"', "people[0].teaches"),
        ('learns = ["  "]', "people[0].learns[0]"),
        ('mentor = "no"', "people[0].mentor"),
        ("team = 3", "people[0].team"),
        ("teaches = [" + ", ".join(f'"t{n}"' for n in range(21)) + "]", "people[0].teaches"),
        ('learns = ["' + "x" * 61 + '"]', "people[0].learns[0]"),
        ("mentors = true", "people[0].mentors"),
    ],
)
def test_bad_pairing_fields_name_their_key(write_file: WriteFile, line: str, key_path: str) -> None:
    with pytest.raises(BadFile) as caught:
        load(Roster, write_file("roster.toml", ANA + line + "\n"))
    message = str(caught.value)
    assert key_path in message and "\n" not in message
    assert "line 4" in message


def test_clean_topics_refuses_blank_and_drops_repeats() -> None:
    assert clean_topics(["AI tools", " ai tools ", "Hiring"]) == ("AI tools", "Hiring")
    with pytest.raises(Refused, match="blank"):
        clean_topics(["\x1b[31m"])


def test_pairs_is_a_phase_kind(write_file: WriteFile) -> None:
    assert "pairs" in PHASE_KINDS
    data = {"title": "T", "phases": [{"name": "Meet", "kind": "pairs", "minutes": 10}]}
    assert Plan.from_data(data).phases[0].kind == "pairs"
