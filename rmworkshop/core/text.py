"""Cleaning participant text: what is stored is exactly what every screen shows."""

from __future__ import annotations

import re
import unicodedata

from rmworkshop.core.errors import Refused

MAX_IDEA_CHARS = 500
MAX_NAME_CHARS = 40

# Escape sequences are removed whole, so no parameters are left behind as visible junk. A
# string (OSC, DCS, SOS, PM, APC) goes only with its terminator: an introducer with no end
# loses just itself, so a stray C1 byte cannot swallow the rest of someone's idea. A string
# ends at the next introducer too: otherwise every one of many unended introducers would scan
# to the end of the text, and cleaning a megabyte of them would take hours instead of
# milliseconds.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[\x20-/]*[@-~]?            # CSI, e.g. colours and cursor moves
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])        # OSC, DCS, SOS, PM, APC strings...
      [^\x07\x1b\x9c\x90\x98\x9d\x9e\x9f]*+(?:\x07|\x1b\\|\x9c)  # ...with their terminator
    | \x1b[\x20-/]*[0-~]?                            # any other escape
    """,
    re.VERBOSE,
)
_LINE_CONTROLS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029\u2800]")
# C0, DEL and C1 controls; every invisible format character (Unicode category Cf: bidi
# controls, zero-width spaces, soft hyphens, invisible operators...); and letters that draw
# nothing (Hangul fillers, the combining grapheme joiner). Without them "Ana" and "Ana" plus
# an invisible character would be two people who look the same. Kept: ZWNJ and ZWJ, which
# some scripts and emoji sequences need, and tag characters, which spell subdivision flags.
# Lone surrogates (from undecodable command-line bytes) cannot be stored as UTF-8 either.
# tests/core/test_text.py checks this list against the whole Unicode database.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164"
    "\ud800-\udfff\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001]"
)


def clean(text: str) -> str:
    """Remove escape sequences and control characters; line breaks and tabs become spaces."""
    text = _ESCAPES.sub("", text)
    text = _LINE_CONTROLS.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def clean_read(text: str) -> str:
    """Text read back from a file, cleaned before any screen or terminal shows it.

    Whoever wrote the file (another program, or a hand edit) may have put escape sequences
    in it. Text that `clean` would leave as it is, as everything rmworkshop itself stored
    is, is returned after one quick check instead of being cleaned again.
    """
    if (
        _INVISIBLE.search(text) is None
        and _LINE_CONTROLS.search(text) is None
        and unicodedata.is_normalized("NFC", text)
        and text == text.strip()
    ):
        return text  # every step of `clean` would leave it unchanged
    return clean(text)


def shown(text: object) -> str:
    """A file name (or any text) safe to print in a message: as it is when every character
    is printable, else quoted with its escape and invisible characters spelt out."""
    value = str(text)
    return value if value.isprintable() else repr(value)


def shell_word(text: object) -> str:
    """A file name or address as a person types it into a shell to run a command on it: one
    word to the shell (an address's '&', a name's spaces), and safe to print (`shown`)."""
    import shlex

    return shown(shlex.quote(str(text)))


def one_line(message: str) -> str:
    """A message for the terminal: every non-printable character spelt out, so it is one line
    and nothing in it can move the cursor, change colours or set the window title."""
    if message.isprintable():
        return message
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in message)


def idea_count(text: str) -> tuple[str, bool]:
    """What a box for an idea says under it as it is typed, and whether the idea is too long:
    the characters it would be stored with (as `clean_idea` counts them) against the limit."""
    length = len(clean(text))
    if length > MAX_IDEA_CHARS:
        return f"{length}/{MAX_IDEA_CHARS}: {length - MAX_IDEA_CHARS} too many", True
    return f"{length}/{MAX_IDEA_CHARS}", False


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


def tidy_read(name: str) -> str:
    """A name read back from a file, tidied as `tidy_name` does."""
    return " ".join(clean_read(name).split())


def tidy_name(text: str) -> str:
    """A name as it is stored and looked up: cleaned, with its spaces squeezed."""
    return " ".join(clean(text).split())


def clean_name(text: str) -> str:
    """A person's display name, or `Refused`."""
    cleaned = tidy_name(text)
    if not cleaned:
        raise Refused("A name cannot be blank.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise Refused(f"A name can be at most {MAX_NAME_CHARS} characters.")
    return cleaned
