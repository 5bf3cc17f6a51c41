"""Finding agendas: bundled ones by name, or any file by path.

Every agenda file is checked against the schema in `rmworkshop.core.agenda` before a session
is made from it, with one exception that changes nothing: a bundled agenda, named by its name,
whose bytes are exactly those the test suite checked (`CHECKED_BUNDLED` holds their SHA-256).
The schema and its validation library cost a new session a fifth of a second at start-up, and
would find nothing in those bytes. A file a person wrote, or a bundled file that was changed,
is always checked in full.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rmworkshop.core.errors import BadFile
from rmworkshop.core.loading import parse_toml
from rmworkshop.core.plan import Plan
from rmworkshop.files.reading import MAX_SETUP_BYTES, read_bytes

DEFAULT_AGENDA = "cross-generational-brainstorm"

CHECKED_BUNDLED = {
    "cross-generational-brainstorm": (
        "a6dbacc62185a126637470862a23d5a15781e37657f056e112d33ee79fe50adf"
    ),
    "lean-coffee": "361e9e0037a1c8542e28882e60df1029b49f557792bcb0fa245d0740e1ee9cb7",
    "open-dialogue": "72cd63efb9f811e799b0661165263dfce350d0ab52e82fcc3b5ee8b34f2821bf",
    "reverse-mentoring-follow-up": (
        "2e834be58d4837ce847c0c97a242e4ea9dd63d1b6d9ca6982966b45fe2a72482"
    ),
    "reverse-mentoring-kickoff": (
        "bcdadd914d49ff3358c732dfca8bd01bef6857542d4968d4ae6d6e8bd84c1c06"
    ),
}
"""SHA-256 of each bundled agenda as the test suite checks it (tests/cli/test_validate.py):
the schema accepts it, and reading it without the schema gives the same plan."""


def bundled_dir() -> Path:
    """Inside an installed wheel the agendas sit in the package; in a checkout, beside it."""
    here = Path(__file__).resolve().parent
    installed = here / "agendas"
    return installed if installed.is_dir() else here.parent / "agendas"


def bundled() -> dict[str, Path]:
    return {path.stem: path for path in sorted(bundled_dir().glob("*.toml"))}


def _is_path(name_or_path: str) -> bool:
    return name_or_path.endswith(".toml") or "/" in name_or_path or Path(name_or_path).exists()


def resolve(name_or_path: str) -> Path:
    if _is_path(name_or_path):
        return Path(name_or_path)
    found = bundled().get(name_or_path)
    if found is None:
        names = ", ".join(bundled()) or "none"
        raise BadFile(f"{name_or_path}: no such agenda file or bundled agenda (bundled: {names})")
    return found


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def load_agenda(name_or_path: str) -> tuple[str, Plan]:
    """The agenda's short name (its file stem) and the agenda, checked against the schema."""
    from rmworkshop.files.reading import load

    path = resolve(name_or_path)
    return path.stem, load(Plan, path)


def load_plan(name_or_path: str) -> tuple[str, Plan]:
    """The agenda's short name and its plan, for making a session.

    Only a bundled agenda named by its name, with exactly the checked bytes, skips the schema.
    """
    path = resolve(name_or_path)
    if not _is_path(name_or_path):
        raw = read_bytes(path, MAX_SETUP_BYTES)
        if CHECKED_BUNDLED.get(path.stem) == digest(raw):
            _, data = parse_toml(path, raw)
            return path.stem, Plan.from_data(data)
    return load_agenda(name_or_path)
