"""Finding agendas: bundled ones by name, or any file by path."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.core.agenda import Agenda
from rmworkshop.core.errors import BadFile
from rmworkshop.files.reading import load

DEFAULT_AGENDA = "cross-generational-brainstorm"


def bundled_dir() -> Path:
    """Inside an installed wheel the agendas sit in the package; in a checkout, beside it."""
    here = Path(__file__).resolve().parent
    installed = here / "agendas"
    return installed if installed.is_dir() else here.parent / "agendas"


def bundled() -> dict[str, Path]:
    return {path.stem: path for path in sorted(bundled_dir().glob("*.toml"))}


def resolve(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists() or "/" in name_or_path:
        return path
    found = bundled().get(name_or_path)
    if found is None:
        names = ", ".join(bundled()) or "none"
        raise BadFile(f"{name_or_path}: no such agenda file or bundled agenda (bundled: {names})")
    return found


def load_agenda(name_or_path: str) -> tuple[str, Agenda]:
    """The agenda's short name (its file stem) and the validated agenda."""
    path = resolve(name_or_path)
    return path.stem, load(Agenda, path)
