"""People cannot be confused with one another: a name that looks like someone's is refused.

Names are compared by their Unicode confusable skeleton (UTS #39) after NFKC, so a second
"Ana" made of Cyrillic letters, fullwidth or mathematical letters, or with an invisible joiner,
is refused with a message naming the person it looks like. A name given to a command finds
the one person it looks like.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.names import find, look_alike, refuse_lookalike, skeleton
from rmworkshop.core.people import Member
from rmworkshop.core.roster import Roster
from rmworkshop.core.text import clean_name
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from tests.cli.conftest import new_session
from tests.helpers import assert_ok, assert_refused, call_cli, dump, make_agenda

# The cases from the report, then our own: other scripts, compatibility forms, marks, case.
LOOKALIKES_OF_ANA = [
    "Ana\u200d",  # zero-width joiner
    "Ana\u200c",  # zero-width non-joiner
    "\u0410na",  # Cyrillic capital A
    "An\u0430",  # Cyrillic small a
    "\uff21\uff4e\uff41",  # fullwidth
    "\U0001d5a0na",  # mathematical sans-serif capital A
    "\u0391na",  # Greek capital alpha
    "A\u200dn\u200ca",  # joiners inside the name
    "Ana\ufe0f",  # a variation selector
    "Ana\U000e0041",  # a tag character
    "\U0001d400na",  # mathematical bold capital A
    "\u24b6na",  # circled capital A (NFKC)
    "An\u0251",  # Latin alpha
    "\u0430na",  # Cyrillic small a, lower case: looks like "ana", which is Ana
    "\uff41\uff4e\uff41",  # fullwidth lower case
]
NOT_LIKE_ANA = [
    "\u0410\u043d\u0430",  # Cyrillic "Ана": its н is drawn like a small capital H, not n
    "Anna",
    "Ann",
    "Ana B",
    "Ána",
    "Àna",
    "Ama",
    "Ana-Li",
    "Na",
    "Bo",
]


def member(pid: int, name: str) -> Member:
    return Member(pid, name, "junior")


@pytest.mark.parametrize("name", LOOKALIKES_OF_ANA)
def test_each_lookalike_is_refused_naming_ana(name: str) -> None:
    people = [member(1, "Ana"), member(2, "Bo")]
    with pytest.raises(Refused, match="looks like 'Ana'"):
        refuse_lookalike(clean_name(name), people)


@pytest.mark.parametrize("name", NOT_LIKE_ANA)
def test_names_that_only_resemble_are_welcome(name: str) -> None:
    refuse_lookalike(clean_name(name), [member(1, "Ana"), member(2, "Bo B")])


def test_the_same_name_in_another_case_is_the_same_person_not_a_lookalike() -> None:
    refuse_lookalike("ANA", [member(1, "Ana")])  # joining again, not a new person
    assert find("aNa", [member(1, "Ana")]) == member(1, "Ana")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ivan", "lvan"),  # capital I is drawn like small l
        ("Ivan", "\u0406van"),  # Cyrillic capital i
        ("fiona", "\ufb01ona"),  # the fi ligature
        ("Ána", "A\u0301na"),  # precomposed and combining acute
        ("Zoe", "Zo\u0435"),  # Cyrillic e
        ("Olga", "0lga"),  # digit zero
        ("Kim", "\u041a\u0456m"),  # Cyrillic ka and i
        ("Mo", "\u039co"),  # Greek Mu
        ("Sam", "\u0405am"),  # Cyrillic Dze
        ("Pia", "\u0420ia"),  # Cyrillic Er
        ("Jo", "\u0408o"),  # Cyrillic Je
        ("Ana Li", "Ana\u00a0Li"),  # no-break space
    ],
)
def test_more_pairs_that_look_alike(first: str, second: str) -> None:
    assert look_alike(first, second)
    assert look_alike(second, first)


def test_skeleton_follows_uts39_for_known_prototypes() -> None:
    # From the standard's data: "m" is drawn like "rn", and "1" and "I" like "l".
    assert skeleton("m") == skeleton("rn") == "rn"
    assert skeleton("1") == skeleton("I") == "l"
    assert skeleton("\u0430") == "a"
    # The last lines of the data file are read too: 17.0's outlined letters.
    assert skeleton("\U0001ccd6") == "A"


_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=12,
)


@given(_names)
def test_a_name_looks_like_itself_and_its_skeleton_draws_nothing_invisible(name: str) -> None:
    assert look_alike(name, name)
    assert not any(char in INVISIBLE for char in skeleton(name))


@given(_names, _names)
def test_looking_alike_is_symmetric(first: str, second: str) -> None:
    assert look_alike(first, second) == look_alike(second, first)


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\ufe0f"]


@given(_names, st.sampled_from(INVISIBLE))
def test_invisible_characters_never_make_a_new_name(name: str, invisible: str) -> None:
    for place in range(len(name) + 1):
        assert look_alike(name, name[:place] + invisible + name[place:])


@given(_names)
def test_compatibility_forms_look_like_what_they_stand_for(name: str) -> None:
    assert look_alike(name, unicodedata.normalize("NFKC", name))


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10))
def test_fullwidth_and_upper_case_spellings_of_a_name_are_found(name: str) -> None:
    fullwidth = "".join(chr(ord(char) - ord("a") + 0xFF41) for char in name)
    people = [member(1, name.title()), member(2, "Zz9 unrelated")]
    assert find(fullwidth, people) == people[0]
    assert find(name.upper(), people) == people[0]


def test_two_lookalikes_already_present_are_not_guessed_between() -> None:
    # A session from before names were compared this way may hold both.
    people = [member(1, "Ana"), member(2, "\u0410na")]
    assert find("\u0410na", people) == people[1]  # the exact name still finds its person
    assert find("\uff21na", people) is None


def test_a_roster_with_two_lookalike_names_is_refused() -> None:
    with pytest.raises(ValueError, match=r"people\[1\]\.name: .* looks like 'Ana'"):
        Roster.model_validate(
            {"people": [{"name": "Ana", "level": "junior"}, {"name": "\u0410na", "level": "mid"}]}
        )


def test_the_store_refuses_a_lookalike_and_finds_ana_by_one(store: Store) -> None:
    store.add_person("Ana", "junior")
    for name in LOOKALIKES_OF_ANA:
        with pytest.raises(Refused, match="looks like 'Ana'"):
            store.add_person(name, "junior")
    assert [m.name for m in store.snapshot().people].count("Ana") == 1
    assert store.set_present("\uff21\uff4e\uff41", False).name == "Ana"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with SessionStore.create(tmp_path / "s.workshop", make_agenda(), "test", FakeClock()) as made:
        yield made


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    return new_session(tmp_path)


REPORTED = ["Ana\u200d", "Ana\u200c", "\u0410na", "An\u0430", "\uff21\uff4e\uff41", "\U0001d5a0na"]


@pytest.mark.parametrize("name", REPORTED)
def test_add_command_refuses_the_reported_lookalikes(session_file: Path, name: str) -> None:
    before = dump(session_file)
    assert_refused(call_cli("add", session_file, name, "--level", "junior"), "looks like 'Ana'")
    assert dump(session_file) == before
    assert_ok(call_cli("add", session_file, "Ana B", "--level", "junior"))
