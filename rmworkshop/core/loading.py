"""TOML text into models, with errors that name the file, key path and line.

Pure: it is given the bytes; `rmworkshop.files` opens and reads files.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rmworkshop.core.errors import BadFile
from rmworkshop.core.wording import counted

if TYPE_CHECKING:  # pydantic loads only to validate: a bundled agenda needs none
    from pydantic import TypeAdapter

M = TypeVar("M")

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_PATH_PREFIX = re.compile(r"^(?P<path>[A-Za-z_][\w.\[\]]*): (?P<message>.*)$", re.DOTALL)


def parse_toml(path: Path, raw: bytes) -> tuple[str, dict[str, Any]]:
    """The text and parsed table of a file's bytes, or `BadFile` naming the file and line.

    `path` only names the file in messages: `rmworkshop.files` reads it.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BadFile(f"{path}: line {line}: not UTF-8 text") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        detail = printable(_TOML_LINE.sub("", message).strip().rstrip("."))
        where = f"line {found.group(1)}: " if found else ""
        raise BadFile(f"{path}: {where}not valid TOML: {detail}") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively.
        raise BadFile(f"{path}: not valid TOML: arrays or tables are nested too deeply") from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735).
        raise BadFile(f"{path}: not valid TOML: a number is too large") from None


def printable(text: str) -> str:
    """Text for a one-line message: anything unprintable (line breaks, escapes) is escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _quoted(key: str) -> str:
    """A key as TOML would write it: bare when it can be, else a quoted, escaped string."""
    if _BARE_KEY.fullmatch(key):
        return key
    return '"' + "".join(_escaped(c) for c in key) + '"'


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"


def key_path(loc: tuple[int | str, ...]) -> str:
    """Pydantic's location tuple as a TOML-style key path, e.g. ``phases[2].minutes``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{_quoted(part)}" if out else _quoted(part)
    return out


def line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line number of a key path in TOML text (tables, arrays of tables, keys)."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    table: list[str] = []
    found: int | None = None
    index = 0
    while index < len(loc):
        part = loc[index]
        if not isinstance(part, str):
            return found
        following = loc[index + 1] if index + 1 < len(loc) else None
        table.append(part)
        dotted = ".".join(table)
        if isinstance(following, int):
            headers = [n for n in range(start, end) if lines[n].strip().startswith(f"[[{dotted}]]")]
            if following < len(headers):
                start = headers[following]
                later = [n for n in range(start + 1, end) if lines[n].lstrip().startswith("[")]
                end = later[0] if later else end
                found = start + 1
                index += 2
                continue
        header = [n for n in range(start, end) if lines[n].strip() == f"[{dotted}]"]
        key = re.compile(rf"^\s*{re.escape(part)}\s*=")
        keyed = [n for n in range(start, end) if key.match(lines[n])]
        if keyed:
            found = keyed[0] + 1
            start = keyed[0]
        elif header:
            found = header[0] + 1
            start = header[0]
        else:
            return found
        index += 1
    return found


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


_ADAPTERS: dict[type, Any] = {}


def _adapter(model: type[M]) -> TypeAdapter[M]:
    """Checks a file's table against `model`: a pydantic model as it is configured, or a plain
    record (the agenda's named tuples) strictly, with no key it does not know."""
    from pydantic import BaseModel, ConfigDict, TypeAdapter

    adapter: TypeAdapter[M] | None = _ADAPTERS.get(model)
    if adapter is None:
        if issubclass(model, BaseModel):
            adapter = TypeAdapter(model)
        else:
            adapter = TypeAdapter(model, config=ConfigDict(strict=True, extra="forbid"))
        _ADAPTERS[model] = adapter
    return adapter


def validate(model: type[M], path: Path, text: str, data: dict[str, Any]) -> M:
    """Build `model` from parsed TOML, turning the first validation error into `BadFile`."""
    from pydantic import ValidationError

    try:
        return _adapter(model).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc: tuple[int | str, ...] = tuple(first["loc"])
        message = _describe(dict(first))
        prefixed = _PATH_PREFIX.match(message)
        if not loc and prefixed:
            loc = _parse_path(prefixed.group("path"))
            message = prefixed.group("message")
        where = key_path(loc)
        line = line_of(text, loc) if loc else None
        parts = [str(path)]
        if where:
            parts.append(where + (f" (line {line})" if line else ""))
        more = len(exc.errors()) - 1
        suffix = f" (and {counted(more, 'more problem')})" if more else ""
        raise BadFile(": ".join([*parts, printable(message)]) + suffix) from None


def _parse_path(path: str) -> tuple[int | str, ...]:
    parts: list[int | str] = []
    for name, number in re.findall(r"([A-Za-z_]\w*)|\[(\d+)\]", path):
        parts.append(name if name else int(number))
    return tuple(parts)
