"""The room's results carry the one rank wording of the core, so every front end that draws
them (the participant page as well as the consoles) writes a tie as the consoles do: "2="."""

from __future__ import annotations

from rmworkshop.core.wording import rank_label
from rmworkshop.participation.view import shared_view
from rmworkshop.store import Store
from tests.helpers import go_to


def test_each_result_carries_the_console_s_rank_label(store: Store) -> None:
    go_to(store, "capture")
    for text in ("One", "Two", "Three"):
        store.submit(text)
    go_to(store, "vote")
    voter = store.snapshot().people[0].name
    store.cast_ballot(voter, {1: 1})
    store.close_voting(force=True)
    results = shared_view(store.snapshot())["results"]
    assert [r["rank_label"] for r in results] == ["1", "2=", "2="]
    assert all(r["rank_label"] == rank_label(r["rank"], r["tied"]) for r in results)
