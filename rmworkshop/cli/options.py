"""Argument helpers shared by the commands."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager

from rmworkshop.core.errors import Refused
from rmworkshop.sessions import open_session, place_of
from rmworkshop.store import Store
from rmworkshop.system import SystemClock


@contextmanager
def opened(options: argparse.Namespace) -> Iterator[Store]:
    store = open_session(place_of(options.session), SystemClock())
    try:
        yield store
    finally:
        store.close()


_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
"""ASCII digits only: str.isdigit() also accepts '²', which int() then rejects."""


def number(text: str, what: str = "idea number") -> int:
    value = text.strip().lstrip("#")
    if not _WHOLE_NUMBER.fullmatch(value):
        raise Refused(f"{text!r} is not an {what}.")
    return int(value)


def minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise Refused(f"{text!r} is not a number of minutes.") from None
    if not math.isfinite(value):
        raise Refused(f"{text!r} is not a number of minutes.")
    return value
