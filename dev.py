#!/usr/bin/env python3
"""Developer entry point: sets up .venv on first use, then runs the app, tests or checks.

    python3 dev.py run [ARGS...]   the facilitator console (default agenda)
    python3 dev.py test [ARGS...]  the whole test suite, in parallel (pytest-xdist)
    python3 dev.py test --quick    the same without the slow end-to-end tests
                                   (both start a throwaway PostgreSQL server for the
                                   PostgreSQL tests when RMWORKSHOP_TEST_PG is not given)
    python3 dev.py check           ruff, mypy and the import contracts
    python3 dev.py bench           the benchmarks in bench/

Only the standard library is used here, so it works on a fresh Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from collections.abc import Iterator
from contextlib import contextmanager
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


PG_VARIABLE = "RMWORKSHOP_TEST_PG"
"""The PostgreSQL server the tests use: a libpq URL of a database the role may create schemas
in. Without it, `dev.py test` starts a throwaway one when PostgreSQL is installed."""


def _postgres_bin() -> Path | None:
    """The folder of the server's programs: Debian's, else the first on the PATH."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts)
    found = shutil.which("pg_ctl")
    if installed:
        return installed[-1].parent
    return Path(found).parent if found else None


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A PostgreSQL cluster in a new temporary folder, listening only on a Unix socket there,
    with a role and a database for the tests; stopped and removed afterwards, whatever
    happened. Run as the ``postgres`` user when we are root (the server refuses root).
    Yields its URL, or None (with one line saying why) when it cannot be had."""
    bindir = _postgres_bin()
    if bindir is None:
        print("PostgreSQL is not installed: its tests will not run", file=sys.stderr)
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="rmw-pg-"))
    owner: list[str] = []
    if os.name != "nt" and os.geteuid() == 0:
        import pwd

        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        owner = ["runuser", "-u", "postgres", "--"]
    data, log = folder / "data", folder / "server.log"
    settings = (
        f"-c listen_addresses='' -c unix_socket_directories='{folder}' -c fsync=off"
        " -c track_commit_timestamp=on -c max_connections=300"
    )
    psql = [str(bindir / "psql"), "-q", "-h", str(folder), "-U", "postgres", "-d", "postgres"]
    initdb = [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", settings]
    steps = [
        [*owner, *initdb, "-E", "UTF8", "--locale=C", "--no-sync"],
        [*owner, *pg_ctl, "start"],
        [*psql, "-c", "CREATE ROLE rmworkshop LOGIN CREATEDB"],
        [*psql, "-c", "CREATE DATABASE rmworkshop OWNER rmworkshop"],
    ]
    url: str | None = f"postgresql://rmworkshop@{str(folder).replace('/', '%2F')}/rmworkshop"
    try:
        for step in steps:
            if _fails(step):
                print("a throwaway PostgreSQL server could not be started", file=sys.stderr)
                url = None
                break
        yield url
    finally:
        stop = [*owner, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        if (data / "postmaster.pid").exists():
            subprocess.call(stop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


def _fails(command: list[str]) -> bool:
    try:
        return subprocess.call(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) != 0
    except OSError:
        return True


def run_tests(args: list[str]) -> int:
    """pytest, with the PostgreSQL server given in the environment or a throwaway one."""
    if os.environ.get(PG_VARIABLE):
        return run(["-m", "pytest", *pytest_args(args)])
    with throwaway_postgres() as url:
        env = dict(os.environ, **({PG_VARIABLE: url} if url else {}))
        return subprocess.call([str(PYTHON), "-m", "pytest", *pytest_args(args)], cwd=ROOT, env=env)


def run(argv: list[str]) -> int:
    return subprocess.call([str(PYTHON), *argv], cwd=ROOT)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    ensure_venv()
    if command == "run":
        return subprocess.call([str(PYTHON), "-m", "rmworkshop", "run", *rest])
    if command == "test":
        return run_tests(rest)
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
