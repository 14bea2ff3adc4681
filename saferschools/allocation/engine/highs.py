"""One way to make a HiGHS instance, shared by every HiGHS use in the engine.

HiGHS runs its threads from one *global* scheduler per process, built by the first instance
that runs; an instance asking for a different thread count then fails at once (``run()``
returns an error and leaves no solution). The calibration LP used HiGHS's default (half the
machine's cores) and the district MIPs asked for one thread, so on a machine with more than two
cores every district solved after a calibration in the same process silently lost its HiGHS
step (CP-SAT's patches were kept with CP-SAT's weak bound: a 9.9% gap where 0.2% is normal).
Every instance is made here, with one thread count. The other HiGHS user in the product, the
oversight pages' disclosure audit (`oversight.stats.disclosure`), asks for one thread too: it
once ran on the default and left the scheduler at another count ("the scheduler has already
been initialized to use 2 threads", seen in a test process after the authorization matrix).
A run we do not make could still do so, so a refused run resets the process's scheduler once
and runs again; a run refused twice raises. The engine never runs two HiGHS
models at once in one process (forces are solved in separate processes), so resetting the
scheduler cannot pull it from under another solve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Threads of every HiGHS instance: one, because sub-problems (districts, forces) are already
#: solved side by side and HiGHS's scheduler is one per process.
THREADS = 1


class HighsRunError(RuntimeError):
    """HiGHS refused to run a model (an option or model error, not a time limit)."""


def new_highs(*, time_limit_s: float | None = None, **options: float | int | bool) -> Any:
    """A silent HiGHS instance with the engine's thread count and the given options."""
    import highspy as _highspy

    highspy: Any = _highspy
    h: Any = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", THREADS)
    if time_limit_s is not None:
        h.setOptionValue("time_limit", max(0.05, float(time_limit_s)))
    for name, value in options.items():
        h.setOptionValue(name, value)
    return h


def run(h: Any, solve: Callable[[], Any] | None = None) -> Any:
    """Run ``h`` (or ``solve``, e.g. ``lambda: h.minimize(expr)``) and return its model status;
    a refused run resets the scheduler and runs once more, then raises :class:`HighsRunError`."""
    import highspy as _highspy

    highspy: Any = _highspy
    go = solve or h.run
    status = go()
    if status == highspy.HighsStatus.kError:
        highspy.Highs.resetGlobalScheduler(True)
        status = go()
    if status == highspy.HighsStatus.kError:
        raise HighsRunError(f"HiGHS could not run the model (model status {h.getModelStatus()}).")
    return h.getModelStatus()
