"""A progress bar on stderr: one line per stage with rows, rows per second and the time left.

On a terminal the line is redrawn in place; in a log file a line is written every ten seconds
and when the stage ends, so a background load can be followed with `tail -f`.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

WIDTH = 24


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = 0.5 if self.tty else 10.0
        self.lock = threading.Lock()
        self.stage = ""
        self.total = 0
        self.done = 0
        self.started = self.shown = time.monotonic()
        self.timings: dict[str, float] = {}
        self.rows: dict[str, int] = {}

    def begin(self, stage: str, total: int) -> None:
        with self.lock:
            self.stage, self.total, self.done = stage, max(1, total), 0
            self.started = self.shown = time.monotonic()
        self._show(force=True)

    def advance(self, rows: int) -> None:
        with self.lock:
            self.done += rows
        if time.monotonic() - self.shown >= self.every:
            self._show()

    def end(self) -> float:
        seconds = time.monotonic() - self.started
        self.timings[self.stage] = seconds
        self.rows[self.stage] = self.done
        self.total = max(self.total, self.done)
        self._show(force=True, final=True)
        return seconds

    def line(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text + "\n")
            self.stream.flush()

    def _show(self, force: bool = False, final: bool = False) -> None:
        if self.quiet:
            return
        with self.lock:
            now = time.monotonic()
            if not force and now - self.shown < self.every:
                return
            self.shown = now
            elapsed = now - self.started
            share = min(1.0, self.done / self.total)
            rate = self.done / elapsed if elapsed > 0 else 0.0
            left = (self.total - self.done) / rate if rate > 0 and not final else 0.0
            bar = "#" * int(share * WIDTH)
            text = (
                f"{self.stage:<16} [{bar:<{WIDTH}}] {share:4.0%} {self.done:>12,} rows "
                f"{rate:>9,.0f}/s  "
                + (f"took {_clock(elapsed)}" if final else f"ETA {_clock(left)}")
            )
            if self.tty:
                self.stream.write("\r" + text + ("\n" if final else ""))
            else:
                self.stream.write(text + "\n")
            self.stream.flush()
