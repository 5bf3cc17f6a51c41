"""The facilitator console app: a thin shell that owns the store, the clock and the polling,
and turns the screens' requests into store actions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.text import shown
from rmworkshop.core.wording import file_stem
from rmworkshop.store import Store
from rmworkshop.ui.facilitator.app.requests import FacilitatorRequests
from rmworkshop.ui.facilitator.join_screen import (
    JoinScreen,
    ParticipantServer,
    RoomOpener,
    ServerFactory,
)
from rmworkshop.ui.help import KeyGuide
from rmworkshop.ui.messages import RoomOpened
from rmworkshop.ui.session_app import POLL_SECONDS

if TYPE_CHECKING:
    from rmworkshop.ui.facilitator.modals import ExportChoice


QUIT_OPEN_ROOM = (
    "Quit and close the room? Every phone, laptop and terminal joined through it stops "
    "following the session until the room is opened again (run again with --serve, or press j); "
    "what they sent is kept. The phase timer keeps running while the console is closed, as the "
    "room's time does: pause it first (Space) to stop it."
)


class FacilitatorApp(FacilitatorRequests):
    CSS_PATH = ["../../base.tcss", "../facilitator.tcss"]
    TITLE = "rmworkshop"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("x", "export", "Export"),
        Binding("j", "join_screen", "Open the room: join address, code and QR", show=False),
        Binding("ctrl+q,q", "quit", "Quit"),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        poll: float = POLL_SECONDS,
        room: ServerFactory | None = None,
        open_room: bool = False,
    ) -> None:
        super().__init__(store, clock, poll=poll)
        self._offered_export = self.session.is_finished
        self.room = RoomOpener(room)
        self._open_room = open_room
        self._live_shown = self.session.is_started
        self.guide = KeyGuide(self)

    def on_mount(self) -> None:
        self.start_polling()
        if self._open_room:
            self.action_join_screen()

    def on_unmount(self) -> None:
        # The participant server lives only as long as this console. Textual calls
        # `SessionApp.on_unmount` as well, as it calls each class's handler: not again here.
        self.room.close()

    def kiosk_code(self) -> str | None:
        return self.room.server.kiosk_code if self.room.server is not None else None

    def action_join_screen(self) -> None:
        """Open the room (the participant server) if it is not open yet, and show how to join."""
        if isinstance(self.screen, JoinScreen):
            self.screen.dismiss()
            return

        def opened(server: ParticipantServer) -> None:
            for screen in self.screen_stack:
                screen.post_message(RoomOpened(server.url, server.code))
            if not isinstance(self.screen, JoinScreen):  # j pressed twice while it opened
                self.push_screen(JoinScreen(server))

        # Starting the server opens the session file and waits until it listens: in a worker.
        self.fetch(
            self.room.open,
            opened,
            refused=lambda line: self.notify(line, severity="error", markup=False, timeout=10),
        )

    def first_screen(self) -> Screen[None]:
        """The start screen until the session has started, then the live screen."""
        # Each loaded when first shown: a console opens on one of them, never both.
        if not self.session.is_started:
            from rmworkshop.ui.facilitator.start import StartScreen

            server = self.room.server
            return StartScreen(RoomOpened(server.url, server.code) if server else None)
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
        if (
            not self.screen_stack
            or isinstance(self.screen, ModalScreen)
            or self.lost
            or self._live_shown == started
        ):
            return
        self._live_shown = started  # now, not once the switch is done: no second switch
        self.show_base(self.first_screen())

    def tick(self) -> None:
        super().tick()
        self.follow()

    # -- export ----------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        """Beside the session file, or in the current folder for a session that is no file,
        named after the session (`file_stem` keeps a database session's name a file name)."""
        path = self.store.path
        if path is None:
            return Path(f"{file_stem(self.store.name)}-outcomes.toml")
        return path.with_name(f"{path.stem}-outcomes.toml")

    def export(self, choice: ExportChoice) -> list[Path]:
        """Write the outcomes (and the summary); run in a store worker, never on screen."""
        # Loaded on export only: the outcomes schema is not needed to start the console.
        from rmworkshop.exporting import session_outcomes, write_outcomes

        result, _ = session_outcomes(self.store, self.clock.now())
        try:
            return write_outcomes(result, choice.path, choice.markdown)
        except OSError as error:
            raise Refused(f"Could not write {shown(choice.path)}: {error.strerror}") from None

    def action_export(self) -> None:
        def done(choice: ExportChoice | None) -> None:
            if choice is None:
                return
            self.write(
                lambda: self.export(choice),
                lambda written: self.notify(
                    "Wrote " + " and ".join(shown(p) for p in written), markup=False, timeout=10
                ),
                refused=lambda line: self.notify(line, severity="error", markup=False),
            )

        from rmworkshop.ui.facilitator.modals import ExportDialog

        self.push_screen(ExportDialog(self.default_export_path(), self.session.is_finished), done)

    # -- quitting --------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit; with the room open, only once the facilitator says yes to closing it."""
        if self.room.server is None or not self.room.server.runs_here:
            self.exit()  # no room, or one its servers keep open elsewhere
            return
        from rmworkshop.ui.facilitator.modals import ConfirmDialog

        if isinstance(self.screen, ConfirmDialog):
            return  # q pressed again while the question is asked

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmDialog(QUIT_OPEN_ROOM, "Close the room and quit"), answered)

    # -- help and command palette ----------------------------------------------------------
    def action_help(self) -> None:
        self.guide.show_help()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from self.guide.commands(screen)
