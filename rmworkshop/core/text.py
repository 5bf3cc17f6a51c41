"""Cleaning participant text: what is stored is exactly what every screen shows."""

from __future__ import annotations

import re
import unicodedata

from rmworkshop.core.errors import Refused

MAX_IDEA_CHARS = 500
MAX_NAME_CHARS = 40

# Escape sequences are removed whole, so no parameters are left behind as visible junk.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[\x20-/]*[@-~]?            # CSI, e.g. colours and cursor moves
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])        # OSC, DCS, SOS, PM, APC strings...
      .*?(?:\x07|\x1b\\|\x9c|\Z)                     # ...up to their terminator
    | \x1b[\x20-/]*[0-~]?                            # any other escape
    """,
    re.VERBOSE | re.DOTALL,
)
_LINE_CONTROLS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]")
# C0, DEL and C1 controls, bidi embeddings and overrides, and invisible zero-width spaces.
# ZWJ (U+200D) and ZWNJ stay: emoji sequences and some scripts need them. Lone surrogates
# (from undecodable command-line bytes) cannot be stored as UTF-8, so they go too.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069"
    "\ud800-\udfff\ufeff]"
)


def clean(text: str) -> str:
    """Remove escape sequences and control characters; line breaks and tabs become spaces."""
    text = _ESCAPES.sub("", text)
    text = _LINE_CONTROLS.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def clean_idea(text: str) -> str:
    """A storable idea, or `Refused` with a message the participant can act on."""
    cleaned = clean(text)
    if not cleaned:
        raise Refused("An idea cannot be blank.")
    if len(cleaned) > MAX_IDEA_CHARS:
        raise Refused(
            f"An idea can be at most {MAX_IDEA_CHARS} characters; this one has {len(cleaned)}."
        )
    return cleaned


def clean_name(text: str) -> str:
    """A person's display name, or `Refused`."""
    cleaned = " ".join(clean(text).split())
    if not cleaned:
        raise Refused("A name cannot be blank.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise Refused(f"A name can be at most {MAX_NAME_CHARS} characters.")
    return cleaned
