"""The outcomes file: one pydantic schema for writing (export) and reading (review).

Pure: it turns text into `Outcomes` and back; `rmworkshop.files.outcomes` reads and writes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rmworkshop.core.errors import BadFile
from rmworkshop.core.loading import validate

FORMAT: Literal["rmworkshop-outcomes"] = "rmworkshop-outcomes"
Version = Literal[1, 2, 3]
VERSION: Version = 2
"""Written by export. Version 2 added mentoring pairs; version 1 files still load."""
CHECKIN_VERSION: Version = 3
"""Version 3 added the pairs' check-in answers: export writes it only for a session with a
check-in phase, so every other file stays readable by an rmworkshop that reads version 2."""
READABLE: tuple[Version, ...] = (1, 2, 3)
_UTC_STAMP = re.compile(
    r"^((?:started|finished) = \d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\+00:00$", re.MULTILINE
)
Status = Literal["open", "in-progress", "done", "dropped"]
STATUSES: tuple[Status, ...] = ("open", "in-progress", "done", "dropped")
_KINDS: dict[type, str] = {str: "a string", float: "a decimal number"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SessionInfo(_Model):
    title: str
    agenda: str
    started: datetime
    finished: datetime | None = None
    participants: int = Field(ge=0)
    headcount: dict[str, int] = Field(default_factory=dict)
    """People per level, most junior first."""


class VotingInfo(_Model):
    dots_per_person: int = Field(ge=0)
    max_per_idea: int = Field(ge=0)
    ballots: int = Field(ge=0)


class Idea(_Model):
    rank: int = Field(ge=1)
    tied: bool
    text: str
    votes: int = Field(ge=0)
    owners: list[str] = Field(default_factory=list)
    due: date | None = None
    first_step: str | None = None
    status: Status = "open"
    impact: str = ""
    merged: list[str] = Field(default_factory=list)


PairStatus = Literal["open", "met", "stuck", "ended"]
PAIR_STATUSES: tuple[PairStatus, ...] = ("open", "met", "stuck", "ended")
"""`open` until the pair has met; `stuck` when it met but is not getting anywhere."""


class CheckinAnswer(_Model):
    """One member's own answer in a check-in: partners who differ are kept apart."""

    name: str
    met: Literal["0", "1", "2-3", "4+"]
    """How often the pair had met since it was formed."""
    going: Literal["well", "stuck", "ended"]
    note: str = ""
    """One thing learned or changed, if they wrote one."""


class Pair(_Model):
    """A mentoring pair (or trio) formed in a pairs phase, or asked about in a check-in phase,
    followed up like an action."""

    mentors: list[str] = Field(min_length=1)
    mentees: list[str] = Field(min_length=1)
    topics: list[str] = Field(default_factory=list)
    """What the mentees want to learn that the mentors teach."""
    status: PairStatus = "open"
    impact: str = ""
    checked_in: bool | None = None
    """For a pair asked about in a check-in phase: whether any member answered (false when
    all were absent, or nobody answered). Absent for a pair formed in this session."""
    answers: list[CheckinAnswer] = Field(default_factory=list)
    """Each member's check-in answer, as given (status and impact follow from them, and a
    leader may still change both in review)."""

    @property
    def people(self) -> list[str]:
        return [*self.mentors, *self.mentees]


class PairingInfo(_Model):
    """Fairness figures for the pairs, as the core computes them."""

    groups: int = Field(ge=0)
    crossing_two_levels: float = Field(ge=0, le=1)
    """Share of pairs whose mentor sits two or more levels below the mentee."""
    learners: int = Field(ge=0)
    """Mentees who named something they want to learn."""
    learns_met: float = Field(ge=0, le=1)
    """Share of those mentees paired with someone who teaches it."""
    repeats: int = Field(ge=0)
    repeats_avoided: int = Field(ge=0)
    """Earlier pairs (history) with both people present who were not paired again."""


class PhaseTime(_Model):
    name: str
    kind: str
    planned_seconds: int = Field(ge=0)
    actual_seconds: int = Field(ge=0)


class LevelAirtime(_Model):
    level: str
    people: int = Field(ge=0)
    turns: int = Field(ge=0)
    seconds: int = Field(ge=0)
    share_of_time: float = Field(ge=0, le=1)
    share_of_people: float = Field(ge=0, le=1)


class AirtimeInfo(_Model):
    gini: float = Field(ge=0, le=1)
    silent: int = Field(ge=0)
    junior_first_share: float | None = Field(default=None, ge=0, le=1)
    """Omitted when no share round had a turn."""
    levels: list[LevelAirtime] = Field(default_factory=list)


class Outcomes(_Model):
    format: Literal["rmworkshop-outcomes"] = FORMAT
    version: Version = VERSION
    session: SessionInfo
    voting: VotingInfo
    ideas: list[Idea] = Field(default_factory=list)
    pairs: list[Pair] = Field(default_factory=list)
    pairing: PairingInfo | None = None
    phases: list[PhaseTime] = Field(default_factory=list)
    airtime: AirtimeInfo

    @model_validator(mode="after")
    def _pairs_need_version_2(self) -> Outcomes:
        if self.version < 2 and (self.pairs or self.pairing is not None):
            raise ValueError("pairs: mentoring pairs need version = 2")
        checkins = any(pair.checked_in is not None or pair.answers for pair in self.pairs)
        if self.version < CHECKIN_VERSION and checkins:
            raise ValueError("pairs: check-in answers need version = 3")
        return self

    def to_toml(self) -> str:
        data = self.model_dump(mode="python", exclude_none=True)
        if not data["pairs"]:
            del data["pairs"]  # a session without a pairs phase reads as it always did
        for pair in data.get("pairs", []):
            if not pair["answers"]:
                del pair["answers"]  # a pair nobody answered for reads as before
        # tomli-w writes "2026-11-21 10:00:00+00:00"; the format documents the RFC 3339 form.
        return _UTC_STAMP.sub(r"\1T\2Z", _dump(data).lstrip("\n"))


def _dump(table: dict[str, Any], prefix: str = "") -> str:
    """TOML with every table as a ``[header]`` and every array of tables as ``[[header]]``.

    tomli-w folds short tables into inline ones; people who edit outcomes by hand, and the
    documented format, expect one section per idea and per phase.
    """

    def is_table_list(value: object) -> bool:
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)

    plain = {k: v for k, v in table.items() if not isinstance(v, dict) and not is_table_list(v)}
    out = tomli_w.dumps(plain) if plain else ""
    for key, value in table.items():
        if isinstance(value, dict):
            out += f"\n[{prefix}{key}]\n" + _dump(value, f"{prefix}{key}.").lstrip("\n")
        elif is_table_list(value):
            for item in value:
                out += f"\n[[{prefix}{key}]]\n" + _dump(item, f"{prefix}{key}.").lstrip("\n")
    return out


def parse(path: Path, text: str, data: dict[str, Any]) -> Outcomes:
    """Check the format marker and version first, so an unknown file says what it is."""
    if data.get("format") != FORMAT:
        raise BadFile(f"{path}: format: not an rmworkshop outcomes file (expected {FORMAT!r})")
    # type() rather than ==, so that `version = true` or `1.0` is not taken for version 1.
    version = data.get("version")
    if type(version) is not int:
        # `version = "1"` looks right to a person; say it is the quotes that are wrong.
        if "version" not in data:
            found = "the key is missing"
        elif isinstance(version, bool):
            found = f"{str(version).lower()} is a boolean, not a version number"
        else:
            kind = _KINDS.get(type(version), "something else")
            found = f"{version!r} is {kind}, not a version number"
        raise BadFile(
            f"{path}: version: {found}; this rmworkshop reads version {_readable()},"
            f" written version = {VERSION} (a whole number, no quotes)"
        )
    if version not in READABLE:
        raise BadFile(
            f"{path}: version: version {version} is not supported;"
            f" this rmworkshop reads version {_readable()}"
        )
    return validate(Outcomes, path, text, data)


def _readable() -> str:
    *first, last = (str(version) for version in READABLE)
    return f"{', '.join(first)} or {last}"
