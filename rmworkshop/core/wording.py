"""How numbers read wherever the consoles, commands and summaries print them: counted nouns
("1 dot", "2 dots"), rank labels ("3=" for a tie) and times in minutes ("12:05"); and a
session's name as the start of a file's."""

from __future__ import annotations

import re


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`number` and the noun, singular for exactly one (`plural` where it is not noun + s)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def rank_label(rank: int, tied: bool, align: bool = False) -> str:
    """``3=`` for a rank shared with another idea, ``3`` otherwise.

    With `align`, an untied rank gets a space where the ``=`` would be, so columns line up.
    """
    return f"{rank}=" if tied else f"{rank} " if align else str(rank)


def minutes(seconds: float) -> str:
    """Whole seconds as ``m:ss`` (``75:00`` for an hour and a quarter, ``-0:30`` below zero)."""
    whole = round(seconds)
    sign = "-" if whole < 0 else ""
    full, rest = divmod(abs(whole), 60)
    return f"{sign}{full}:{rest:02d}"


def file_stem(name: str) -> str:
    """A session's name as the start of a file name: letters, digits, ``.``, ``_`` and ``-``
    kept (in any script), every other run of characters one ``-``; never empty, never hidden,
    never ``..``."""
    stem = re.sub(r"[^\w.-]+", "-", name).strip("-.")
    return stem or "session"
