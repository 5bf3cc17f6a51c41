"""Reading exported outcomes files quickly, for programmes with tens of thousands of ideas.

tomllib is pure Python and needs seconds for an outcomes file of 50,000 ideas. Export always
writes the same small subset of TOML, so `quick_load` checks that the whole text is in that
subset with one regular expression, rewrites it as JSON with a few substitutions, and lets
pydantic's JSON parser validate it. It never guesses: for anything else, such as a comment,
an inline table or a duplicate key, it returns None and the caller reads the file with
tomllib, which also gives the precise error message. A property test checks that whatever
it accepts, tomllib and the schema read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from rmworkshop.outcomes.schema import (
    READABLE,
    AirtimeInfo,
    CheckinAnswer,
    Idea,
    LevelAirtime,
    Outcomes,
    Pair,
    PairingInfo,
    PhaseTime,
    SessionInfo,
    VotingInfo,
)

# The subset export writes: bare keys, basic strings (no \U escapes, no escaped surrogates),
# plain integers and decimals, booleans, dates only under `due`, UTC timestamps only under
# `started` and `finished`, and arrays of strings one item per line. Strings are matched
# as runs of plain characters between escapes, which keeps the check quick.
_BARE = r"[A-Za-z0-9_-]+"
_PLAIN = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*+'
_ESCAPE = r'\\(?:[btnfr"\\]|u(?![dD][89a-fA-F])[0-9A-Fa-f]{4})'
_STRING = rf'"{_PLAIN}(?:{_ESCAPE}{_PLAIN})*+"'
_INTEGER = r"-?(?:0|[1-9][0-9]*+)"
_SCALAR = rf"(?:{_STRING}|{_INTEGER}(?:\.[0-9]++)?|true|false)"
_ARRAY = rf"\[(?:\]|\n(?:    {_STRING},\n)*+\])"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_MEMBER = (
    rf"(?:due = {_DATE}"
    rf"|(?:started|finished) = {_DATE}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}Z"
    rf"|(?!(?:due|started|finished) ){_BARE} = (?:{_SCALAR}|{_ARRAY})"
    # Quoted keys are level names in the headcount: integers only, so that a quoted
    # "due" can never slip a string past the date check.
    rf"|{_STRING} = {_INTEGER})"
)
_NAME = rf"{_BARE}(?:\.{_BARE})*+"
_HEADER = rf"(?:\[{_NAME}\]|\[\[{_NAME}\]\])"
_EXPORTED = re.compile(rf"(?:(?:{_HEADER}|{_MEMBER})?\n)*+")
_LINE_KEY = re.compile(rf"^{_BARE}(?= = )", re.MULTILINE)
_QUOTED_KEY = re.compile(rf"^{_STRING} = ", re.MULTILINE)
_STAMP = re.compile(rf'(\n"(?:due|started|finished)": )({_DATE}(?:T[0-9:]{{8}}Z)?)(?=\n)')
_HEADCOUNT = re.compile(r"^\[session\.headcount\]\n(?:[^\[\n].*\n|\n)*", re.MULTILINE)
_EXPORTED_STARTS = tuple(
    f'format = "rmworkshop-outcomes"\nversion = {version}\n' for version in READABLE
)
_SCHEMA_KEYS = {
    name
    for model in (
        Outcomes,
        SessionInfo,
        VotingInfo,
        Idea,
        Pair,
        CheckinAnswer,
        PairingInfo,
        PhaseTime,
        AirtimeInfo,
        LevelAirtime,
    )
    for name in model.model_fields
}
_SPLIT = re.compile(rf"^\[(\[?)({_NAME})\]\]?\n,?", re.MULTILINE)


@dataclass
class _Table:
    members: str
    """The table's own keys, already as JSON members."""
    children: dict[str, _Table | list[_Table]] = field(default_factory=dict)

    def json(self) -> str:
        members = self.members.strip()
        if not self.children:
            return "{" + members + "}"
        parts = [members] if members else []
        for name, child in self.children.items():
            if isinstance(child, list):
                parts.append(f'"{name}":[' + ",".join(table.json() for table in child) + "]")
            else:
                parts.append(f'"{name}":' + child.json())
        return "{" + ",".join(parts) + "}"


class _NotExported(Exception):
    """The text uses TOML beyond what export writes; tomllib must read it."""


def _open(root: _Table, names: list[str], tables: list[_Table], append: bool) -> int:
    """Place the tables one header (or a run of the same [[header]]) opens, following
    TOML's rules for the cases export writes. Returns how many keys that adds to a parent.
    """
    parent = root
    for name in names[:-1]:
        node = parent.children.get(name)
        parent_node = node[-1] if isinstance(node, list) else node
        if parent_node is None:
            raise _NotExported  # an implicitly created table: leave it to tomllib
        parent = parent_node
    last = names[-1]
    existing = parent.children.get(last)
    if append and isinstance(existing, list):
        existing += tables
        return 0
    if existing is not None:
        raise _NotExported  # a table defined twice, or [[x]] after [x]
    parent.children[last] = tables if append else tables[0]
    return 1


def _members(outcomes: Outcomes) -> int:
    """How many keys the model was given, to notice a key the JSON reading let through twice."""
    models = [
        outcomes,
        outcomes.session,
        outcomes.voting,
        outcomes.airtime,
        *outcomes.ideas,
        *outcomes.pairs,
        *([outcomes.pairing] if outcomes.pairing else []),
        *outcomes.phases,
        *outcomes.airtime.levels,
    ]
    return sum(len(model.model_fields_set) for model in models) + len(outcomes.session.headcount)


def _quote_keys(region: str, keys: set[str]) -> tuple[str, int]:
    """Bare keys at line starts quoted for JSON, and how many there were."""
    count = 0
    for key in keys:
        before = len(region)
        region = region.replace(f"\n{key} = ", f'\n"{key}": ')
        count += len(region) - before  # one character longer per key
    return region, count


def _as_json(text: str) -> tuple[str, int]:
    """The checked text as JSON members and headers, and how many keys it has.

    Plain string replacement does most of the work: in the checked text a line can only
    start with a key, a header, four spaces (an array item), "]" or nothing. Searching for
    keys would take as long as replacing them, so the keys replaced are the schema's (only
    an idea's keys among the ideas) and the level names under [session.headcount]. An
    unknown key stays unquoted: the JSON does not parse and tomllib reads the file instead.
    """
    text = "\n" + text
    first = text.find("\n[[ideas]]\n")
    last = text.rfind("\n[[ideas]]\n")
    tail = text.find("\n[", last + 1) if last >= 0 else -1
    head_end, tail_start = (first, tail) if first >= 0 and tail >= 0 else (len(text), len(text))
    headcount = _HEADCOUNT.search(text)
    outer = {*_SCHEMA_KEYS, *(_LINE_KEY.findall(headcount.group()) if headcount else [])}
    head, head_keys = _quote_keys(text[:head_end], outer)
    ideas, idea_keys = _quote_keys(text[head_end:tail_start], set(Idea.model_fields))
    tail_text, tail_keys = _quote_keys(text[tail_start:], outer)
    json_text, keys = head + ideas + tail_text, head_keys + idea_keys + tail_keys
    if '\n"' in text:
        json_text, quoted = _QUOTED_KEY.subn(lambda key: key.group()[:-3] + ": ", json_text)
        keys += quoted
    json_text = _STAMP.sub(lambda found: f'{found.group(1)}"{found.group(2)}"', json_text)
    json_text = json_text.replace("\t", "\\t").replace(",\n]", "\n]")
    # A comma before every key but the first; headers swallow the one after them.
    return json_text.replace('\n"', '\n,"').removeprefix("\n,"), keys


def quick_load(text: str) -> Outcomes | None:
    """Valid outcomes when `text` is in the layout export writes; otherwise None."""
    # JSON validation takes `version = true` or `1.0` for 1; export writes it first, whole.
    if not text.startswith(_EXPORTED_STARTS):
        return None
    if not text.endswith("\n") or _EXPORTED.fullmatch(text) is None:
        return None
    json_text, keys = _as_json(text)
    parts = _SPLIT.split(json_text)  # members, then (opening "[", name, members) per header
    root = _Table(parts[0])
    at = 1
    try:
        while at < len(parts):
            append, name = bool(parts[at]), parts[at + 1]
            end = at + 3
            while append and end < len(parts) and parts[end] and parts[end + 1] == name:
                end += 3  # a run of [[name]] tables is placed at once
            tables = [_Table(members) for members in parts[at + 2 : end : 3]]
            keys += _open(root, name.split("."), tables, append)
            at = end
        outcomes = Outcomes.model_validate_json(root.json())
    except (_NotExported, ValidationError):
        return None
    if not {"format", "version"} <= outcomes.model_fields_set:
        return None  # the schema has defaults for them, but a file must say what it is
    # A key given twice, which TOML refuses and JSON lets through, shows as one too few.
    return outcomes if _members(outcomes) == keys else None
