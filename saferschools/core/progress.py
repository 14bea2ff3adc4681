"""Progress lines for long commands: a live percentage on a terminal, quarter steps in logs."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressPrinter:
    def __init__(self, label: str, stream: TextIO | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last_quarter = -1
        self.started = time.monotonic()

    def __call__(self, rows: int, done: int, total: int) -> None:
        pct = 100.0 * done / total if total else 100.0
        if self.tty:
            self.stream.write(f"\r  {self.label}: {pct:5.1f}%  {rows:,} rows")
            if done >= total:
                self.stream.write(f"  ({time.monotonic() - self.started:.1f} s)\n")
            self.stream.flush()
            return
        quarter = int(pct // 25)
        if quarter > self.last_quarter:
            self.last_quarter = quarter
            self.stream.write(f"  {self.label}: {pct:.0f}% ({rows:,} rows)\n")
            self.stream.flush()
