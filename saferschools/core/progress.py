"""Progress for long work.

`ProgressPrinter`: progress lines for long commands (a live percentage on a terminal, quarter
steps in logs). `JobProgress`: the Django-free progress/cancel interface every background job
and engine uses (see below).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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


# --------------------------------------------------------------------------- job progress
#
# The one interface between long-running work and whoever is watching it. It is plain Python
# (no Django), so the optimisation engines can call it: the job runner (`core/jobs/runner.py`)
# passes a `JobProgress` that stores progress on the `Job` row and reads the cancel flag; the
# command line passes one that draws a progress bar; tests and scripts pass `NULL_PROGRESS`.
# Decision record: docs/decisions/121-job-progress-interface.md.


@dataclass(frozen=True)
class ProgressReport:
    """One report of a running piece of work (see `JobProgress.on_progress`)."""

    fraction: float | None
    message: str
    best_objective: float | None = None
    bound: float | None = None


class JobProgress:
    """What a long piece of work reports, and asks, while it runs.

    ``on_progress(fraction, message, best_objective=None, bound=None)``: ``fraction`` in
    [0, 1] of the work done (``None`` when unknown: the bar keeps its place and the message
    changes); ``message`` one short line a person reads ("Thanet: OPTIMAL in 2.1 s");
    ``best_objective`` and ``bound``, for a solve, the objective of the best solution found so
    far and the best proven bound (the page shows the gap between them). Cheap to call often:
    implementations throttle their own writes.

    ``should_stop()``: True once someone asked to cancel. Work checks it between steps
    (between districts, between import files) and stops by raising `JobCancelled`, or returns
    the best it has, marked as stopped early.

    Watchers subclass it and override `report` (which receives each call as one
    `ProgressReport`) and `should_stop`. This base reports nowhere and never stops: it is
    `NULL_PROGRESS`, the default for synchronous calls and tests.
    """

    def on_progress(
        self,
        fraction: float | None,
        message: str,
        best_objective: float | None = None,
        bound: float | None = None,
    ) -> None:
        self.report(ProgressReport(fraction, message, best_objective, bound))

    def report(self, update: ProgressReport) -> None:
        """Show or store one report (the base drops it)."""

    def should_stop(self) -> bool:
        return False


class JobCancelled(Exception):
    """Raised by work that noticed `should_stop()`; the runner records the job as cancelled."""


NULL_PROGRESS = JobProgress()


def gap(objective: float | None, bound: float | None) -> float | None:
    """Relative gap between a solution's objective and the proven bound (minimisation):
    ``|objective - bound| / max(1, |objective|)``; ``None`` when either is unknown."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


def check_stop(progress: JobProgress) -> None:
    """Raise `JobCancelled` if the watcher asked to stop (call between steps)."""
    if progress.should_stop():
        raise JobCancelled("Cancelled at the user's request.")


class StepProgress(JobProgress):
    """Maps the progress of step ``index`` of ``count`` equal steps onto the whole job.

    ``StepProgress(parent, 2, 5).on_progress(0.5, "...")`` reports 0.5 of step 3 of 5, i.e.
    0.5 overall: useful when a job runs several engines or districts one after another.
    """

    def __init__(self, parent: JobProgress, index: int, count: int) -> None:
        self.parent = parent
        self.start = index / max(1, count)
        self.width = 1.0 / max(1, count)

    def report(self, update: ProgressReport) -> None:
        fraction = update.fraction
        overall = None if fraction is None else self.start + self.width * min(1.0, fraction)
        self.parent.on_progress(overall, update.message, update.best_objective, update.bound)

    def should_stop(self) -> bool:
        return self.parent.should_stop()


_STEP = re.compile(r"^\[(\d+)/(\d+)\]")


def line_progress(
    progress: JobProgress, *, start: float = 0.0, end: float = 1.0
) -> Callable[[str], None]:
    """Adapt a `JobProgress` to the older one-line ``progress(text)`` callbacks.

    Lines that begin "[k/n]" (the engines' per-district lines) move the bar to step k of n
    within [start, end] (its start on the step's first line, its end on the second);
    every line is a chance to stop: it raises `JobCancelled` once ``should_stop()``.
    """
    seen: set[int] = set()

    def say(text: str) -> None:
        check_stop(progress)
        fraction = None
        m = _STEP.match(text)
        if m:
            k, n = int(m.group(1)), max(1, int(m.group(2)))
            done = k - (1.0 if k not in seen else 0.0)
            seen.add(k)
            fraction = start + (end - start) * min(1.0, done / n)
        progress.on_progress(fraction, text)

    return say
