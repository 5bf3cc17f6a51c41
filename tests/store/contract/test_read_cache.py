"""A handle that reads the session again and again (a participant server's reader) builds its
people and ideas again only when their rows changed: unchanged, the same objects come back;
changed by another handle, the next read has the change."""

from __future__ import annotations

from rmworkshop.core.people import Profile
from rmworkshop.store import token_digest
from tests.helpers import go_to, make_agenda, make_roster
from tests.store.contract.backends import Backend


def test_people_are_read_again_only_when_their_rows_change(backend: Backend) -> None:
    with backend.create(make_agenda(), make_roster()) as store, backend.another(store) as reader:
        first = reader.snapshot()
        assert reader.snapshot().people is first.people
        name = first.people[0].name
        store.set_present(name, False)
        absent = reader.snapshot()
        member = absent.person(name)
        assert member is not None and not member.present
        store.add_person("Newcomer", "junior", Profile(teaches=("git",), learns=("budgets",)))
        joined = reader.snapshot().person("Newcomer")
        assert joined is not None
        assert (joined.teaches, joined.learns) == (("git",), ("budgets",))
        assert reader.snapshot().people is reader.snapshot().people


def test_ideas_are_read_again_only_when_their_rows_change(backend: Backend) -> None:
    with backend.create(make_agenda(), make_roster()) as store, backend.another(store) as reader:
        go_to(store, "capture")
        store.submit_many(["one", "two", "three"])
        store.reveal()
        first = reader.snapshot()
        assert reader.snapshot().ideas is first.ideas
        store.submit("four")  # hidden: the revealed ideas are as they were
        assert reader.snapshot().ideas is first.ideas
        store.reveal(force=True)
        assert [idea.text for idea in reader.snapshot().ideas][-1] == "four"


def test_devices_are_read_again_only_when_their_rows_change(backend: Backend) -> None:
    with backend.create(make_agenda(), make_roster()) as store, backend.another(store) as reader:
        token = store.join_device(kiosk=False)
        first = reader.devices()
        assert reader.devices() is first
        name = store.snapshot().people[0].name
        store.claim(token_digest(token), name, None)
        person = store.snapshot().person(name)
        assert person is not None
        assert reader.devices()[token_digest(token)].person == person.id
        assert store.join_device(kiosk=True) and len(reader.devices()) == len(first) + 1
