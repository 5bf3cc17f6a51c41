"""The guarantees every backend keeps, through the contract alone: handles used at once never
double-count or lose a write, and what the store shows never links a person to an idea or to
a ballot choice. (The SQLite file's own bytes, rows and processes are audited beside this
suite, in `tests/store/test_anonymity.py`, `test_concurrency.py` and `tests/hardening/`.)"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Callable

from rmworkshop.core.errors import Refused
from rmworkshop.store import Store
from tests.helpers import PEOPLE, go_to
from tests.store.contract.backends import Backend
from tests.store.contract.helpers import submit_many

Job = Callable[[Store], object]


def at_once(backend: Backend, store: Store, jobs: list[Job]) -> list[object]:
    """Run each job on its own handle to the session, all released at the same moment."""
    handles = [backend.another(store) for _ in jobs]
    start = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = jobs[index](handles[index])
        except Refused as refusal:
            results[index] = refusal

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for handle in handles:
        handle.close()
    return results


def test_ideas_submitted_at_once_are_all_stored(backend: Backend, store: Store) -> None:
    go_to(store, "capture")

    def submitter(n: int) -> Job:
        return lambda s: [s.submit(f"idea {n}-{k}") for k in range(5)]

    jobs = [submitter(n) for n in range(8)]
    results = at_once(backend, store, jobs)
    assert not [r for r in results if isinstance(r, Refused)]
    assert store.snapshot().idea_count == 40


def test_ballots_cast_at_once_count_once_per_person(backend: Backend, store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 9)
    go_to(store, "vote")
    voters = [name for name, _ in PEOPLE]

    # Every voter twice, with different choices: exactly one of each pair may count.
    def voter(n: int, name: str) -> Job:
        return lambda s: s.cast_ballot(name, {1 + (n + i) % 9: 1 for i in range(3)})

    jobs = [voter(n, name) for n, name in enumerate(voters + voters)]
    results = at_once(backend, store, jobs)
    refused = [r for r in results if isinstance(r, Refused)]
    assert len(refused) == len(voters)
    assert all("already voted" in str(r) for r in refused)
    store.close_voting()
    session = store.snapshot()
    assert session.voting.ballots == len(voters)
    assert sum(idea.votes or 0 for idea in session.ideas) == 3 * len(voters)


def test_a_ballot_shows_only_that_the_person_voted(store: Store) -> None:
    """Everything the store shows after a ballot is what it showed before, except the count
    of ballots and the voter's flag: no tally, no choice, nothing that pairs them."""
    go_to(store, "capture")
    submit_many(store, 9)
    go_to(store, "vote")
    before = store.snapshot()
    store.cast_ballot("Ana", {1: 2, 5: 1})
    after = store.snapshot()
    assert after.ideas == before.ideas, "no tally shows while voting is open"
    # Levels compare by their names; everything else but the voting compares as it is.
    assert after.levels.names == before.levels.names
    assert dataclasses.replace(after, voting=before.voting, levels=before.levels) == before
    ana = after.person("Ana")
    assert ana is not None
    assert after.voting.voted == before.voting.voted | {ana.id}
    assert after.voting.ballots == before.voting.ballots + 1


def test_ideas_carry_no_author_and_reveal_in_shuffled_order(store: Store) -> None:
    go_to(store, "capture")
    texts = submit_many(store, 40)
    session = store.snapshot()
    assert session.idea_count == 40 and session.ideas == (), "hidden until revealed"
    store.reveal()
    revealed = store.snapshot().ideas
    fields = set(revealed[0]._fields)
    assert not fields & {"author", "person", "created", "submitted", "time"}
    order = [texts.index(idea.text) for idea in sorted(revealed, key=lambda i: i.number)]
    assert sorted(order) == list(range(40))
    assert order != list(range(40)), "display numbers are not the submission order"
    assert Counter(idea.owners for idea in revealed) == Counter({(): 40}), "nobody owns one yet"
