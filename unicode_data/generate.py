"""Writes ``rmworkshop/core/confusables_table.py`` from Unicode's data files beside this one.

    python3 unicode_data/generate.py

The core reads no files, so the data it compares names by is Python source made from
``confusables.txt`` (UTS #39) and ``DefaultIgnorable.txt`` (the Default_Ignorable_Code_Point
lines of ``DerivedCoreProperties.txt``), kept here unchanged. A test regenerates the module and
compares, so the committed table is always Unicode's own. Standard library only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLE = HERE.parent / "rmworkshop" / "core" / "confusables_table.py"

_HEADER = '''\
"""Unicode's data for look-alike names, as Python. Generated: do not edit.

Made by ``python3 unicode_data/generate.py`` from Unicode's files in ``unicode_data/``, kept
there unchanged under the Unicode licence in ``unicode_data/LICENSE``:

- UTS #39 {confusables};
- the Default_Ignorable_Code_Point lines of {ignorable}.

Imported only when a name is first compared.
"""

PROTOTYPES: dict[str, str] = {{
'''

_MIDDLE = '''\
}}
"""Each confusable character and the prototype it is drawn like (the UTS #39 ``MA`` table)."""

IGNORABLE: tuple[tuple[int, int], ...] = (
'''

_FOOTER = '''\
)
"""Default_Ignorable_Code_Point ranges, first and last code point: characters that draw nothing."""
'''


def _fields(text: str) -> Iterator[list[str]]:
    """The ``;``-separated fields of each data line of a Unicode data file."""
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if data:
            yield [field.strip() for field in data.split(";")]


def _version(text: str) -> str:
    """``confusables.txt 17.0.0``: the file name and version its header gives."""
    lines = text.splitlines()
    name = lines[0].lstrip("# ").strip()
    versions = [line.split(":", 1)[1].strip() for line in lines if line.startswith("# Version:")]
    return f"{name}, version {versions[0]}" if versions else name


def _literal(codes: str) -> str:
    """``"0072 006E"`` -> ``"rn"``: a string literal in plain ASCII, escapes for the rest."""
    out = []
    for code in codes.split():
        point = int(code, 16)
        if 0x20 <= point < 0x7F and chr(point) not in '"\\':
            out.append(chr(point))
        elif point <= 0xFFFF:
            out.append(f"\\u{point:04x}")
        else:
            out.append(f"\\U{point:08x}")
    return '"' + "".join(out) + '"'


def table_source(confusables: str, ignorable: str) -> str:
    """The text of the generated module, from the text of the two data files."""
    parts = [_HEADER.format(confusables=_version(confusables), ignorable=_version(ignorable))]
    parts += [f"    {_literal(s)}: {_literal(p)},\n" for s, p, *_ in _fields(confusables)]
    parts.append(_MIDDLE.format())
    for codes, *_ in _fields(ignorable):
        first, _, last = codes.partition("..")
        parts.append(f"    (0x{int(first, 16):04X}, 0x{int(last or first, 16):04X}),\n")
    parts.append(_FOOTER)
    return "".join(parts)


def generated() -> str:
    """The module as the data files here make it."""
    confusables = (HERE / "confusables.txt").read_text(encoding="utf-8")
    ignorable = (HERE / "DefaultIgnorable.txt").read_text(encoding="utf-8")
    return table_source(confusables, ignorable)


def main() -> int:
    TABLE.write_text(generated(), encoding="utf-8")
    print(f"wrote {TABLE.relative_to(HERE.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
