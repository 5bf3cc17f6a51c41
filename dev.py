#!/usr/bin/env python3
"""Developer entry point: sets up .venv on first use, then runs the app, tests or checks.

    python3 dev.py run [ARGS...]   the facilitator console (default agenda)
    python3 dev.py test [ARGS...]  the whole test suite, in parallel (pytest-xdist)
    python3 dev.py test --quick    the same without the slow end-to-end tests
    python3 dev.py check           ruff, mypy and the import contracts
    python3 dev.py bench           the benchmarks in bench/

Only the standard library is used here, so it works on a fresh Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
INPUTS = ("pyproject.toml", "constraints.txt")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    """Create .venv and install the project with its extras when anything changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - says so plainly on an older Python
        sys.exit("rmworkshop needs Python 3.11 or newer")
    if not PYTHON.exists():
        print("Creating .venv (first run only)...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing rmworkshop and its dependencies into .venv...", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    constraints = ROOT / "constraints.txt"
    extra = ["-c", str(constraints)] if constraints.exists() else []
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, *extra, "-e", f"{ROOT}[test,dev]"], check=True)
    STAMP.write_text(wanted)


QUICK = "not slow and not browser and not terminal"
"""The tests `test --quick` runs: no browser, no tmux, no multi-process or crash runs."""


def pytest_args(rest: list[str]) -> list[str]:
    """pytest's arguments for `dev.py test`: in parallel, one worker per core, unless the
    arguments choose otherwise (``-n 0``, ``-p no:xdist``); ``--quick`` leaves out the slow
    end-to-end tests. Tests that share something are kept on one worker by their
    ``xdist_group`` mark (``--dist loadgroup``)."""
    args = [arg for arg in rest if arg != "--quick"]
    if len(args) != len(rest):
        args = ["-m", QUICK, *args]
    chosen = any(
        arg in ("-n", "--numprocesses", "no:xdist")
        or arg.startswith(("-n", "--numprocesses=", "--dist"))
        for arg in args
    )
    return args if chosen else ["-n", "auto", "--dist", "loadgroup", *args]


def run(argv: list[str]) -> int:
    return subprocess.call([str(PYTHON), *argv], cwd=ROOT)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    ensure_venv()
    if command == "run":
        return subprocess.call([str(PYTHON), "-m", "rmworkshop", "run", *rest])
    if command == "test":
        return run(["-m", "pytest", *pytest_args(rest)])
    if command == "check":
        lint = run(["-m", "ruff", "check", "."])
        fmt = run(["-m", "ruff", "format", "--check", "."])
        types = run(["-m", "mypy"])
        # The import contracts in pyproject.toml: which layer may import which.
        contracts = subprocess.call([str(BIN / "lint-imports")], cwd=ROOT)
        return 1 if (lint or fmt or types or contracts) else 0
    if command == "bench":
        return run(["-m", "bench", *rest])
    if command == "install":
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
