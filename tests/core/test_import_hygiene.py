"""The core and the outcomes domain are pure: no Textual, no SQL, no store, no file access
(through the files adapter or of their own), no front end, and no wall-clock reads."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import rmworkshop.core
import rmworkshop.outcomes

PURE_PACKAGES = (rmworkshop.core, rmworkshop.outcomes)
CORE_MODULES = sorted(
    info.name
    for package in PURE_PACKAGES
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
)
"""Every module of the pure packages, those inside their subpackages (the rules) included."""
FORBIDDEN = (
    "textual",
    "sqlite3",
    "_sqlite3",
    "rmworkshop.store",
    "rmworkshop.files",
    "rmworkshop.ui",
    "rmworkshop.cli",
)

_PROBE = """
import importlib, json, sys
importlib.import_module({module!r})
forbidden = {forbidden!r}
print(json.dumps(sorted(
    name for name in sys.modules
    if any(name == f or name.startswith(f + ".") for f in forbidden)
)))
"""


def test_core_modules_are_discovered() -> None:
    # A broken discovery would make the import test below pass vacuously.
    assert len(CORE_MODULES) >= 14
    for expected in ("plan", "speaking", "voting", "timer", "loading", "text", "rules.actions"):
        assert f"rmworkshop.core.{expected}" in CORE_MODULES
    for expected in ("schema", "build", "summary", "followup", "edits", "inplace", "quickload"):
        assert f"rmworkshop.outcomes.{expected}" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_ui_sql_or_store(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(module=module, forbidden=FORBIDDEN)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing {module} also imported {loaded}"


def test_probe_detects_a_forbidden_import() -> None:
    # The probe itself must be able to fail: sqlite3 imported on purpose is reported.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3\n" + _PROBE.format(module="json", forbidden=FORBIDDEN),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in json.loads(result.stdout.strip().splitlines()[-1])


_WALL_CLOCK_TEXT = re.compile(
    r"\b(?:time\.(?:time|time_ns|monotonic|monotonic_ns|perf_counter|perf_counter_ns)"
    r"|datetime\.(?:now|utcnow|today)|date\.today)\s*\("
)
_CLOCK_NAMES = {
    "time",
    "time_ns",
    "monotonic",
    "monotonic_ns",
    "perf_counter",
    "perf_counter_ns",
    "now",
    "utcnow",
    "today",
}


def _wall_clock_reads(source: str) -> list[str]:
    found = [match.group(0) for match in _WALL_CLOCK_TEXT.finditer(source)]
    for node in ast.walk(ast.parse(source)):
        # `from time import monotonic` or `from datetime import datetime` used as now():
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [f"from time import {a.name}" for a in node.names if a.name in _CLOCK_NAMES]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"now", "utcnow", "today"}
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"datetime", "date", "dt"}
        ):
            found.append(f"{node.func.value.id}.{node.func.attr}()")
    return found


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_reads_no_wall_clock(module: str) -> None:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    source = Path(spec.origin).read_text(encoding="utf-8")
    assert _wall_clock_reads(source) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "import time\nx = time.time()\n",
        "import time\nx = time.monotonic()\n",
        "from datetime import datetime\nx = datetime.now()\n",
        "from datetime import date\nx = date.today()\n",
        "from time import monotonic\n",
    ],
)
def test_wall_clock_check_catches_direct_reads(snippet: str) -> None:
    assert _wall_clock_reads(snippet) != []


def test_wall_clock_check_allows_injected_clock() -> None:
    assert _wall_clock_reads("def f(clock):\n    return clock.now()\n") == []


_FILE_MODULES = {
    "io",
    "os",
    "shutil",
    "tempfile",
    "glob",
    "fileinput",
    "mmap",
    "importlib.resources",
}
_FILE_METHODS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "glob"}


def _file_access(source: str) -> list[str]:
    """Imports and calls that reach files: `rmworkshop.files` reads them for the core."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name in _FILE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            imported = {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
            found += [f"from {node.module} import ..." for _ in imported & _FILE_MODULES]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found += [f"{node.func.id}()"] if node.func.id in {"open", "Path", "PurePath"} else []
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            found += [f".{node.func.attr}()"] if node.func.attr in _FILE_METHODS else []
    return found


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_reads_no_files(module: str) -> None:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    source = Path(spec.origin).read_text(encoding="utf-8")
    assert _file_access(source) == []


@pytest.mark.parametrize(
    "snippet",
    [
        # How the look-alike names data used to be read, inside the core:
        "def f():\n    from importlib import resources\n",
        "source = resources.files('rmworkshop.core') / 'data.txt'\nsource.read_text()\n",
        "import importlib.resources\n",
        "with open('agenda.toml') as f:\n    pass\n",
        "from pathlib import Path\nPath('x').read_bytes()\n",
        "import os\n",
        "from io import StringIO\n",
        "path.write_text('x')\n",
    ],
)
def test_file_access_check_catches_reads_and_writes(snippet: str) -> None:
    assert _file_access(snippet) != []


def test_file_access_check_allows_paths_that_only_name_a_file() -> None:
    # `loading` is given bytes and a path to name in messages: that is not file access.
    source = "from pathlib import Path\ndef parse(path: Path, raw: bytes) -> str:\n"
    assert _file_access(source + "    return f'{path}: {raw!r}'\n") == []
