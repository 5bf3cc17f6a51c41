"""People as the rules see them: a name, a level, whether they are in the room, and what
they bring to mentoring pairs (team, topics taught and wanted, willingness to mentor)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rmworkshop.core.errors import Refused
from rmworkshop.core.text import tidy_name

DEFAULT_LEVELS: tuple[str, ...] = ("intern", "junior", "mid", "senior", "executive")
"""Most junior first; a roster may set its own."""
MAX_TOPIC_CHARS = 60
MAX_TOPICS = 20


def clean_topics(topics: Iterable[str]) -> tuple[str, ...]:
    """Topics as stored: cleaned, blank ones refused, repeats (in any case) dropped."""
    found: dict[str, str] = {}
    for topic in topics:
        cleaned = tidy_name(topic)
        if not cleaned:
            raise Refused("A topic cannot be blank.")
        if len(cleaned) > MAX_TOPIC_CHARS:
            raise Refused(f"A topic can be at most {MAX_TOPIC_CHARS} characters.")
        found.setdefault(cleaned.casefold(), cleaned)
    if len(found) > MAX_TOPICS:
        raise Refused(f"A person can list at most {MAX_TOPICS} topics.")
    return tuple(found.values())


def typed_profile(team: str | None, teaches: str, learns: str, mentor: bool) -> Profile:
    """A profile as typed on the command line or in a console: topics separated by commas."""
    cleaned_team = tidy_name(team) if team is not None else ""
    if len(cleaned_team) > MAX_TOPIC_CHARS:
        raise Refused(f"A team name can be at most {MAX_TOPIC_CHARS} characters.")

    def topics(text: str) -> tuple[str, ...]:
        return clean_topics(part for part in text.split(",") if part.strip())

    return Profile(cleaned_team or None, topics(teaches), topics(learns), mentor)


class Profile(NamedTuple):
    """What a person brings to mentoring pairs; every part is optional."""

    team: str | None = None
    teaches: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    mentor: bool = True
    """Willing to mentor; False never makes this person a mentor."""


class Member(NamedTuple):
    id: int
    name: str
    level: str
    present: bool = True
    team: str | None = None
    teaches: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    mentor: bool = True
    """Willing to mentor; False never makes this person a mentor."""


class Levels:
    """Seniority levels, most junior first, with a rank for sorting."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self._rank = {name: index for index, name in enumerate(self.names)}

    def rank(self, level: str) -> int:
        # A level unknown to this session sorts after the known ones, never crashes.
        return self._rank.get(level, len(self.names))

    def __contains__(self, level: object) -> bool:
        return level in self._rank

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.names)


def profile_json(profile: Profile) -> dict[str, object]:
    """A profile as the participant server's API carries it."""
    return {
        "team": profile.team,
        "teaches": list(profile.teaches),
        "learns": list(profile.learns),
        "mentor": profile.mentor,
    }


def profile_from_json(data: object) -> Profile:
    """A profile sent by a device, checked and cleaned; anything else is one refusal."""
    if not isinstance(data, dict):
        raise Refused("'profile' must be an object.")
    team, mentor = data.get("team"), data.get("mentor", True)
    teaches, learns = data.get("teaches", []), data.get("learns", [])
    if team is not None and not isinstance(team, str):
        raise Refused("'profile.team' must be text.")
    if not isinstance(mentor, bool):
        raise Refused("'profile.mentor' must be true or false.")
    for topics in (teaches, learns):
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            raise Refused("'profile.teaches' and 'profile.learns' must be lists of text.")
    cleaned_team = typed_profile(team, "", "", mentor).team
    return Profile(cleaned_team, clean_topics(teaches), clean_topics(learns), mentor)
