"""The start screen: what will run, who is here, and how participants join."""

from __future__ import annotations

import shlex

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Label

from rmworkshop.core.session import Session
from rmworkshop.core.text import shown
from rmworkshop.ui.messages import ShowPeople, Start
from rmworkshop.ui.session_screen import SessionScreen
from rmworkshop.ui.widgets.literal import Literal


class StartScreen(SessionScreen):
    BINDINGS = [
        Binding("enter,s", "start", "Start the session", priority=True),
        Binding("a", "people", "People"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start"):
            yield Literal(id="start-title", classes="title")
            yield Literal(id="start-summary", classes="hint")
            with Horizontal(id="start-columns"):
                with Vertical(id="start-agenda"):
                    yield Label("Agenda", classes="panel-title")
                    yield Literal(id="start-phases")
                with Vertical(id="start-people"):
                    yield Label("People", classes="panel-title")
                    yield Literal(id="start-people-list")
            yield Label("How participants join", classes="panel-title")
            yield Literal(id="start-join")
            yield Literal(id="start-go", classes="go")
        yield Footer()

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
        ordered = sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.id))
        for member in ordered:
            away = "" if member.present else " (away)"
            people.add_row(Text(member.name), Text(member.level + away))
        if not ordered:
            people.add_row(Text("Nobody yet: people appear here as they join.", style="dim"), "")
        self.query_one("#start-people-list", Literal).set(people)
        path = shown(shlex.quote(str(self.app.store.path)))
        join = Text()
        join.append("Own terminal:     ", style="dim")
        join.append(f"rmworkshop join {path}\n")
        join.append("Shared terminal:  ", style="dim")
        join.append(f"rmworkshop kiosk {path}\n")
        join.append("Browser:          ", style="dim")
        join.append(f"rmworkshop serve {path}")
        join.append("   (prints the address and a join code)\n", style="dim")
        join.append("Session file:     ", style="dim")
        join.append(shown(self.app.store.path))
        self.query_one("#start-join", Literal).set(join)
        self.query_one("#start-go", Literal).set(
            Text.assemble(("Press Enter to start ", "bold"), (agenda.phases[0].name, "bold"))
        )

    def action_start(self) -> None:
        self.post_message(Start())

    def action_people(self) -> None:
        self.post_message(ShowPeople())
