"""The device half of the contract: joining, one name per device, releasing, ideas sent once.

Every backend keeps these promises; the participant server and a console on the session itself
rely on them, and on nothing of the backend's own.
"""

from __future__ import annotations

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Profile
from rmworkshop.store import Device, Store, token_digest
from tests.helpers import go_to
from tests.store.contract.helpers import assert_refused_unchanged


def test_a_joined_device_is_known_by_its_token_digest_only(store: Store) -> None:
    token = store.join_device(kiosk=False)
    kiosk = store.join_device(kiosk=True)
    digest = token_digest(token)
    assert token != kiosk and len(token) >= 32
    assert store.device(digest) == Device(digest, kiosk=False, person=None)
    assert store.device(token_digest(kiosk)) == Device(token_digest(kiosk), True, None)
    assert store.device(token) is None, "the token itself is never what is stored"
    assert set(store.devices()) == {digest, token_digest(kiosk)}
    assert store.claimed() == {}


def test_a_device_claims_an_existing_name_and_holds_it(store: Store) -> None:
    digest = token_digest(store.join_device(kiosk=False))
    store.set_present("Ana", False)
    ana = store.claim(digest, "  ana ", None)
    assert ana.name == "Ana" and ana.present
    assert store.snapshot().person("Ana").present  # type: ignore[union-attr]
    assert store.claimed() == {ana.id: digest}
    assert store.device(digest) == Device(digest, False, ana.id)
    assert store.claim(digest, "Ana", None) == ana, "claiming one's own name again is no change"


def test_a_device_adds_a_new_person_with_a_level_and_profile(store: Store) -> None:
    digest = token_digest(store.join_device(kiosk=False))
    profile = Profile(team="Data", teaches=("SQL",), learns=("Strategy",))
    new = store.claim(digest, "Zed", "junior", profile)
    person = store.snapshot().person("Zed")
    assert person is not None and person.id == new.id and person.level == "junior"
    assert (person.team, person.teaches, person.learns) == ("Data", ("SQL",), ("Strategy",))
    assert store.claimed() == {new.id: digest}


def test_one_name_per_device_and_one_device_per_name(store: Store) -> None:
    first = token_digest(store.join_device(kiosk=False))
    second = token_digest(store.join_device(kiosk=False))
    store.claim(first, "Ana", None)
    assert_refused_unchanged(store, lambda: store.claim(second, "Ana", None), "taken")
    assert_refused_unchanged(store, lambda: store.claim(first, "Bo", None), "one device")
    assert_refused_unchanged(
        store, lambda: store.claim(None, "Ana", None), "taken", "another device"
    )


def test_a_kiosk_and_an_unknown_device_hold_no_name(store: Store) -> None:
    kiosk = token_digest(store.join_device(kiosk=True))
    assert_refused_unchanged(store, lambda: store.claim(kiosk, "Ana", None), "kiosk")
    assert_refused_unchanged(store, lambda: store.claim("0" * 64, "Ana", None), "not joined")


def test_nobody_new_joins_once_voting_has_started_from_a_device_or_the_session(
    store: Store,
) -> None:
    digest = token_digest(store.join_device(kiosk=False))
    go_to(store, "vote")
    assert_refused_unchanged(
        store, lambda: store.claim(digest, "Newcomer", "junior"), "Voting has started"
    )
    assert_refused_unchanged(
        store, lambda: store.claim(None, "Newcomer", "junior"), "Voting has started"
    )
    assert store.claim(digest, "Bo", None).name == "Bo", "people already here still may"


def test_the_session_itself_claims_without_holding_a_name(store: Store) -> None:
    ana = store.claim(None, "Ana", None)
    assert ana.name == "Ana" and store.claimed() == {}
    assert_refused_unchanged(
        store, lambda: store.claim(None, "Nobody", None), "Nobody called", "level"
    )
    assert store.claim(None, "Yan", "junior").name == "Yan"


def test_releasing_a_name_frees_it_for_another_device(store: Store) -> None:
    first = token_digest(store.join_device(kiosk=False))
    second = token_digest(store.join_device(kiosk=False))
    ana = store.claim(first, "Ana", None)
    assert store.release("ana").id == ana.id
    assert store.device(first) is None, "the device must join again with the code"
    assert store.claimed() == {}
    assert store.claim(second, "Ana", None).id == ana.id
    assert_refused_unchanged(store, lambda: store.release("Bo"), "not claimed")
    assert_refused_unchanged(store, lambda: store.release("Nobody"), "Nobody")


def test_only_devices_holding_no_name_and_no_kiosk_are_forgotten(store: Store) -> None:
    idle = token_digest(store.join_device(kiosk=False))
    named = token_digest(store.join_device(kiosk=False))
    kiosk = token_digest(store.join_device(kiosk=True))
    store.claim(named, "Ana", None)
    assert store.forget_devices([idle, named, kiosk, "0" * 64, idle]) == 1
    assert set(store.devices()) == {named, kiosk}
    assert store.device(idle) is None, "a forgotten device must join again with the code"
    assert store.forget_devices([]) == 0


def test_an_idea_sent_twice_by_a_device_is_stored_once(store: Store) -> None:
    go_to(store, "capture")
    digest = token_digest(store.join_device(kiosk=False))
    assert store.submit_once(digest, "r-1", "  Lunch and learn  ") == ("Lunch and learn", False)
    assert store.submit_once(digest, "r-1", "  Lunch and learn  ") == ("Lunch and learn", True)
    assert store.submit_once(digest, "r-2", "Lunch and learn") == ("Lunch and learn", False)
    other = token_digest(store.join_device(kiosk=False))
    assert store.submit_once(other, "r-1", "Another") == ("Another", False)
    assert store.unrevealed() == 3


def test_an_idea_id_used_again_for_another_text_is_refused(store: Store) -> None:
    """A repeat answers with the text stored; another text under the same id is not stored,
    and no answer says it was."""
    go_to(store, "capture")
    digest = token_digest(store.join_device(kiosk=False))
    assert store.submit_once(digest, "r-1", "Lunch and learn") == ("Lunch and learn", False)
    assert_refused_unchanged(
        store, lambda: store.submit_once(digest, "r-1", "Something else"), "already used"
    )
    assert store.submit_once(digest, "r-1", "Lunch and learn") == ("Lunch and learn", True)
    assert store.unrevealed() == 1


def test_an_idea_from_a_device_follows_the_submit_rule(store: Store) -> None:
    digest = token_digest(store.join_device(kiosk=False))
    assert_refused_unchanged(store, lambda: store.submit_once(digest, "r-1", "Early"))
    go_to(store, "capture")
    assert store.submit_once(digest, "r-1", "Early") == ("Early", False), "a refusal is not kept"
    go_to(store, "vote")
    assert_refused_unchanged(store, lambda: store.submit_once(digest, "r-2", "Late"), "Voting")


def test_a_device_acts_only_while_it_holds_the_name_as_the_write_sees_it(store: Store) -> None:
    go_to(store, "capture")
    for text in ("one", "two", "three"):
        store.submit(text)
    phone = token_digest(store.join_device(kiosk=False))
    kiosk = token_digest(store.join_device(kiosk=True))
    store.claim(phone, "Ana", None)
    go_to(store, "vote")
    assert_refused_unchanged(
        store, lambda: store.cast_ballot("Bo", {1: 1}, phone), "no longer holds"
    )
    store.release("Ana")
    assert_refused_unchanged(
        store, lambda: store.cast_ballot("Ana", {1: 1}, phone), "has not joined"
    )
    assert_refused_unchanged(store, lambda: store.submit_once(phone, "late", "x"), "not joined")
    store.cast_ballot("Bo", {2: 1}, kiosk)  # a kiosk casts for whoever it lists
    again = token_digest(store.join_device(kiosk=False))
    store.claim(again, "Ana", None)
    store.cast_ballot("Ana", {1: 1}, again)
    assert store.snapshot().voting.ballots == 2


def test_hands_and_volunteering_from_a_device_follow_the_name_it_holds(store: Store) -> None:
    phone = token_digest(store.join_device(kiosk=False))
    store.claim(phone, "Ana", None)
    go_to(store, "discuss")
    store.hand("Ana", True, phone)
    assert_refused_unchanged(store, lambda: store.hand("Bo", True, phone), "no longer holds")
    store.release("Ana")
    assert_refused_unchanged(store, lambda: store.hand("Ana", False, phone), "not joined")


def test_volunteering_from_a_device_is_as_the_name_it_holds(store: Store) -> None:
    go_to(store, "capture")
    store.submit("one")
    phone = token_digest(store.join_device(kiosk=False))
    store.claim(phone, "Ana", None)
    go_to(store, "vote")
    store.close_voting(force=True)
    go_to(store, "actions")
    assert_refused_unchanged(store, lambda: store.volunteer(1, "Bo", phone), "no longer holds")
    store.volunteer(1, "Ana", phone)
    assert store.snapshot().votable[0].owners == ("Ana",)


def test_a_kiosk_acts_only_for_someone_present_whose_name_no_device_holds(store: Store) -> None:
    go_to(store, "capture")
    for text in ("one", "two", "three"):
        store.submit(text)
    phone = token_digest(store.join_device(kiosk=False))
    kiosk = token_digest(store.join_device(kiosk=True))
    store.claim(phone, "Ana", None)
    store.set_present("Bo", False)
    go_to(store, "vote")
    store.reveal()
    assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {1: 1}, kiosk), "on its list")
    assert_refused_unchanged(store, lambda: store.cast_ballot("Bo", {1: 1}, kiosk), "on its list")
    store.cast_ballot("Cy", {1: 1}, kiosk)
    store.cast_ballot("Ana", {2: 1}, phone)
    assert store.snapshot().voting.ballots == 2


def test_an_away_name_claimed_mid_vote_waits_for_the_facilitators_yes(store: Store) -> None:
    first = token_digest(store.join_device(kiosk=False))
    second = token_digest(store.join_device(kiosk=False))
    store.set_present("Ana", False)
    store.claim(first, "Bo", None)  # before the vote, someone away or not claims freely
    go_to(store, "vote")
    ana = store.snapshot().person("Ana")
    assert ana is not None
    try:
        store.claim(second, "Ana", None)
    except Refused as refusal:
        assert "let you in" in str(refusal)
    else:
        raise AssertionError("an away name claimed mid-vote must wait")
    assert store.device(second) == Device(second, False, None, ana.id)
    assert store.waiting() == {ana.id}
    assert store.snapshot().person("Ana").present is False  # type: ignore[union-attr]
    assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {}, second), "no longer")
    assert_refused_unchanged(store, lambda: store.let_in("Bo"), "already held")
    member = store.let_in("ana")
    assert member.id == ana.id and member.present
    assert store.device(second) == Device(second, False, ana.id, None)
    assert store.waiting() == frozenset()
    assert_refused_unchanged(store, lambda: store.let_in("Ana"), "already held")
    assert_refused_unchanged(store, lambda: store.let_in("Cy"), "No device is waiting")


def test_a_closed_roster_takes_no_new_people(store: Store) -> None:
    digest = token_digest(store.join_device(kiosk=False))
    store.set_roster_closed(True)
    assert store.snapshot().roster_closed
    assert_refused_unchanged(store, lambda: store.claim(digest, "Newcomer", "junior"), "closed")
    assert_refused_unchanged(store, lambda: store.claim(None, "Newcomer", "junior"), "closed")
    assert store.claim(digest, "Ana", None).name == "Ana", "names in the roster still may"
    store.set_roster_closed(False)
    assert not store.snapshot().roster_closed
    assert store.claim(None, "Newcomer", "junior").name == "Newcomer"


def test_a_room_snapshot_is_the_session_and_its_devices_read_together(store: Store) -> None:
    digest = token_digest(store.join_device(kiosk=False))
    kiosk = token_digest(store.join_device(kiosk=True))
    zed = store.claim(digest, "Zed", "junior")
    go_to(store, "capture")
    store.submit("an idea")
    session, devices = store.room_snapshot()
    assert (
        devices
        == store.devices()
        == {
            digest: Device(digest, False, zed.id),
            kiosk: Device(kiosk, True, None),
        }
    )
    alone = store.snapshot()
    assert (session.people, session.ideas, session.index) == (
        alone.people,
        alone.ideas,
        alone.index,
    )
    assert session.by_id[zed.id].name == "Zed", "the device's name is in the session read"
    assert session.kind == "capture"
