"""The start screen: what will run, who is here, and how participants join."""

from __future__ import annotations

import shlex

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label

from rmworkshop.core.claims import asks_who_arrived, not_arrived
from rmworkshop.core.session import Session
from rmworkshop.core.text import shown
from rmworkshop.ui.facilitator.arrival import ArrivalDialog
from rmworkshop.ui.messages import (
    ClaimsRead,
    ReadClaims,
    RoomOpened,
    SessionChanged,
    ShowPeople,
    Start,
)
from rmworkshop.ui.session_screen import SessionScreen
from rmworkshop.ui.widgets.key_bar import PALETTE, KeyBar
from rmworkshop.ui.widgets.literal import Literal


class StartScreen(SessionScreen):
    BINDINGS = [
        Binding("enter,s", "start", "Start the session", priority=True),
        Binding("a", "people", "People"),
    ]

    def __init__(self, room: RoomOpened | None = None) -> None:
        super().__init__()
        self._room = room
        """The participant server this console opened: people join through it, not a file."""
        self._claimed: frozenset[int] = frozenset()
        """Who has joined on a device (asked of the app, read off screen): joined against
        expected, as the room counts it."""

    def on_mount(self) -> None:
        # Textual runs `SessionScreen.on_mount` too, as it runs each class's handler.
        self.post_message(ReadClaims(self))

    @on(SessionChanged)
    def _ask_who_joined(self) -> None:
        self.post_message(ReadClaims(self))  # a device may have claimed a name

    @on(ClaimsRead)
    def _claims_read(self, message: ClaimsRead) -> None:
        if message.claimed != self._claimed:
            self._claimed = message.claimed
            self.redraw()

    @on(RoomOpened)
    def _room_opened(self, opened: RoomOpened) -> None:
        self._room = opened
        self.redraw()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start"):
            yield Literal(id="start-title", classes="title")
            yield Literal(id="start-summary", classes="hint")
            with Horizontal(id="start-columns"):
                with Vertical(id="start-agenda"):
                    yield Label("Agenda", classes="panel-title")
                    yield Literal(id="start-phases")
                with Vertical(id="start-people"):
                    yield Literal("People", id="start-people-title", classes="panel-title")
                    yield Literal(id="start-people-list")
            yield Label("How participants join", classes="panel-title")
            yield Literal(id="start-join")
            yield Literal(id="start-go", classes="go")
        yield KeyBar(give_way=(PALETTE, "export", "quit"))

    def draw(self, session: Session) -> None:
        agenda = session.agenda
        self.query_one("#start-title", Literal).set(agenda.title)
        self.query_one("#start-summary", Literal).set(agenda.summary)
        phases = Table.grid(padding=(0, 2))
        phases.add_column(justify="right", style="dim")
        phases.add_column()
        phases.add_column(style="dim")
        phases.add_column(justify="right")
        for index, phase in enumerate(agenda.phases, 1):
            phases.add_row(str(index), Text(phase.name), phase.kind, f"{phase.minutes:g} min")
        phases.add_row("", Text("Total", style="bold"), "", f"{agenda.planned_seconds // 60} min")
        self.query_one("#start-phases", Literal).set(phases)
        people = Table.grid(padding=(0, 2))
        people.add_column()
        people.add_column(style="dim")
        people.add_column()
        ordered = sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.id))
        joined = sum(1 for m in ordered if m.id in self._claimed)
        for member in ordered:
            if member.id in self._claimed:
                state = Text("✓ joined", style="green")
            else:
                state = Text("away" if not member.present else "not yet", style="dim")
            people.add_row(Text(member.name), Text(member.level), state)
        if not ordered:
            people.add_row(Text("Nobody yet: people appear here as they join.", style="dim"), "")
        title = f"People: {joined} of {len(ordered)} joined on a device" if ordered else "People"
        self.query_one("#start-people-title", Literal).set(title)
        self.query_one("#start-people-list", Literal).set(people)
        self.query_one("#start-join", Literal).set(self._how_to_join())
        self.query_one("#start-go", Literal).set(
            Text.assemble(("Press Enter to start ", "bold"), (agenda.phases[0].name, "bold"))
        )

    def _how_to_join(self) -> Text:
        join = Text()
        if self._room is not None:
            url, code = self._room.url, self._room.code
            join.append("Phone or laptop:  ", style="dim")
            join.append(f"open {url} and type the code ")
            join.append(code, style="bold")
            join.append("   (j shows the QR code)\n", style="dim")
            join.append("Own terminal:     ", style="dim")
            join.append(f"rmworkshop join {url}")
            join.append("   (asks for the code)\n", style="dim")
        else:
            path = shown(shlex.quote(self.app.store.place))
            join.append("Phones, laptops:  ", style="dim")
            join.append("press j to open the room (its address, code and QR code)\n")
            join.append("Own terminal:     ", style="dim")
            join.append(f"rmworkshop join {path}\n")
            join.append("Shared terminal:  ", style="dim")
            join.append(f"rmworkshop kiosk {path}\n")
        label = "Session file:     " if self.app.store.path else "Session:          "
        join.append(label, style="dim")
        join.append(shown(self.app.store.place))
        return join

    def action_start(self) -> None:
        session = self.session
        if not asks_who_arrived(session, self._claimed, self._room is not None):
            self.post_message(Start())
            return

        def answered(away: tuple[str, ...] | None) -> None:
            if away is not None:
                self.post_message(Start(away))

        ordered = sorted(
            not_arrived(session, self._claimed),
            key=lambda m: (session.levels.rank(m.level), m.name),
        )
        self.app.push_screen(ArrivalDialog(ordered), answered)

    def action_people(self) -> None:
        self.post_message(ShowPeople())
