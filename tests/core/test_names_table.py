"""The look-alike names table is Unicode's own data, and costs nothing until a name is compared.

`rmworkshop.core.confusables_table` is generated from the Unicode files kept unchanged in
``unicode_data/``; regenerating it must give the committed module, byte for byte.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from rmworkshop.core import confusables_table

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "unicode_data" / "generate.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unicode_data_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_table_is_what_the_unicode_files_make() -> None:
    generator = _generator()
    committed = Path(confusables_table.__file__).read_text(encoding="utf-8")
    assert generator.generated() == committed


def test_table_holds_every_mapping_and_ignorable_range_of_the_files() -> None:
    # Counted from the files directly, not through the generator.
    data = ROOT / "unicode_data"
    mappings = [
        line
        for line in (data / "confusables.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    ranges = [
        line
        for line in (data / "DefaultIgnorable.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert len(confusables_table.PROTOTYPES) == len(mappings) == 6565
    assert len(confusables_table.IGNORABLE) == len(ranges)
    assert confusables_table.PROTOTYPES["\u0430"] == "a"  # Cyrillic small a
    assert confusables_table.PROTOTYPES["m"] == "rn"
    assert (0x200B, 0x200F) in confusables_table.IGNORABLE  # the zero-width joiners among them


def test_generator_writes_escaped_literals_that_read_back() -> None:
    confusables = (
        "# confusables.txt\n# Version: 1.0\n"
        "0430 ;\t0061 ;\tMA\t# Cyrillic a\n"
        "1D400 ;\t0022 005C ;\tMA\t# made up: a quote and a backslash\n"
    )
    ignorable = "# DerivedCoreProperties-1.0.txt\n00AD ; Default_Ignorable_Code_Point\n"
    ignorable += "200B..200F ; Default_Ignorable_Code_Point\n"
    namespace: dict[str, object] = {}
    exec(_generator().table_source(confusables, ignorable), namespace)
    assert namespace["PROTOTYPES"] == {"\u0430": "a", "\U0001d400": '"\\'}
    assert namespace["IGNORABLE"] == ((0xAD, 0xAD), (0x200B, 0x200F))


_LAZY_PROBE = """
import sys
import rmworkshop.core.names as names
import rmworkshop.core.roster, rmworkshop.core.rules.people
before = "rmworkshop.core.confusables_table" in sys.modules
alike = names.look_alike("Ana", "\\u0410na")
print(before, alike, "rmworkshop.core.confusables_table" in sys.modules)
"""


def test_table_is_imported_only_when_a_name_is_compared() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _LAZY_PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]
