"""The merge suggestions panel: after the reveal and until the first ballot, the alike cards
most alike first, each in full and literally; one key merges (keeping the wording picked), one
dismisses for good; the board undoes a merge; a model that cannot load is one line."""

from __future__ import annotations

import contextlib
from typing import Any, cast

import pytest
from textual.widgets import OptionList

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.store import Store
from rmworkshop.suggestions import ModelUnavailable, model
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.facilitator.start import StartScreen
from rmworkshop.ui.facilitator.suggestions import SuggestionsScreen
from rmworkshop.ui.widgets.idea_board import IdeaBoard
from tests.helpers import go_to, hostile_inputs
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, text_of, wait_until

PAY = ("Publish salary bands for every role", "[b]publish[/b] pay bands for all roles")
MISTAKES = (
    "Leaders, talk about your mistakes openly",
    "Leaders should talk openly about their own mistakes",
)
OTHERS = ("Better coffee in the kitchen ☕", "More bike parking at the office")


def _options(app: Any) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def _panel(app: Any) -> SuggestionsScreen:
    screen = app.screen
    assert isinstance(screen, SuggestionsScreen)
    return screen


def _revealed(make_store: MakeStore, clock: FakeClock, cards: list[str]) -> tuple[Store, Any]:
    """A session with these cards revealed, and a facilitator's console on it."""
    store = make_store()
    go_to(store, "capture")
    store.submit_many(cards)
    store.reveal()
    return store, make_facilitator(other_process(file_of(store), clock), clock)


async def _open(pilot: Any, app: Any) -> None:
    await pilot.pause()
    if isinstance(app.screen, StartScreen):
        await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
    await wait_until(pilot, lambda: app.screen.check_action("suggestions", ()) is True)
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(app.screen, SuggestionsScreen))


async def test_merge_dismiss_and_undo_from_the_console(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store, app = _revealed(make_store, clock, [*PAY, *MISTAKES, *OTHERS])
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await wait_until(pilot, lambda: len(_options(app)) == 2)
        shown = "\n".join(_options(app))
        for text in (*PAY, *MISTAKES):
            assert text in shown, "every card in full, markup shown literally"
        assert OTHERS[0] not in shown
        first = _panel(app).suggestions[0].ideas
        assert _panel(app).suggestions[0].score >= _panel(app).suggestions[1].score

        await pilot.press("right")  # keep the second card's wording
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(_options(app)) == 1)
        session = store.snapshot()
        assert session.idea(first[0]) is not None
        assert session.idea(first[0]).merged_into == first[1]  # type: ignore[union-attr]
        assert len(session.votable) == 5

        second = _panel(app).suggestions[0].ideas
        await pilot.press("d")
        await wait_until(pilot, lambda: len(_options(app)) == 0)
        assert store.dismissed() == [frozenset(second)]
        assert "No suggestions" in text_of(app, "#suggestions-status")

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        board = app.screen.query_one("#board", IdeaBoard)
        board.move_cursor(row=board.get_row_index(str(first[1])))
        await pilot.press("u")
        await wait_until(pilot, lambda: len(store.snapshot().votable) == 6)

    # Another console, later: the dismissed suggestion does not come back.
    again = make_facilitator(other_process(file_of(store), clock), clock)
    async with again.run_test(size=(120, 40)) as pilot:
        await _open(pilot, again)
        await wait_until(pilot, lambda: "group" in text_of(again, "#suggestions-status"))
        assert [s.ideas for s in _panel(again).suggestions] == [first]


async def test_a_model_that_cannot_load_is_one_line_and_the_console_goes_on(
    make_store: MakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> model.Embedder:
        raise ModelUnavailable(model.UNAVAILABLE)

    monkeypatch.setattr(model, "embedder", broken)
    store, app = _revealed(make_store, clock, [*PAY, *OTHERS])
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await wait_until(pilot, lambda: text_of(app, "#suggestions-status") == model.UNAVAILABLE)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: store.snapshot().kind == "share")
        assert app.is_running


def test_a_card_is_shown_literally_never_as_markup() -> None:
    from rmworkshop.core.session import Idea, Session
    from rmworkshop.core.suggestions import Suggestion
    from rmworkshop.ui.facilitator.suggestions import group_text

    texts = {1: "[@click=app.quit]quit[/]", 2: "[red]red?[/] \U0001f469\u200d\U0001f469 مرحبا"}

    class Ideas:
        def idea(self, number: int) -> Idea:
            return Idea(key=str(number), number=number, text=texts[number])

    shown = group_text(Suggestion((1, 2), 0.5), cast(Session, Ideas()), keep=2).plain
    assert texts[1] in shown and texts[2] in shown
    assert "▶ keep #2" in shown


async def test_hostile_cards_in_the_panel(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    go_to(store, "capture")
    accepted = []
    for text in hostile_inputs():
        with contextlib.suppress(Refused):  # blank or too long: refused, tested elsewhere
            accepted.append(store.submit(text))
    store.submit_many(["[b]same card[/b] twice", "[b]same card[/b] twice!"])
    store.reveal()
    app = make_facilitator(other_process(file_of(store), clock), clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await wait_until(pilot, lambda: "group" in text_of(app, "#suggestions-status"))
        shown = "\n".join(_options(app))
        assert "[b]same card[/b] twice!" in shown
        for suggestion in _panel(app).suggestions:
            for number in suggestion.ideas:
                idea = store.snapshot().idea(number)
                assert idea is not None and idea.text in shown
        assert app.is_running
    assert accepted


async def test_suggestions_are_computed_off_the_screen_thread(
    make_store: MakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from rmworkshop import suggestions

    threads: list[threading.Thread] = []
    real = suggestions.suggestions_for

    def recording(session: Any, dismissed: Any) -> Any:
        threads.append(threading.current_thread())
        return real(session, dismissed)

    monkeypatch.setattr(suggestions, "suggestions_for", recording)
    _, app = _revealed(make_store, clock, [*PAY, *OTHERS])
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await wait_until(pilot, lambda: not text_of(app, "#suggestions-status").startswith("Look"))
    assert threads and threading.main_thread() not in threads


async def test_closing_the_panel_before_the_suggestions_arrive(
    make_store: MakeStore, clock: FakeClock
) -> None:
    _, app = _revealed(make_store, clock, [*PAY, *MISTAKES])
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await wait_until(pilot, lambda: "group" in text_of(app, "#suggestions-status"))
        assert app.is_running
