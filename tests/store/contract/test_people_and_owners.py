"""People joining and marked away, and owners of ideas."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from tests.helpers import go_to
from tests.store.contract.helpers import (
    assert_refused_unchanged,
    idea,
)

# -- people ------------------------------------------------------------------------------------


def test_add_person_rules(store: Store) -> None:
    added = store.add_person("  Zed  ", "mid")
    assert (added.name, added.level, added.present) == ("Zed", "mid", True)
    store.set_present("Zed", False)
    again = store.add_person("zed", "mid")
    assert again.id == added.id
    assert store.snapshot().by_id[added.id].present, "joining again marks present"
    assert_refused_unchanged(store, lambda: store.add_person("Zed", "senior"), "already")
    assert_refused_unchanged(store, lambda: store.add_person("Yan", "boss"), "Unknown level")
    assert_refused_unchanged(store, lambda: store.add_person(" \x1b[2J ", "mid"), "blank")
    assert_refused_unchanged(store, lambda: store.add_person("n" * 41, "mid"), "40")
    assert_refused_unchanged(store, lambda: store.set_present("Nobody", False), "Nobody")
    assert len(store.snapshot().people) == 8


# -- owners ------------------------------------------------------------------------------------


@pytest.fixture
def owned(voting: Store) -> Store:
    voting.close_voting(force=True)
    go_to(voting, "actions")
    return voting


def test_set_owners_with_due_date_and_first_step(owned: Store) -> None:
    owned.set_owners(3, ["Eli", "dee", "Eli"], due=date(2026, 12, 15), first_step=" Book\na room ")
    first = idea(owned.snapshot(), 3)
    assert first.owners == ("Eli", "Dee")
    assert first.due == date(2026, 12, 15)
    assert first.first_step == "Book a room"
    owned.set_owners(3, ["Bo"])
    second = idea(owned.snapshot(), 3)
    assert second.owners == ("Bo",), "owners are replaced"
    assert (second.due, second.first_step) == (date(2026, 12, 15), "Book a room"), "kept"


def test_set_owners_clears_a_due_date_and_first_step(owned: Store) -> None:
    """None clears a field, stored exactly as one never set; left out, a field is kept."""
    never_set = idea(owned.snapshot(), 2)
    owned.set_owners(2, ["Eli"], due=date(2026, 12, 15), first_step="Book a room")
    owned.set_owners(2, ["Eli"], first_step=None)
    assert (idea(owned.snapshot(), 2).due, idea(owned.snapshot(), 2).first_step) == (
        date(2026, 12, 15),
        None,
    )
    owned.set_owners(2, [], due=None, first_step="")
    assert idea(owned.snapshot(), 2) == never_set


def test_owner_refusals_change_nothing(owned: Store) -> None:
    owned.set_owners(1, ["Ana"], due=date(2027, 1, 1))
    assert_refused_unchanged(owned, lambda: owned.set_owners(1, ["Bo", "Zoe"]), "Zoe")
    assert_refused_unchanged(owned, lambda: owned.set_owners(42, ["Bo"]), "#42")
    assert_refused_unchanged(owned, lambda: owned.set_owners(9, ["Bo"]), "merged into #8")
    assert_refused_unchanged(
        owned, lambda: owned.set_owners(1, ["Bo"], first_step="s" * 501), "500"
    )
    assert_refused_unchanged(owned, lambda: owned.volunteer(1, "Zoe"), "Zoe")


def test_volunteering_adds_an_owner(owned: Store) -> None:
    owned.volunteer(2, "Fay")
    owned.volunteer(2, "Ana")
    owned.volunteer(2, "fay")
    assert idea(owned.snapshot(), 2).owners == ("Fay", "Ana")


def test_volunteering_waits_for_the_actions_phase(voting: Store) -> None:
    """Ideas are revealed while voting, but a volunteer picks from the results: not before."""
    assert_refused_unchanged(voting, lambda: voting.volunteer(1, "Ana"), "actions phase")
    voting.close_voting(force=True)
    assert_refused_unchanged(voting, lambda: voting.volunteer(1, "Ana"), "actions phase")
    go_to(voting, "actions")
    voting.volunteer(1, "Ana")
    assert idea(voting.snapshot(), 1).owners == ("Ana",)


def test_a_due_date_in_the_past_is_refused_but_one_already_set_may_stay(
    owned: Store, clock: FakeClock
) -> None:
    today = date.fromtimestamp(clock.now())
    yesterday = today - timedelta(days=1)
    assert_refused_unchanged(
        owned, lambda: owned.set_owners(1, ["Ana"], due=yesterday), "has already passed"
    )
    owned.set_owners(1, ["Ana"], due=today)
    clock.advance(3 * 86400)  # the session runs on; the date has passed since it was set
    owned.set_owners(1, ["Ana", "Bo"], due=today)
    assert idea(owned.snapshot(), 1).owners == ("Ana", "Bo")
