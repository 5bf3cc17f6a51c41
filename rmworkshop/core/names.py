"""Telling people apart: when two names look the same, and who a typed name means.

Two names look the same when their confusable skeletons match (Unicode Technical Standard
#39, section 4), computed after NFKC, with and without case. So "Ana" spelled with a Cyrillic
"a", in fullwidth or mathematical letters, or followed by a zero-width joiner, looks like "Ana".

The data is Unicode's own: `rmworkshop.core.confusables_table`, generated from
``confusables.txt`` (UTS #39, version 17.0.0) and the Default_Ignorable_Code_Point lines of
``DerivedCoreProperties.txt`` (17.0.0), which the repository keeps unchanged. The core reads
no files: the table is Python, imported on first use.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member


@functools.cache
def _ignorable() -> frozenset[str]:
    """Default_Ignorable_Code_Point: characters that draw nothing, such as the joiners."""
    from rmworkshop.core.confusables_table import IGNORABLE

    return frozenset(chr(code) for first, last in IGNORABLE for code in range(first, last + 1))


@functools.lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: NFD, drop default-ignorable characters, replace each
    character by its prototype, NFD again. Strings with equal skeletons look the same."""
    # The table is imported here, on first use, so that no console pays for it to start.
    from rmworkshop.core.confusables_table import PROTOTYPES as prototypes

    ignorable = _ignorable()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(prototypes.get(char, char) for char in decomposed if char not in ignorable)
    return unicodedata.normalize("NFD", mapped)


@functools.lru_cache(maxsize=4096)
def _looks(name: str) -> frozenset[str]:
    """The skeletons a name is compared by, after NFKC has folded compatibility forms
    (fullwidth and mathematical letters, ligatures, circled letters)."""
    # Case counts twice: "Ivan" and "lvan" share a skeleton ("I" is drawn like "l"), while
    # "ANA" with a Cyrillic first letter only meets "ana" once both are in lower case.
    plain = unicodedata.normalize("NFKC", name)
    folded = unicodedata.normalize("NFKC", plain.casefold())
    return frozenset({skeleton(plain), skeleton(folded)})


def same_name(first: str, second: str) -> bool:
    """The same name, as joining and looking up treat it: equal ignoring case."""
    return first.casefold() == second.casefold()


def look_alike(first: str, second: str) -> bool:
    """Whether two names would be taken for one another on a screen."""
    return not _looks(first).isdisjoint(_looks(second))


def looks_like_another(name: str, names: Iterable[str]) -> bool:
    """Whether a new ``name`` (of a session, say) looks like one of ``names`` without being
    it: case counts, so "Retro" and "retro" are two names that look alike."""
    return any(other != name and look_alike(other, name) for other in names)


def lookalike(name: str, people: Iterable[Member]) -> Member | None:
    """Someone other than ``name`` whose name looks like it, if anyone."""
    return next(
        (m for m in people if not same_name(m.name, name) and look_alike(m.name, name)), None
    )


def refuse_lookalike(name: str, people: Iterable[Member]) -> None:
    """`Refused` when ``name`` is new but looks like the name of someone in ``people``."""
    other = lookalike(name, people)
    if other is not None:
        raise Refused(
            f"{name!r} looks like {other.name!r}, who is already in this session;"
            " choose a name that others can tell apart (add an initial, for example)."
        )


def find(name: str, people: Iterable[Member]) -> Member | None:
    """Who ``name`` means: that exact name (ignoring case), else the one person it looks like.

    Two people whose names look alike (a session from before names were compared this way)
    are both left unmatched rather than guessed between.
    """
    people = tuple(people)
    exact = next((m for m in people if same_name(m.name, name)), None)
    if exact is not None:
        return exact
    alike = [m for m in people if look_alike(m.name, name)]
    return alike[0] if len(alike) == 1 else None
