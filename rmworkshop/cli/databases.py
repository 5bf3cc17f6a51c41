"""`sessions` (the sessions of a PostgreSQL database) and `copy` (a whole session between a
file and a database)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from rmworkshop.core.text import shown
from rmworkshop.core.wording import counted
from rmworkshop.sessions import copy_session, database_sessions, place_of
from rmworkshop.system import SystemClock


def listing(options: argparse.Namespace) -> int:
    found = database_sessions(options.database, SystemClock())
    rows: list[dict[str, Any]] = [
        {
            "name": entry.name,
            "agenda": entry.agenda,
            "title": entry.title,
            "phase": entry.phase,
            "people": entry.people,
            "created": datetime.fromtimestamp(entry.created).astimezone().isoformat("T", "seconds"),
        }
        for entry in found
    ]
    if options.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No sessions in this database.")
    for row in rows:
        created = row["created"][:16].replace("T", " ")
        people = "1 person" if row["people"] == 1 else f"{row['people']} people"
        print(
            f"{shown(row['name'])}  {created}  {shown(row['agenda'])}  {shown(row['phase'])}"
            f"  {people}"
        )
    return 0


def copy(options: argparse.Namespace) -> int:
    source, target = place_of(options.source), place_of(options.target)
    with copy_session(source, target, SystemClock()) as store:
        session = store.snapshot()
        print(
            f"Copied {shown(options.source)} to {shown(store.place)}:"
            f" {len(session.people)} on the roster,"
            f" {counted(session.idea_count, 'idea')}"
        )
    return 0
