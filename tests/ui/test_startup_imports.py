"""What a participant console loads to start: no validation library, no export code.

Each browser participant is one console process, so what it imports is paid once per person
(see bench/results.md). Agenda files are checked when a session is created; reading one back
needs only the plain dataclasses in `rmworkshop.core.plan`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import run_cli

PROBE = """
import sys
from pathlib import Path
from rmworkshop.cli.parser import build_parser
from rmworkshop.cli import participants
from rmworkshop.store import SessionStore
from rmworkshop.system import SystemClock
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.kiosk import KioskApp
store = SessionStore.open(Path(sys.argv[1]), SystemClock())
session = store.snapshot()
assert session.agenda.phases and session.agenda.title
unwanted = sorted(
    name for name in sys.modules
    if name.split(".")[0] in {"pydantic", "pydantic_core", "tomli_w", "textual_serve"}
    or name in {"rmworkshop.outcomes.schema", "rmworkshop.exporting", "rmworkshop.core.agenda"}
)
print(",".join(unwanted))
"""


def test_participant_console_starts_without_pydantic_or_export(tmp_path: Path) -> None:
    session = tmp_path / "s.workshop"
    assert run_cli("new", "cross-generational-brainstorm", "--session", session).returncode == 0
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(session)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"loaded at start-up: {result.stdout.strip()}"


def test_the_probe_notices_pydantic(tmp_path: Path) -> None:
    session = tmp_path / "s.workshop"
    assert run_cli("new", "cross-generational-brainstorm", "--session", session).returncode == 0
    probe = PROBE.replace("import sys\n", "import sys\nimport pydantic\n", 1)
    result = subprocess.run(
        [sys.executable, "-c", probe, str(session)], capture_output=True, text=True, check=False
    )
    assert "pydantic" in result.stdout
