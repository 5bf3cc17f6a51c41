"""The facilitator console app: a thin shell that owns the store, the clock and the polling."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.text import shown
from rmworkshop.store import SessionStore
from rmworkshop.ui.facilitator.room import JoinScreen, Room, ServerFactory
from rmworkshop.ui.facilitator.start import StartScreen
from rmworkshop.ui.keys import declared_bindings, key_display
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

    def on_mount(self) -> None:
        self.push_screen(self._live() if self.session.is_started else StartScreen())
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

    @staticmethod
    def _live() -> Screen[None]:
        # The live screen and the dialogs load when first shown: a new session opens on the
        # start screen, and the console's start waits for neither.
        from rmworkshop.ui.facilitator.live import LiveScreen

        return LiveScreen()

    def after_reload(self) -> None:
        if self.session.is_finished and not self._offered_export:
            self._offered_export = True
            self.action_export()
        if not self.session.is_finished:
            self._offered_export = False

    def show_live(self) -> None:
        self.switch_screen(self._live())

    def set_present(self, name: str, present: bool) -> None:
        self.act(self.store.set_present, name, present)

    def claimed(self) -> frozenset[int]:
        """The people whose names a device holds."""
        from rmworkshop.store.devices import Devices

        try:
            return frozenset(Devices(self.store).claimed())
        except Refused:
            return frozenset()  # the file is busy: the next refresh tries again

    def release(self, name: str) -> None:
        from rmworkshop.store.devices import Devices

        ok, member = self.attempt(Devices(self.store).release, name)
        if ok and member is not None:
            self.notify(
                f"{member.name} is free again: their device must join with the code again.",
                markup=False,
            )

    def show_people(self) -> None:
        from rmworkshop.ui.facilitator.modals import PeopleDialog

        self.push_screen(PeopleDialog(self.session))

    def edit_owners(self, number: int) -> None:
        idea = self.session.idea(number)
        if idea is None:
            return

        def save(choice: OwnerChoice | None) -> None:
            if choice is not None:
                ok, _ = self.attempt(
                    self.store.set_owners, number, choice.names, choice.due, choice.first_step
                )
                if ok:
                    self.notify(f"Idea #{number} updated.")

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
            self.notify(
                "Wrote " + " and ".join(shown(p) for p in written), markup=False, timeout=10
            )

        from rmworkshop.ui.facilitator.modals import ExportDialog

        self.push_screen(ExportDialog(self.default_export_path(), self.session.is_finished), done)

    # -- help and command palette ----------------------------------------------------------
    def _bindings_of(self, screen: Screen[Any]) -> list[tuple[str, str, str]]:
        return [
            (key_display(self, b), b.description, b.action) for b in declared_bindings(screen, self)
        ]

    def action_help(self) -> None:
        keys = [(key, description) for key, description, _ in self._bindings_of(self.screen)]
        keys.append(("ctrl+p", "Command palette"))
        from rmworkshop.ui.facilitator.modals import HelpScreen

        self.push_screen(HelpScreen(keys))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, description, action in self._bindings_of(screen):
            if screen.check_action(action, ()) is False:
                continue
            target = screen if hasattr(screen, f"action_{action}") else self

            def run(action: str = action, target: Any = target) -> None:
                self.call_later(self.run_action, action, target)

            yield SystemCommand(description, f"Key: {key}", run)
