"""Run one console headless in this process and report when its first frame is drawn.

    python -m bench.child baseline|ARGS...   (ARGS as for the rmworkshop command)

Prints ``READY <seconds since this interpreter started>`` when Textual says the first frame has
been displayed (its Ready event), then ``RSS <peak kilobytes>`` after holding the console open
for BENCH_HOLD seconds (default 0), and exits. The parent times the whole process from spawn.
"""

from __future__ import annotations

import os
import resource
import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Static

HOLD = float(os.environ.get("BENCH_HOLD", "0"))
SIZE = (120, 36)


class Minimal(App[None]):
    """The baseline: a Textual app with one Static."""

    def compose(self) -> ComposeResult:
        yield Static("Hello")


def _on_ready(self: App[None]) -> None:
    print(f"READY {time.monotonic():.6f}", flush=True)
    if HOLD:
        self.set_timer(HOLD, self.exit)
    else:
        self.exit()


_run = App.run


def _headless_run(self: App[None], *args: object, **kwargs: object) -> None:
    kwargs.update(headless=True, size=SIZE)
    _run(self, *args, **kwargs)  # type: ignore[arg-type]


def main(argv: list[str]) -> int:
    # Every console is a subclass of App: a Ready handler here reaches them all, unchanged.
    App.on_ready = _on_ready  # type: ignore[attr-defined]
    App.run = _headless_run  # type: ignore[method-assign,assignment]
    if argv == ["baseline"]:
        Minimal().run()
        code = 0
    else:
        from rmworkshop import memory
        from rmworkshop.cli import main as rmworkshop

        memory.starting()  # as the installed program does (`rmworkshop.cli.run`)
        code = rmworkshop(argv)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"RSS {peak}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
