"""Reading back a QR code drawn with half blocks, as a phone's camera would: the characters are
turned into pixels and decoded by zxing-cpp."""

from __future__ import annotations

import zxingcpp

SCALE = 4
LIGHT = {
    "\u2588": (True, True),
    "\u2580": (True, False),
    "\u2584": (False, True),
    " ": (False, False),
}


class _Image:
    """A grey image zxing-cpp reads through the array interface (no numpy needed)."""

    def __init__(self, rows: list[list[bool]]) -> None:
        width = len(rows[0]) * SCALE
        data = bytearray()
        for row in rows:
            line = b"".join((b"\xff" if light else b"\x00") * SCALE for light in row)
            data += line * SCALE
        self.__array_interface__ = {
            "shape": (len(rows) * SCALE, width),
            "typestr": "|u1",
            "data": bytes(data),
            "version": 3,
        }


def decode_half_blocks(lines: list[str], border: int = 4) -> str:
    """The text of the QR code drawn by `lines` (light modules drawn, dark ones left blank)."""
    width = max(len(line) for line in lines)
    rows: list[list[bool]] = [[True] * (width + 2 * border) for _ in range(2 * border)]
    for line in lines:
        top, bottom = [], []
        for char in line.ljust(width):
            upper, lower = LIGHT[char]
            top.append(upper)
            bottom.append(lower)
        rows.insert(len(rows) - border, [True] * border + top + [True] * border)
        rows.insert(len(rows) - border, [True] * border + bottom + [True] * border)
    found = zxingcpp.read_barcodes(_Image(rows))
    assert len(found) == 1, f"{len(found)} QR codes found"
    text: str = found[0].text
    return text
