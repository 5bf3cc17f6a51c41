"""Session, phase and file commands."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

from rmworkshop import agendas as bundled
from rmworkshop.cli.options import minutes, number, opened
from rmworkshop.cli.parser_types import Handler
from rmworkshop.cli.report import ideas_data, ideas_text, status_data, status_text
from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.loading import validate as validate_model
from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from rmworkshop.core.rules import ballots
from rmworkshop.core.text import one_line, shell_word, shown
from rmworkshop.core.wording import counted
from rmworkshop.exporting import session_outcomes, write_outcomes
from rmworkshop.files.reading import (
    MAX_OUTCOMES_BYTES,
    MAX_SETUP_BYTES,
    load,
    read_toml,
    refuse_larger,
)
from rmworkshop.outcomes import schema as outcomes
from rmworkshop.outcomes.summary import markdown
from rmworkshop.sessions import create_session, place_of
from rmworkshop.system import SystemClock


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def new(options: argparse.Namespace) -> int:
    from rmworkshop.cli.history import add_history, read_history

    history = read_history(options.history)
    place = place_of(options.session) if options.session is not None else None
    with create_session(SystemClock(), options.agenda, _path(options.roster), place) as store:
        add_history(store, history)
        print(shown(store.path) if place is None or isinstance(place, Path) else place)
    return 0


def agendas(_: argparse.Namespace) -> int:
    for name, path in bundled.bundled().items():
        agenda = load(Plan, path)
        minutes_total = agenda.planned_seconds // 60
        default = " (default)" if name == bundled.DEFAULT_AGENDA else ""
        print(f"{name}{default}: {agenda.title}, {minutes_total} min, {len(agenda.phases)} phases")
        if agenda.summary:
            print(f"    {agenda.summary}")
    return 0


def _validate_one(path: Path) -> str:
    text, data = read_toml(path, MAX_OUTCOMES_BYTES)
    if "format" in data or "version" in data:
        result = outcomes.parse(path, text, data)
        return f"outcomes, {len(result.ideas)} ideas"
    # `run` and `new` read agendas and rosters only up to their own, smaller limit.
    refuse_larger(path, len(text.encode("utf-8")), MAX_SETUP_BYTES)
    if "phases" in data or "title" in data:
        agenda = validate_model(Plan, path, text, data)
        return f"agenda, {len(agenda.phases)} phases"
    if "people" in data or "levels" in data:
        roster = validate_model(Roster, path, text, data)
        return f"roster, {len(roster.people)} people"
    raise BadFile(f"{path}: not an agenda, roster or outcomes file (no phases, people or format)")


def validate(options: argparse.Namespace) -> int:
    failed = False
    for name in options.files:
        try:
            print(f"{shown(name)}: ok ({_validate_one(Path(name))})")
        except BadFile as error:
            print(f"rmworkshop: {one_line(str(error))}", file=sys.stderr)
            failed = True
    return 2 if failed else 0


def status(options: argparse.Namespace) -> int:
    with opened(options) as store:
        session, now = store.snapshot(), SystemClock().now()
    if options.json:
        print(json.dumps(status_data(session, now), ensure_ascii=False, indent=2))
    else:
        print(status_text(session, now))
    return 0


def ideas(options: argparse.Namespace) -> int:
    with opened(options) as store:
        session = store.snapshot()
    if options.json:
        print(json.dumps(ideas_data(session), ensure_ascii=False, indent=2))
    else:
        print(ideas_text(session))
    return 0


def phase_action(name: str) -> Handler:
    def handler(options: argparse.Namespace) -> int:
        with opened(options) as store:
            if name == "reveal":
                count = store.reveal(force=options.force)
                print(f"Revealed {counted(count, 'idea')}.")
                return 0
            from_phase = getattr(options, "from_phase", None)
            seen = number(from_phase, "phase number") if from_phase is not None else None
            moves: dict[str, Callable[[], object]] = {
                "start": store.start,
                "next": lambda: store.next_phase(from_phase=seen),
                "back": lambda: store.back_phase(from_phase=seen),
                "pause": store.pause,
                "resume": store.resume,
                "close-vote": lambda: store.close_voting(force=options.force),
            }
            moves[name]()
            session = store.snapshot()
            if name == "close-vote":
                print(
                    f"Voting closed: {counted(session.voting.ballots, 'ballot')} counted."
                    f"  `rmworkshop ideas {shell_word(options.session)}` shows the ranking."
                )
            print(status_text(session, SystemClock().now()).splitlines()[1])
        return 0

    return handler


def extend(options: argparse.Namespace) -> int:
    with opened(options) as store:
        store.extend(minutes(options.minutes))
        print(status_text(store.snapshot(), SystemClock().now()).splitlines()[1])
    return 0


MAX_STDIN_BYTES = 1024 * 1024
"""An idea read from standard input: far above 500 characters even after escape sequences
are removed, and small enough to read whole before deciding."""


def _read_stdin() -> str:
    """All of standard input, or `Refused`: it is never cut, so nothing is stored half."""
    chunks: list[bytes] = []
    size = 0
    stdin = cast(io.BufferedReader, sys.stdin.buffer)
    # A terminal or a slow pipe may hand over a little at a time: read to the end.
    while chunk := stdin.read1(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_STDIN_BYTES:
            raise Refused(
                f"The idea on standard input is over {MAX_STDIN_BYTES // 1024 // 1024} MiB;"
                " nothing was stored."
            )
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("The idea on standard input is not UTF-8 text.") from None


def submit(options: argparse.Namespace) -> int:
    text = _read_stdin() if options.text == "-" else options.text
    with opened(options) as store:
        store.submit(text)
    print("Idea received.")
    return 0


def merge(options: argparse.Namespace) -> int:
    keep = number(options.keep)
    duplicates = [number(n) for n in options.duplicates]
    with opened(options) as store:
        store.merge(keep, duplicates)
    print(f"Merged {', '.join(f'#{n}' for n in duplicates)} into #{keep}.")
    return 0


def export(options: argparse.Namespace) -> int:
    with opened(options) as store:
        ballots.check_export(store.snapshot())
        result, hidden = session_outcomes(store, SystemClock().now())
    if hidden:
        print(
            f"rmworkshop: note: {hidden} idea(s) not yet revealed are not included",
            file=sys.stderr,
        )
    if options.output:
        written = write_outcomes(result, Path(options.output), options.markdown)
        print("Wrote " + " and ".join(shown(path) for path in written))
    else:
        sys.stdout.write(markdown(result) if options.markdown else result.to_toml())
    return 0
