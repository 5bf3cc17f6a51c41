"""The participant consoles: own terminal (join), shared terminal (kiosk), browser (serve)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rmworkshop.core.errors import Refused
from rmworkshop.store import SessionStore
from rmworkshop.system import SystemClock


def join(options: argparse.Namespace) -> int:
    from rmworkshop.ui.participant.app import ParticipantApp

    clock = SystemClock()
    store = SessionStore.open(Path(options.session), clock)
    if options.level is not None and options.name is None:
        raise Refused("--level goes with --as NAME.")
    digest = None
    if options.browser:
        from rmworkshop.serve import DIGEST_VARIABLE

        digest = os.environ.get(DIGEST_VARIABLE)
        if not digest:
            raise Refused("--browser is used by `rmworkshop serve`; run that instead.")
    ParticipantApp(store, clock, name=options.name, level=options.level, join_digest=digest).run()
    return 0


def kiosk(options: argparse.Namespace) -> int:
    from rmworkshop.ui.participant.kiosk import KioskApp

    clock = SystemClock()
    KioskApp(SessionStore.open(Path(options.session), clock), clock).run()
    return 0


def serve(options: argparse.Namespace) -> int:
    from rmworkshop.serve import serve as serve_browsers

    path = Path(options.session)
    SessionStore.open(path, SystemClock()).close()  # a bad file is refused before listening
    serve_browsers(path, options.host, options.port, options.public_url)
    return 0
