"""Follow-up edits made in place: one key of one ``[[ideas]]`` (or ``[[pairs]]``) table.

Rewriting the whole file would drop comments and hand layout. `edit_idea` replaces only
the lines of the edited key (or adds or removes one key), keeping the file's line endings.
It checks its own work by parsing that table before and after with tomllib, and returns
None when it cannot be sure; the caller then writes the file anew.
"""

from __future__ import annotations

import re
import tomllib

import tomli_w

from rmworkshop.outcomes.schema import Idea, Pair

_ANY_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
_MODELS: dict[str, type[Idea] | type[Pair]] = {"ideas": Idea, "pairs": Pair}


def _header(table: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*\[\[[ \t]*{table}[ \t]*\]\][ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)


def _section(text: str, index: int, table: str = "ideas") -> tuple[int, int] | None:
    """Start and end offsets of the index-th ``[[table]]`` table, header included."""
    for number, header in enumerate(_header(table).finditer(text)):
        if number == index:
            following = _ANY_HEADER.search(text, header.end())
            return header.start(), following.start() if following else len(text)
    return None


def _idea_of(section: str, table: str = "ideas") -> Idea | Pair | None:
    try:
        entries = tomllib.loads(section).get(table)
        if not isinstance(entries, list) or not entries:
            return None
        return _MODELS[table].model_validate(entries[0])
    except (tomllib.TOMLDecodeError, ValueError):
        return None


def _key_lines(lines: list[str], key: str) -> tuple[int, int] | None:
    """First and last line (exclusive) of ``key = value``, however many lines it spans."""
    pattern = re.compile(rf'^[ \t]*(?:{re.escape(key)}|"{re.escape(key)}")[ \t]*=')
    for first, line in enumerate(lines):
        if pattern.match(line):
            for last in range(first + 1, len(lines) + 1):
                try:
                    if key in tomllib.loads("".join(lines[first:last])):
                        return first, last
                except tomllib.TOMLDecodeError:
                    continue
            return None
    return None


def _line_comments(text: str) -> list[str]:
    """For each line of `text`, the comment that ends it with the blanks before it, or ""."""
    comments = [""] * (text.count("\n") + 1)
    line = at = 0
    quote = ""  # the string being read, if any: ", ', """ or '''
    while at < len(text):
        char = text[at]
        if quote:
            if char == "\\" and quote[0] == '"':
                line += text[at + 1 : at + 2] == "\n"
                at += 2
            elif text.startswith(quote, at):
                # A multi-line string may end in up to two more quotes than its delimiter.
                run = len(quote) + 2 if len(quote) == 3 else 1
                while run > 1 and not text.startswith(quote[0] * run, at):
                    run -= 1
                at, quote = at + run, ""
            else:
                line += char == "\n"
                at += 1
        elif char == "#":
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            start = len(text[:at].rstrip(" \t"))
            comments[line] = text[start:end].rstrip("\r")
            at = end
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, at) else char
            at += len(quote)
        else:
            line += char == "\n"
            at += 1
    return comments


def _keep_comments(old: list[str], written: str) -> str:
    """`written` with the comments that ended the first and last line of the `old` value.

    People note who agreed or why at the end of a line; replacing the value must not drop it.
    """
    comments = _line_comments("".join(old))
    first, last = comments[0], comments[len(old) - 1] if len(old) > 1 else ""
    lines = written.splitlines(keepends=True)
    if not lines:
        return written

    def append(at: int, comment: str) -> None:
        body = lines[at].rstrip("\r\n")
        lines[at] = body + comment + lines[at][len(body) :]

    append(0, first)
    append(len(lines) - 1, last)
    return "".join(lines)


def edit_idea(
    text: str, index: int, old: Idea | Pair, new: Idea | Pair, field: str, table: str = "ideas"
) -> str | None:
    """`text` with one field of entry `index` of `table` set as in `new`; None when that is
    not safe."""
    bounds = _section(text, index, table)
    if bounds is None:
        return None
    start, end = bounds
    section = text[start:end]
    if _idea_of(section, table) != old:
        return None
    newline = "\r\n" if "\r\n" in section else "\n"
    lines = section.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    value = getattr(new, field)
    written = tomli_w.dumps({field: value}).replace("\n", newline) if value is not None else ""
    found = _key_lines(lines, field)
    if found is not None:
        first, last = found
        lines[first:last] = [_keep_comments(lines[first:last], written)]
    elif written:
        place = 1  # after the header, unless an earlier field is there to follow
        fields = list(_MODELS[table].model_fields)
        for earlier in fields[: fields.index(field)]:
            span = _key_lines(lines, earlier)
            if span is not None:
                place = max(place, span[1])
        lines.insert(place, written)
    edited = "".join(lines)
    if not section.endswith(("\n", "\r")):
        edited = edited.rstrip("\r\n")
    if _idea_of(edited, table) != new:
        return None
    return text[:start] + edited + text[end:]
