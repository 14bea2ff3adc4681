"""One overall time budget for a whole job, shared by its sub-problems.

A plan is solved district by district (and an England plan force by force); each sub-problem
gets a share of what is *left* of the one budget, in proportion to its size, so a quick
district's unused time goes to the districts after it and the job as a whole keeps to the time
it was given. Running out of time is reported as "out of time, best so far", never as "no
solution exists" (only a proven infeasibility says that).
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Progress callback of an engine job: ``progress(done, total, message)``. A plain callable, so
#: a background task (core's job progress interface) or a command-line bar can be passed as is.
Progress = Callable[[int, int, str], None]


class Budget:
    """Seconds left until one deadline; ``cancelled()`` lets a job's owner stop it early."""

    def __init__(
        self,
        seconds: float,
        cancelled: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = max(0.0, float(seconds))
        self.clock = clock
        self.started = clock()
        self.deadline = self.started + self.seconds
        self._cancelled = cancelled

    def remaining(self) -> float:
        if self._cancelled is not None and self._cancelled():
            return 0.0
        return max(0.0, self.deadline - self.clock())

    def elapsed(self) -> float:
        return self.clock() - self.started

    def share(self, weight: float, weight_left: float) -> float:
        """This sub-problem's allowance: its part of what is left (by weight, e.g. size)."""
        left = self.remaining()
        if weight_left <= 0:
            return left
        return left * min(1.0, weight / weight_left)

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0
