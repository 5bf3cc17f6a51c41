"""Helpers shared by the store and command-line tests: running the CLI as a user would,
the hostile-input corpus, and exact dumps of a session file."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rmworkshop.cli import main
from rmworkshop.core.loading import validate
from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from rmworkshop.core.session import Session
from rmworkshop.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "hostile-ideas.json"
CORPUS_COPY = Path(__file__).resolve().parent / "data" / "hostile-ideas.json"
CLI_TIMEOUT_SECONDS = 60


def run_cli(
    *args: str | Path,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m rmworkshop ARGS...`` in a fresh process, as a user or script would.

    Output is decoded as UTF-8 strictly, so a command that writes anything else fails the test.
    """
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    env = {key: value for key, value in os.environ.items() if key != "RMWORKSHOP_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "rmworkshop", *(str(arg) for arg in args)],
        input=data if data is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=CLI_TIMEOUT_SECONDS,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8"),
        result.stderr.decode("utf-8"),
    )


def call_cli(
    *args: str | Path,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`rmworkshop ARGS...` in this process: the command line's `main(argv)`, with what a
    process would have around it. Standard input is these bytes; standard output and error are
    UTF-8 as in a process (output strict, errors backslash-replaced) and are decoded strictly,
    so a command that writes anything else fails the test, as with `run_cli`.

    For the many refusals and small commands, where a new interpreter per command is most of
    the test's time. Every command keeps `run_cli` tests through the real entry point, of its
    exit code and its output (tests/cli/test_entry_point.py).
    """
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    out, err = io.BytesIO(), io.BytesIO()
    with (
        _standard_streams(data, out, err),
        _no_debug(),
        _deadline(CLI_TIMEOUT_SECONDS),
        contextlib.chdir(cwd or Path.cwd()),
    ):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as done:  # `--help` exits through argparse
            code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    return subprocess.CompletedProcess(
        ["rmworkshop", *(str(arg) for arg in args)],
        code,
        out.getvalue().decode("utf-8"),
        err.getvalue().decode("utf-8"),
    )


@contextlib.contextmanager
def _standard_streams(data: bytes, out: io.BytesIO, err: io.BytesIO) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(
        err, encoding="utf-8", errors="backslashreplace", write_through=True
    )
    try:
        yield
    finally:
        for stream in (sys.stdin, sys.stdout, sys.stderr):
            with contextlib.suppress(ValueError):  # closed by the command, as on a broken pipe
                stream.flush()
                stream.detach()  # collecting the wrapper must not close what it captured
        sys.stdin, sys.stdout, sys.stderr = saved


class CommandTimeout(BaseException):
    """A command in this process ran past its deadline: it fails the test, as `run_cli`'s
    timeout does, instead of hanging the run (a `BaseException`, so `main` cannot report it as
    an internal error)."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt a command that hangs (a blocking read of a FIFO, say) after `seconds`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise CommandTimeout(f"the command took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _no_debug() -> Iterator[None]:
    """As in `run_cli`: no RMWORKSHOP_DEBUG, so an internal error shows no traceback."""
    saved = os.environ.pop("RMWORKSHOP_DEBUG", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["RMWORKSHOP_DEBUG"] = saved


def assert_refused(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit code 2 and exactly one line on stderr, without a traceback; returns that line."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("rmworkshop: "), line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def assert_ok(result: subprocess.CompletedProcess[str]) -> str:
    """Exit code 0 with nothing on stderr; returns stdout."""
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert result.stderr == "", result.stderr
    return result.stdout


def corpus() -> list[str]:
    """The shared hostile-input corpus.

    The shared copy beside the repository (``../shared/corpus/``) is preferred; the copy in
    ``tests/data/`` keeps the suite whole on a machine that has only the repository.
    """
    source = CORPUS if CORPUS.is_file() else CORPUS_COPY
    data = json.loads(source.read_text(encoding="utf-8"))
    inputs = data["inputs"]
    assert isinstance(inputs, list)
    assert all(isinstance(item, str) for item in inputs)
    assert inputs, "the hostile-input corpus is empty"
    return [str(item) for item in inputs]


def hostile_inputs() -> list[str]:
    """The shared corpus and our own additions, each once."""
    shared = corpus()
    return shared + [text for text in OWN_HOSTILE_INPUTS if text not in shared]


OWN_HOSTILE_INPUTS = [
    "[b]bold[/b] [i]italic[/i] [u]under[/u] [blink]blink[/blink] [reverse]rev[/reverse]",
    "[@click=app.exit]exit[/] [@click=screen.dismiss]dismiss[/] [@click=app.bell]bell[/]",
    "[on red]$accent[/] [$error]theme var[/] [link='javascript:alert(1)']js[/link]",
    "\x1b]8;;https://evil.example\x07OSC 8 link\x1b]8;;\x07 as text",
    "\x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\ with ST",
    "\x1b]52;c;aGVsbG8=\x07 clipboard write",
    "\x1bP+q544e\x1b\\ DCS query",
    "\x9b31m8-bit CSI\x9b0m and \x9d0;title\x9c 8-bit OSC",
    "\x85next line \x8dreverse index \x90dcs",
    "bidi \u202aLRE \u202bRLE \u202dLRO \u202eRLO \u2066LRI \u2067RLI \u2068FSI \u2069",
    "zero\u200cwidth\u200djoiners\u2060and\ufeffBOM",
    "Z\u0351\u0300\u0301\u0302a\u0310\u0311\u0312l\u0350\u0351g\u0352o combining",
    "a" * 499,
    "W" + "o" * 300 + "rd that never breaks",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f1fa\U0001f1e6 \U0001f44d\U0001f3ff",
    "\r\n\t\v\f mixed whitespace \u2028 line sep \u2029 para sep",
    "\x7f delete \x08 backspace \x1b escape alone",
    "replacement character: \ufffd",
    "%s %n %x {0} {name!r} \\N{BULLET}",
    "Pay juniors more \x98for real: a stray 8-bit string start must not eat the rest",
    "\x1b]0;an OSC title that never ends",
    "soft\u00adhyphen, invisible\u2064plus, tag\U000e0001, filler \u3164 and braille \u2800",
]


def dump(path: Path) -> list[str]:
    """Every table's schema and rows, through a separate connection, for exact comparison."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def table_rows(path: Path, table: str) -> list[tuple[object, ...]]:
    """All rows of one table, through a separate read-only connection, in storage order."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.execute(f"SELECT * FROM {table}"))
    finally:
        connection.close()


# -- building sessions in process ---------------------------------------------------------------

PHASES: tuple[tuple[str, str, float], ...] = (
    ("Welcome", "info", 2),
    ("Silent ideas", "capture", 10),
    ("Junior-first round", "share", 15),
    ("Dot vote", "vote", 5),
    ("Open discussion", "discuss", 10),
    ("Owners", "actions", 5),
)
"""The test agenda: name, kind and minutes of each phase."""

PEOPLE: tuple[tuple[str, str], ...] = (
    ("Ana", "junior"),
    ("Bo", "senior"),
    ("Cy", "intern"),
    ("Dee", "executive"),
    ("Eli", "junior"),
    ("Fay", "mid"),
    ("Gus", "senior"),
)


def checked_agenda(data: dict[str, Any]) -> Plan:
    """An agenda checked as an agenda file is."""
    return validate(Plan, Path("test-agenda.toml"), "", data)


def make_agenda(
    phases: tuple[tuple[str, str, float], ...] = PHASES,
    dots: int | None = None,
    max_per_idea: int = 3,
    turn_seconds: int = 60,
    title: str = "Test workshop",
) -> Plan:
    voting: dict[str, object] = {"max_per_idea": max_per_idea}
    if dots is not None:
        voting["dots"] = dots
    return checked_agenda(
        {
            "title": title,
            "summary": "A workshop for tests",
            "voting": voting,
            "speaking": {"turn_seconds": turn_seconds},
            "phases": [
                {"name": name, "kind": kind, "minutes": float(minutes), "prompt": f"{name}?"}
                for name, kind, minutes in phases
            ],
        }
    )


def make_roster(people: tuple[tuple[str, str], ...] = PEOPLE) -> Roster:
    return Roster.model_validate(
        {"people": [{"name": name, "level": level} for name, level in people]}
    )


def go_to(store: Store, kind: str) -> Session:
    """Move forward (starting the session if needed) until a phase of this kind is current."""
    session = store.snapshot()
    if not session.is_started:
        store.start()
        session = store.snapshot()
    while session.kind != kind:
        assert not session.is_finished, f"no {kind} phase ahead"
        store.next_phase()
        session = store.snapshot()
        assert not session.is_finished, f"no {kind} phase ahead"
    return session


THREE_PEOPLE = """\
[[people]]
name = "Ana"
level = "junior"
[[people]]
name = "Bo"
level = "senior"
[[people]]
name = "Cy"
level = "intern"
"""
"""A roster of three levels, most junior last in the file, for whole-session tests."""


def tool_missing(message: str) -> None:
    """A test's tool (a browser, tmux) is not installed: under CI=true that fails the test,
    elsewhere it is skipped with the reason."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
