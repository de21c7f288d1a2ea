"""Progress on a terminal for long commands, stdlib only (no Django: the pure packages may use it).

Shown on stderr, and only when stderr is a terminal and the command was not asked for ``--json``: a pipe,
a log file or a JSON consumer sees nothing. Two shapes:

- ``Progress(label, total)``: counted work (files of a corpus, rows of a roster): "label 120/560 21% 3 秒".
- ``ticking(label)``: a step that reports nothing while it runs (a bulk publication): a line with the seconds
  elapsed, refreshed every second by a background thread, so a long step is never silent.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


def shown(stream: IO[str] | None = None, *, quiet: bool = False) -> bool:
    """Whether progress goes to ``stream`` (default stderr): a terminal, and not ``quiet`` (``--json``)."""
    stream = stream or sys.stderr
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """Counted progress, redrawn at most every ``interval`` seconds; ``close()`` ends the line."""

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        quiet: bool = False,
        stream: IO[str] | None = None,
        interval: float = 0.2,
    ) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = shown(self.stream, quiet=quiet)
        self.interval = interval
        self.started = self._drawn = time.monotonic()
        self._width = 0

    def line(self) -> str:
        seconds = int(time.monotonic() - self.started)
        if self.total:
            percent = min(100, self.done * 100 // self.total)
            return f"{self.label} {self.done}/{self.total} {percent}% {seconds} 秒"
        return f"{self.label} {self.done} {seconds} 秒"

    def _draw(self) -> None:
        text = self.line()
        self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
        self.stream.flush()
        self._width = len(text)
        self._drawn = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.enabled and time.monotonic() - self._drawn >= self.interval:
            self._draw()

    def close(self) -> None:
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def ticking(
    label: str, *, quiet: bool = False, stream: IO[str] | None = None, every: float = 1.0
) -> Iterator[None]:
    """While the block runs, "label 已用 N 秒" redrawn every ``every`` seconds; the line is cleared after."""
    out = stream or sys.stderr
    if not shown(out, quiet=quiet):
        yield
        return
    stop = threading.Event()
    started = time.monotonic()
    width = 0

    def tick() -> None:
        nonlocal width
        while not stop.wait(every):
            text = f"{label} 已用 {int(time.monotonic() - started)} 秒…"
            out.write("\r" + text)
            out.flush()
            width = len(text)

    thread = threading.Thread(target=tick, name="zeren-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        if width:
            out.write("\r" + " " * (width * 2) + "\r")  # CJK characters are two columns wide
            out.flush()
