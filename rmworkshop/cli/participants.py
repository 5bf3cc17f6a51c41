"""The participant consoles (join, kiosk), the participant server (serve) and releasing names."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import typed_profile
from rmworkshop.sessions import console_session, open_session, place_of
from rmworkshop.system import SystemClock

if TYPE_CHECKING:
    from rmworkshop.ui.participant.local_participant import ParticipantBackend


def join(options: argparse.Namespace) -> int:
    from rmworkshop.ui.participant.app import ParticipantApp

    if options.level is not None and options.name is None:
        raise Refused("--level goes with --as NAME.")
    stated = options.team is not None or options.teaches or options.learns or not options.mentor
    if stated and options.level is None:
        raise Refused("--team, --teaches, --learns and --no-mentor go with --as NAME --level L.")
    profile = typed_profile(options.team, options.teaches, options.learns, options.mentor)
    clock = SystemClock()
    backend = _backend(options, clock, kiosk=False)
    console = ParticipantApp(
        backend, clock, name=options.name, level=options.level, profile=profile if stated else None
    )
    console.run()
    return console.return_code or 0  # 1 after a bug, which the console reported


def kiosk(options: argparse.Namespace) -> int:
    from rmworkshop.ui.participant.app.kiosk import KioskApp

    clock = SystemClock()
    console = KioskApp(_backend(options, clock, kiosk=True), clock)
    console.run()
    return console.return_code or 0  # 1 after a bug, which the console reported


def _backend(options: argparse.Namespace, clock: SystemClock, *, kiosk: bool) -> ParticipantBackend:
    """Through the participant server for an address; the file itself for a path (only the
    account that owns the file can open it, so that is the trusted case)."""
    place = str(options.session)
    if is_address(place):
        from rmworkshop.remote.client import ServerClient
        from rmworkshop.remote.remote_participant import RemoteParticipant

        remote = RemoteParticipant(ServerClient(place, clock), clock, kiosk=kiosk)
        if options.code is not None:
            remote.join(options.code)  # a wrong code is one line and exit 2, before any screen
        return remote
    if options.code is not None:
        raise Refused("--code goes with an address such as http://HOST:PORT.")
    from rmworkshop.ui.participant.local_participant import LocalParticipant

    store = console_session(place_of(str(place)), clock)
    return LocalParticipant(store, clock, kiosk=kiosk)


def is_address(place: str) -> bool:
    return place.startswith(("http://", "https://"))


def serve(options: argparse.Namespace) -> int:
    from rmworkshop.cli.serve import serve_participants

    place = place_of(options.session)
    with open_session(place, SystemClock()) as store:  # a bad session is refused before listening
        if options.closed_roster:
            store.set_roster_closed(True)
    serve_participants(place, options.host, options.port, options.public_url, options.kiosk)
    return 0


def release(options: argparse.Namespace) -> int:
    with open_session(place_of(options.session), SystemClock()) as store:
        member = store.release(options.name)
    print(f"{member.name} is free: the device that held the name must join again.")
    return 0


def devices(options: argparse.Namespace) -> int:
    """How many devices joined, and with --clear, forget those holding no name (not kiosks):
    each joins again with the code. Addresses are known to the running server only."""
    from rmworkshop.core.devices import Joined, forgettable

    with open_session(place_of(options.session), SystemClock()) as store:
        joined = [Joined(d.digest, d.person, d.kiosk) for d in store.devices().values()]
        idle = [device.digest for device in joined if forgettable(device)]
        named = sum(1 for device in joined if device.person is not None)
        kiosks = len(joined) - named - len(idle)
        print(
            f"{len(joined)} device(s) joined: {named} hold a name, {len(idle)} hold none,"
            f" {kiosks} kiosk(s)."
        )
        if options.clear:
            cleared = store.forget_devices(idle)
            print(f"Cleared {cleared} device(s) holding no name: they join again with the code.")
    return 0


def let_in(options: argparse.Namespace) -> int:
    with open_session(place_of(options.session), SystemClock()) as store:
        member = store.let_in(options.name)
    print(f"{member.name} is let in on the device that asked, and marked present.")
    return 0
