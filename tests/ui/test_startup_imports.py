"""What a participant console loads to start: no validation library, no export code.

Each participant in a terminal runs one console process, so what it imports is paid once per
person (see bench/results.md). Agenda files are checked when a session is created; reading one back
needs only the agenda's named tuples in `rmworkshop.core.plan`, never the checks.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rmworkshop.store.sqlite import SessionStore
from tests.helpers import run_cli

PROBE = """
import sys
from pathlib import Path
from rmworkshop.cli.parser import build_parser
from rmworkshop.cli import participants
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.system import SystemClock
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.app.kiosk import KioskApp
store = SessionStore.open(Path(sys.argv[1]), SystemClock())
session = store.snapshot()
assert session.agenda.phases and session.agenda.title
unwanted = sorted(
    name for name in sys.modules
    if name.split(".")[0] in {"pydantic", "pydantic_core", "tomli_w", "textual_serve"}
    or name in {"rmworkshop.outcomes.schema", "rmworkshop.exporting", "rmworkshop.core.loading"}
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


FIRST_FRAME = """
import sys
from textual.app import App

def ready(self):
    print("LOADED " + ",".join(sorted(sys.modules)), flush=True)
    self.exit()

run = App.run
App.on_ready = ready
App.run = lambda self, *a, **k: run(self, headless=True, size=(120, 36))
from rmworkshop.cli import main
sys.exit(main(sys.argv[1:]))
"""
"""Starts a console as a user would, headless, and lists every module loaded by its first
frame."""

NEVER_AT_START = (
    "scipy",
    "numpy",
    "segno",
    "aiohttp",
    "pydantic",
    "textual_serve",
    "tokenizers",
    "safetensors",
    "wordllama",
    "psycopg",
    "psycopg_pool",
)
"""Heavy libraries no first screen draws with (the database driver: the sessions here are
files)."""

NOT_FOR_THE_FIRST_SCREEN = (
    "rmworkshop.server",
    "rmworkshop.remote.client",
    "rmworkshop.exporting",
    "rmworkshop.outcomes",
    "rmworkshop.core.pairing_notes",
    "rmworkshop.ui.facilitator.modals",
    "rmworkshop.ui.facilitator.pairs_panel",
    "rmworkshop.ui.participant.pairs_panel",
    "rmworkshop.ui.facilitator.checkin_panel",
    "rmworkshop.ui.participant.checkin_panel",
    "rmworkshop.ui.participant.identify",
    "rmworkshop.ui.review",
    "rmworkshop.suggestions.model",
    "rmworkshop.ui.facilitator.suggestions",
)
"""Dialogs, the pairs panels, the room's server, export and the merge suggestions' model
and panel load when first used."""


def _started_session(folder: Path) -> Path:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    path = folder / "started.workshop"
    roster = Roster(people=[Person(name="Ana", level="junior")])
    with SessionStore.create(path, agenda, name, SystemClock(), roster=roster) as store:
        store.start()
    return path


def _loaded_by_first_frame(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, "the console drew no first frame"
    return set(lines[0].removeprefix("LOADED ").split(","))


def _unwanted(loaded: set[str], also: tuple[str, ...] = ()) -> list[str]:
    def under(name: str, packages: tuple[str, ...]) -> bool:
        return any(name == p or name.startswith(p + ".") for p in packages)

    return sorted(
        name
        for name in loaded
        if name.split(".")[0] in NEVER_AT_START or under(name, NOT_FOR_THE_FIRST_SCREEN + also)
    )


def test_facilitator_first_frame_loads_no_dialog_pairs_server_or_participant(
    tmp_path: Path,
) -> None:
    participant_side = ("rmworkshop.ui.participant", "rmworkshop.remote")
    resumed = _loaded_by_first_frame("run", "--session", str(_started_session(tmp_path)))
    assert _unwanted(resumed, (*participant_side, "rmworkshop.ui.facilitator.start")) == []
    new = _loaded_by_first_frame("run", "--session", str(tmp_path / "new.workshop"))
    assert _unwanted(new, participant_side) == []
    assert "rmworkshop.ui.facilitator.live" not in new  # the start screen comes first


def test_participant_first_frame_loads_no_facilitator_pairs_or_remote_client(
    tmp_path: Path,
) -> None:
    session = _started_session(tmp_path)
    loaded = _loaded_by_first_frame("join", str(session), "--as", "Ana")
    assert "rmworkshop.ui.participant.console" in loaded  # the probe saw the real screen
    # No join code on this session: the gate's screen has nothing to show. The session is in
    # its first phase: the other phases' panels come with their phases.
    also = (
        "rmworkshop.ui.facilitator",
        "rmworkshop.ui.participant.join_code_screen",
        "rmworkshop.ui.participant.capture_panel",
        "rmworkshop.ui.participant.speaking_panel",
        "rmworkshop.ui.participant.voting_panels",
    )
    assert _unwanted(loaded, also) == []


def test_the_first_frame_probe_notices_a_dialog(tmp_path: Path) -> None:
    loaded = _loaded_by_first_frame("run", "--session", str(_started_session(tmp_path)))
    assert _unwanted(loaded | {"rmworkshop.ui.facilitator.modals"}) == [
        "rmworkshop.ui.facilitator.modals"
    ]


def test_every_panel_loaded_later_is_a_participant_panel() -> None:
    from rmworkshop.ui.participant.console import LOADED_LATER, later_panel
    from rmworkshop.ui.participant.panels import Panel

    assert set(LOADED_LATER) == {"capture", "speaking", "vote", "actions", "pairs", "checkin"}
    for kind in LOADED_LATER:
        panel = later_panel(kind)
        assert isinstance(panel, type) and issubclass(panel, Panel), kind
