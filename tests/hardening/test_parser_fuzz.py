"""Fuzzing the agenda, roster and outcomes parsers: any bytes give a model or one `BadFile` line.

Three kinds of input: random bytes and text, TOML-ish text built from the tokens these formats
use, and structured mutations of valid documents (wrong types, missing and extra keys, huge
numbers, NaN and infinities, dates, tables where scalars belong), optionally followed by
byte-level damage. A valid outcomes model must also survive a write and read back unchanged.
"""

from __future__ import annotations

import copy
import math
import os
import random
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmworkshop.core.errors import BadFile
from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.reading import load
from rmworkshop.outcomes import schema as outcomes
from tests.helpers import assert_refused, call_cli
from tests.outcomes_builder import SESSION_IDEAS, outcomes_data

EXAMPLES = int(os.environ.get("RMW_FUZZ_EXAMPLES", "150"))
"""Per test and parser; six tests per parser, so about 900 inputs each."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=False,
)

Loader = Callable[[Path], object]
LOADERS: dict[str, Loader] = {
    "agenda": lambda path: load(Plan, path),
    "roster": lambda path: load(Roster, path),
    "outcomes": outcome_files.load,
}

VALID: dict[str, dict[str, Any]] = {
    "agenda": {
        "title": "Cross-generational brainstorm",
        "summary": "One line",
        "voting": {"dots": 5, "max_per_idea": 3},
        "speaking": {"turn_seconds": 90},
        "phases": [
            {"name": "Silent brainstorm", "kind": "capture", "minutes": 10, "prompt": "What?"},
            {"name": "Vote", "kind": "vote", "minutes": 2.5},
        ],
    },
    "roster": {
        "levels": ["intern", "junior", "mid", "senior", "executive"],
        "people": [{"name": "Ana", "level": "junior"}, {"name": "Marcus", "level": "senior"}],
    },
    # Version 1 files are still read, so the fuzzing starts from one.
    "outcomes": {**outcomes_data(ideas=SESSION_IDEAS[:1]), "version": 1},
}

TOKENS = [
    "title", "summary", "phases", "voting", "speaking", "dots", "max_per_idea", "turn_seconds",
    "name", "kind", "minutes", "prompt", "levels", "people", "level", "format", "version",
    "session", "ideas", "airtime", "started", "headcount", "rank", "votes", "text", "status",
    " = ", "=", "\n", "\r\n", " ", "\t", "[", "]", "[[", "]]", "{", "}", ",", ".", "#", '"', "'",
    '"""', "'''", "\\", "\\u0000", "\\uD800", "\\U0010FFFF", "\\e", "\x00", "\x1b[31m", "\x7f",
    "[[phases]]\n", "[voting]\n", "[session]\n", "[[people]]\n", "[[ideas]]\n",
    '"capture"', '"vote"', '"junior"', '"rmworkshop-outcomes"', '"open"',
    "0", "1", "-1", "+1", "1_000", "0x7f", "0o7", "0b1", "1e400", "-1e400", "1e-400", "1.5",
    "nan", "+nan", "-inf", "inf", "9" * 30, "9" * 5000, "true", "false",
    "2026-11-21", "2026-11-21T10:00:00Z", "2026-11-21 10:00:00+05:30", "10:00:00",
    "1979-05-27T07:32:00.999999", "0000-00-00", "2026-02-30",
    "é", "\U0001d54f", "\u2028", "\u202e", "\ufeff",
]  # fmt: skip

KEYS = st.one_of(st.sampled_from(TOKENS[:26]), st.text(max_size=8))
SCALARS = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([0, -1, 1, 2**63, -(2**63) - 1, 10**40]),
    st.floats(),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324]),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(["", " ", "capture", "vote", "junior", "open", "rmworkshop-outcomes"]),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-7))])),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)
ROOTS = st.dictionaries(KEYS, VALUES, max_size=6)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="rmw-fuzz-") as name:
        yield Path(name)


def check(kind: str, path: Path, content: bytes) -> object:
    """Load `content`: either a model, or a one-line `BadFile` that names the file."""
    path.write_bytes(content)
    try:
        model = LOADERS[kind](path)
    except BadFile as error:
        message = str(error)
        assert message.startswith(f"{path}: "), message
        assert len(message.splitlines()) == 1, f"more than one line: {message!r}"
        assert message.isprintable(), f"unprintable characters in {message!r}"
        return None
    if isinstance(model, outcomes.Outcomes):
        # What review reads, export can write back unchanged.
        again = path.with_suffix(".again.toml")
        outcome_files.write(model, again)
        assert outcome_files.load(again) == model
    return model


def dumps(document: dict[str, Any]) -> bytes | None:
    """The document as TOML, or None when tomli-w cannot write it (then nothing is tested)."""
    try:
        return tomli_w.dumps(document).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        return None


def paths(document: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in a document, tables and arrays included."""
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from paths(value, (*prefix, index))


def mutate(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """Apply one to four structural changes: replace, delete, add a key, or grow an array."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        inside = list(paths(document))[1:]
        if not inside:
            break
        where = data.draw(st.sampled_from(inside), label="path")
        parent: Any = document
        for part in where[:-1]:
            parent = parent[part]
        last = where[-1]
        action = data.draw(st.sampled_from(["replace", "delete", "add", "nest", "grow"]))
        if action == "replace":
            parent[last] = data.draw(VALUES, label="value")
        elif action == "delete":
            del parent[last]
        elif action == "nest":
            parent[last] = {"value": parent[last]}
        elif action == "grow" and isinstance(parent[last], list):
            parent[last] = parent[last] * data.draw(st.integers(0, 40), label="times")
        elif isinstance(parent[last], dict):
            parent[last][data.draw(KEYS, label="key")] = data.draw(VALUES, label="value")
        else:
            parent[data.draw(KEYS, label="key") if isinstance(parent, dict) else 0] = parent[last]
    return document


def damage(content: bytes, data: st.DataObject) -> bytes:
    """Byte-level damage: delete, insert (invalid UTF-8 included) or overwrite a few bytes."""
    for _ in range(data.draw(st.integers(0, 3), label="byte changes")):
        at = data.draw(st.integers(0, len(content)), label="offset")
        change = data.draw(st.sampled_from(["delete", "insert", "overwrite"]))
        chunk = data.draw(
            st.binary(max_size=4) | st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"])
        )
        if change == "delete":
            content = content[:at] + content[at + len(chunk) + 1 :]
        elif change == "insert":
            content = content[:at] + chunk + content[at:]
        else:
            content = content[:at] + chunk + content[at + len(chunk) :]
    return content


KINDS = pytest.mark.parametrize("kind", sorted(LOADERS))


@KINDS
def test_valid_documents_load(kind: str, folder: Path) -> None:
    content = dumps(VALID[kind])
    assert content is not None
    assert check(kind, folder / f"{kind}.toml", content) is not None


@KINDS
@FUZZ
@given(content=st.binary(max_size=300))
def test_random_bytes(kind: str, folder: Path, content: bytes) -> None:
    check(kind, folder / f"{kind}.toml", content)


@KINDS
@FUZZ
@given(text=st.text(max_size=300))
def test_random_text(kind: str, folder: Path, text: str) -> None:
    check(kind, folder / f"{kind}.toml", text.encode("utf-8", "surrogatepass"))


@KINDS
@FUZZ
@given(parts=st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=60))
def test_toml_like_text(kind: str, folder: Path, parts: list[str]) -> None:
    check(kind, folder / f"{kind}.toml", "".join(parts).encode("utf-8", "surrogatepass"))


@KINDS
@FUZZ
@given(document=ROOTS)
def test_random_documents(kind: str, folder: Path, document: dict[str, Any]) -> None:
    content = dumps(document)
    if content is not None:
        check(kind, folder / f"{kind}.toml", content)


@KINDS
@FUZZ
@given(data=st.data())
def test_mutated_valid_documents(kind: str, folder: Path, data: st.DataObject) -> None:
    content = dumps(mutate(VALID[kind], data))
    if content is not None:
        check(kind, folder / f"{kind}.toml", content)


@KINDS
@FUZZ
@given(data=st.data())
def test_damaged_valid_documents(kind: str, folder: Path, data: st.DataObject) -> None:
    document = mutate(VALID[kind], data) if data.draw(st.booleans()) else VALID[kind]
    content = dumps(document)
    if content is not None:
        check(kind, folder / f"{kind}.toml", damage(content, data))


# -- inputs that found defects, kept as plain cases -------------------------------------------

NASTY: dict[str, str | bytes] = {
    "deeply-nested-array": "title = " + "[" * 5000 + "]" * 5000,
    "deeply-nested-inline-table": "title = " + "{a = " * 3000 + "1" + "}" * 3000,
    "integer-over-4300-digits": "version = 1" + "0" * 5000,
    "newline-in-a-key": 'title = "x"\n[voting]\n"\\n" = 1\n',
    "escape-in-a-key": 'format = "rmworkshop-outcomes"\nversion = 1\n"\\u001b[2J" = 1\n',
    "nan-minutes": 'title = "x"\n[[phases]]\nname = "a"\nkind = "info"\nminutes = nan\n',
    "inf-share": 'format = "rmworkshop-outcomes"\nversion = 1\n[airtime]\ngini = inf\n',
    "not-utf8": b"title = '\xff'\n",
    "bom": "\ufefftitle = 'x'\n",
    "nul": "title = 'x\x00'\n",
    "date-for-title": "title = 2026-11-21\n",
    "table-for-minutes": 'title = "x"\n[[phases]]\nname = "a"\nkind = "info"\n[phases.minutes]\n',
    "headcount-odd-keys": (
        'format = "rmworkshop-outcomes"\nversion = 1\n[session.headcount]\n"\\u2028" = "x"\n'
    ),
}


@pytest.mark.parametrize("name", sorted(NASTY))
@KINDS
def test_nasty_inputs(kind: str, name: str, folder: Path) -> None:
    content = NASTY[name]
    check(kind, folder / f"{kind}.toml", content.encode() if isinstance(content, str) else content)


def test_non_finite_minutes_are_named_as_such(folder: Path) -> None:
    path = folder / "agenda.toml"
    for value in ("nan", "inf", "-inf"):
        text = f'title = "x"\n[[phases]]\nname = "a"\nkind = "info"\nminutes = {value}\n'
        path.write_text(text, encoding="utf-8")
        with pytest.raises(BadFile, match=r"phases\[0\]\.minutes \(line 5\): .*finite number"):
            load(Plan, path)


def test_unusual_keys_are_quoted_in_the_key_path(folder: Path) -> None:
    path = folder / "outcomes.toml"
    document = copy.deepcopy(VALID["outcomes"])
    document["session"]["headcount"] = {"junior\nsenior": "four"}
    path.write_bytes(tomli_w.dumps(document).encode())
    with pytest.raises(BadFile) as caught:
        outcome_files.load(path)
    assert 'session.headcount."junior\\nsenior"' in str(caught.value)


def test_time_and_date_values_never_crash(folder: Path) -> None:
    document = copy.deepcopy(VALID["outcomes"])
    for value in (date(2026, 1, 1), time(10, 0), datetime(2026, 1, 1)):
        document["session"]["started"] = value
        content = dumps(document)
        assert content is not None
        check("outcomes", folder / "outcomes.toml", content)


# -- through the command line ------------------------------------------------------------------

CLI_FILES = 60


def cli_inputs(rng: random.Random) -> list[bytes]:
    """Valid files, the nasty cases, TOML-ish token soup and damaged valid files."""
    valid = [tomli_w.dumps(document).encode() for document in VALID.values()]
    inputs = [*valid, *(c.encode() if isinstance(c, str) else c for c in NASTY.values())]
    while len(inputs) < CLI_FILES:
        if rng.random() < 0.5:
            inputs.append("".join(rng.choices(TOKENS, k=rng.randrange(1, 40))).encode())
        else:
            content = bytearray(rng.choice(valid))
            for _ in range(rng.randrange(1, 4)):
                at = rng.randrange(len(content))
                content[at : at + rng.randrange(3)] = rng.randbytes(rng.randrange(3))
            inputs.append(bytes(content))
    return inputs


@pytest.mark.slow
def test_validate_command_never_shows_a_traceback(tmp_path: Path) -> None:
    seed = random.SystemRandom().randrange(2**32)
    files = []
    for index, content in enumerate(cli_inputs(random.Random(seed))):
        path = tmp_path / f"file-{index:02d}.toml"
        path.write_bytes(content)
        files.append(path)
    result = call_cli("validate", *files)
    where = f"seed {seed}"
    assert result.returncode in (0, 2), (where, result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, where
    assert "internal error" not in result.stderr, (where, result.stderr)
    reported = result.stdout.splitlines() + result.stderr.splitlines()
    assert len(reported) == len(files), (where, reported)
    for path in files:
        ok = [line for line in result.stdout.splitlines() if line.startswith(f"{path}: ok (")]
        bad = [
            line for line in result.stderr.splitlines() if line.startswith(f"rmworkshop: {path}: ")
        ]
        assert len(ok) + len(bad) == 1, (where, path, ok, bad)
    assert result.returncode == (2 if result.stderr else 0), where

    for name in ("deeply-nested-array", "integer-over-4300-digits", "newline-in-a-key"):
        nasty = tmp_path / f"{name}.toml"
        raw = NASTY[name]
        nasty.write_bytes(raw.encode() if isinstance(raw, str) else raw)
        assert_refused(call_cli("validate", nasty), str(nasty))
