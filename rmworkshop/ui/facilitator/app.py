"""The facilitator console app: a thin shell that owns the store, the clock and the polling,
and turns the screens' requests into store actions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.text import shown
from rmworkshop.core.wording import counted
from rmworkshop.store import SessionStore
from rmworkshop.ui import messages
from rmworkshop.ui.facilitator.room import JoinScreen, Room, ServerFactory
from rmworkshop.ui.facilitator.start import StartScreen
from rmworkshop.ui.failures import refusal
from rmworkshop.ui.help import KeyGuide
from rmworkshop.ui.session_app import POLL_SECONDS, SessionApp

if TYPE_CHECKING:
    from rmworkshop.ui.facilitator.modals import ExportChoice, OwnerChoice


class FacilitatorApp(SessionApp):
    CSS_PATH = "facilitator.tcss"
    TITLE = "rmworkshop"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("x", "export", "Export"),
        Binding("j", "join_screen", "Open the room: join address, code and QR", show=False),
        Binding("ctrl+q,q", "quit", "Quit"),
    ]

    def __init__(
        self,
        store: SessionStore,
        clock: Clock,
        *,
        poll: float = POLL_SECONDS,
        room: ServerFactory | None = None,
        open_room: bool = False,
    ) -> None:
        super().__init__(store, clock, poll=poll)
        self._offered_export = self.session.is_finished
        self.room = Room(room)
        self._open_room = open_room
        self._live_shown = False
        self.guide = KeyGuide(self)

    def on_mount(self) -> None:
        self._live_shown = self.session.is_started
        self.push_screen(self._main_screen())
        self.start_polling()
        if self._open_room:
            self.action_join_screen()

    def on_unmount(self) -> None:
        self.room.close()  # the participant server lives only as long as this console
        super().on_unmount()

    def action_join_screen(self) -> None:
        """Open the room (the participant server) if it is not open yet, and show how to join."""
        if isinstance(self.screen, JoinScreen):
            self.screen.dismiss()
            return
        try:
            server = self.room.open()
        except Refused as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        self.push_screen(JoinScreen(server))

    def _main_screen(self) -> Screen[None]:
        """The start screen until the session has started, then the live screen."""
        if not self.session.is_started:
            return StartScreen()
        # Loaded when first shown: a new session opens on the start screen without it.
        from rmworkshop.ui.facilitator.live import LiveScreen

        return LiveScreen()

    def after_reload(self) -> None:
        self.follow()
        if self.session.is_finished and not self._offered_export:
            self._offered_export = True
            self.action_export()
        if not self.session.is_finished:
            self._offered_export = False

    def follow(self) -> None:
        """Show the screen the session's state calls for, whoever moved it on.

        A dialog on top stays until it is closed; the next tick looks again.
        """
        started = self.session.is_started
        if isinstance(self.screen, ModalScreen) or self.lost or self._live_shown == started:
            return
        self._live_shown = started  # now, not once the switch is done: no second switch
        self.switch_screen(self._main_screen())

    def claimed(self) -> frozenset[int]:
        """The people whose names a device holds."""
        from rmworkshop.store.devices import Devices

        try:
            return frozenset(Devices(self.store).claimed())
        except Refused:
            return frozenset()  # the file is busy: the next refresh tries again

    @on(messages.ReleaseName)
    def _release(self, request: messages.ReleaseName) -> None:
        from rmworkshop.store.devices import Devices

        def released(member: Member | None) -> None:
            if member is not None:
                self.notify(
                    f"{member.name} is free again: their device must join with the code again.",
                    markup=False,
                )

        self.write(lambda: Devices(self.store).release(request.name), released)

    def tick(self) -> None:
        super().tick()
        self.follow()

    # -- what the screens ask for ------------------------------------------------------------
    @on(messages.Start)
    def _start(self) -> None:
        self.write(self.store.start)

    @on(messages.MovePhase)
    def _move_phase(self, request: messages.MovePhase) -> None:
        move = self.store.next_phase if request.forward else self.store.back_phase
        self.write(lambda: move(request.since))

    @on(messages.PauseOrResume)
    def _pause_or_resume(self) -> None:
        running = self.session.state == "running"
        self.write(self.store.pause if running else self.store.resume)

    @on(messages.Extend)
    def _extend(self, request: messages.Extend) -> None:
        self.write(lambda: self.store.extend(request.minutes))

    @on(messages.Reveal)
    def _reveal(self) -> None:
        self.write(
            self.store.reveal, lambda count: self.notify(f"Revealed {counted(count, 'idea')}.")
        )

    @on(messages.Merge)
    def _merge(self, request: messages.Merge) -> None:
        merged = ", ".join(f"#{n}" for n in request.duplicates)
        self.write(
            lambda: self.store.merge(request.keep, request.duplicates),
            lambda _: self.notify(f"Merged {merged} into #{request.keep}."),
        )

    @on(messages.Turn)
    def _turn(self, request: messages.Turn) -> None:
        if request.step != "next":
            self.write(self.store.turn_pass if request.step == "pass" else self.store.turn_end)
            return
        rounds = len(self.session.rounds)

        def opened(member: Any) -> None:
            started = len(self.session.rounds)
            if self.session.kind == "share" and started > rounds > 0:
                self.notify(f"Round {started} begins: {member.name} opens.", markup=False)

        self.write(self.store.turn_next, opened)

    @on(messages.SwapPair)
    def _swap_pair(self, request: messages.SwapPair) -> None:
        self.write(
            lambda: self.store.swap_pairs(request.first, request.second),
            lambda _: self.notify(f"Swapped {request.first} and {request.second}.", markup=False),
        )

    @on(messages.CloseVoting)
    def _close_voting(self, request: messages.CloseVoting) -> None:
        self.write(lambda: self.store.close_voting(force=request.force))

    @on(messages.ShowPeople)
    def _show_people(self) -> None:
        from rmworkshop.ui.facilitator.modals import PeopleDialog

        self.push_screen(PeopleDialog(self.session))

    @on(messages.SetPresent)
    def _set_present(self, request: messages.SetPresent) -> None:
        self.write(lambda: self.store.set_present(request.name, request.present))

    @on(messages.EditOwners)
    def _edit_owners(self, request: messages.EditOwners) -> None:
        number = request.number
        idea = self.session.idea(number)
        if idea is None:
            return

        def save(choice: OwnerChoice | None) -> None:
            if choice is not None:
                self.write(
                    lambda: self.store.set_owners(
                        number, choice.names, choice.due, choice.first_step
                    ),
                    lambda _: self.notify(f"Idea #{number} updated."),
                )

        from rmworkshop.ui.facilitator.modals import OwnersDialog

        self.push_screen(OwnersDialog(idea, self.session), save)

    # -- export ----------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        path = self.store.path
        return path.with_name(f"{path.stem}-outcomes.toml")

    def export(self, choice: ExportChoice) -> list[Path]:
        # Loaded on export only: the outcomes schema is not needed to start the console.
        from rmworkshop.exporting import session_outcomes, write_outcomes

        result, _ = session_outcomes(self.store, self.clock.now())
        self.reload()
        return write_outcomes(result, choice.path, choice.markdown)

    def action_export(self) -> None:
        def done(choice: ExportChoice | None) -> None:
            if choice is None:
                return
            try:
                written = self.export(choice)
            except OSError as error:
                self.notify(
                    f"Could not write {shown(choice.path)}: {error.strerror}",
                    severity="error",
                    markup=False,
                )
                return
            except Exception as error:
                line = refusal(error)
                if line is None:
                    raise
                self.notify(line, severity="error", markup=False)
                return
            self.notify(
                "Wrote " + " and ".join(shown(p) for p in written), markup=False, timeout=10
            )

        from rmworkshop.ui.facilitator.modals import ExportDialog

        self.push_screen(ExportDialog(self.default_export_path(), self.session.is_finished), done)

    # -- help and command palette ----------------------------------------------------------
    def action_help(self) -> None:
        self.guide.show_help()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from self.guide.commands(screen)
