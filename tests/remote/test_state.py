"""The participant state read from the server's JSON: a person's own mentoring pair, as the
server names it (partners with their roles), becomes the pair the console draws."""

from __future__ import annotations

from typing import Any

from rmworkshop.remote.participant_state import Person, parse_state


def pairs_state(partners: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    return {
        "version": 1,
        "me": {"name": "Ana", "level": "junior"},
        "phase": {"index": 4, "name": "Pairs", "kind": "pairs", "state": "running"},
        "pair": {"partners": partners, "topics": ["AI tools"], **extra},
    }


def test_beside_a_mentee_this_person_is_the_mentor() -> None:
    state = parse_state(pairs_state([{"name": "Eve", "level": "executive", "role": "mentee"}]), 0)
    pair = state.my_pair()
    assert pair is not None
    assert pair.mentors == (Person("Ana", "junior"),)
    assert pair.mentees == (Person("Eve", "executive"),)
    assert pair.topics == ("AI tools",)


def test_beside_a_mentor_this_person_is_the_mentee() -> None:
    state = parse_state(pairs_state([{"name": "Bo", "level": "intern", "role": "mentor"}]), 0)
    pair = state.my_pair()
    assert pair is not None and pair.mentees == (Person("Ana", "junior"),)


def test_in_a_mixed_trio_the_servers_role_for_this_person_decides() -> None:
    partners = [
        {"name": "Bo", "level": "intern", "role": "mentor"},
        {"name": "Eve", "level": "executive", "role": "mentee"},
    ]
    pair = parse_state(pairs_state(partners, role="mentor"), 0).my_pair()
    assert pair is not None
    assert [p.name for p in pair.mentors] == ["Ana", "Bo"]
    assert [p.name for p in pair.mentees] == ["Eve"]


def test_no_pair_outside_a_pairs_phase() -> None:
    body = pairs_state([])
    body["pair"] = None
    assert parse_state(body, 0).my_pair() is None
