"""A one-line progress bar for terminals: done / total, rate and remaining time."""

from __future__ import annotations

import time
from typing import TextIO

__all__: list[str] = []


class ProgressBar:
    """Redraws ``label [####....] done/total rate/s ETA m:ss`` on one line of ``stream``."""

    width = 30

    def __init__(self, label: str, total: int, stream: TextIO) -> None:
        self.label = label
        self.total = total
        self.stream = stream
        self.done = 0
        self.started = time.monotonic()
        self.draw()

    def __call__(self, n: int) -> None:
        self.done += n
        self.draw()
        if self.done >= self.total:
            self.stream.write("\n")
            self.stream.flush()

    def draw(self) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        remaining = (self.total - self.done) / rate if rate else 0
        filled = self.width * self.done // self.total if self.total else self.width
        minutes, seconds = divmod(int(remaining), 60)
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} {rate:.0f}/s ETA {minutes}:{seconds:02d}"
        )
        self.stream.flush()
