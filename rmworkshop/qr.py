"""QR codes drawn with half blocks: each character cell holds two modules, one above the other,
so modules come out about square. One drawing for every place that shows a code: the printed
banner of `rmworkshop serve` and the facilitator's join screen.

segno is imported only when a code is first made, never at a console's start.
"""

from __future__ import annotations

QUIET_MODULES = 2
"""White border around the code, in modules; scanners want some, and screen space is dear."""
HALVES = {
    (False, False): " ",
    (True, False): "\u2580",
    (False, True): "\u2584",
    (True, True): "\u2588",
}
"""The character for a cell from whether its top and bottom halves are drawn."""


def join_link(url: str, code: str) -> str:
    """What a QR code of the room carries: the page's address with the join code in its
    fragment, so that a scan joins with one tap. A browser never sends the fragment to the
    server, so the code is in no server or proxy log, and the page takes it out of the address
    bar and the history as it opens. The address and the code stay typeable on their own."""
    return f"{url.split('#', 1)[0]}#code={code}"


def modules(text: str, border: int = QUIET_MODULES) -> list[list[bool]]:
    """The code's modules, dark as True, with the quiet zone around them."""
    import segno

    code = segno.make(text, error="m", micro=False)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=border)]


def half_block_lines(drawn: list[list[bool]], scale: int = 1) -> list[str]:
    """Lines of text drawing the True modules of `drawn`, each `scale` cells wide and `scale`
    half-cells high."""
    rows = [[m for m in row for _ in range(scale)] for row in drawn for _ in range(scale)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]


def light_on_dark(text: str, border: int = QUIET_MODULES) -> list[str]:
    """The code of `text` for printing on a light-on-dark terminal: the light modules are drawn
    and the dark ones left as the background, so it reads dark-on-light as scanners expect."""
    return half_block_lines([[not m for m in row] for row in modules(text, border)])
