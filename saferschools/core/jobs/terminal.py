"""The command line's view of a job: a progress bar while it runs, then its outcome.

`saferschools job ... --wait` and the long commands' `--background --wait` use `wait_for_job`;
scripts get an exit status (0 finished, 1 failed, 2 cancelled) and, with --json, the result.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .models import Job

BAR = 30


def draw(job: Job, stream: TextIO, *, tty: bool) -> str:
    pct = job.percent
    filled = round(BAR * (pct or 0) / 100)
    bar = "#" * filled + "-" * (BAR - filled)
    best = ""
    if job.best_objective is not None:
        best = f"  best {job.best_objective:g}" + (f" gap {100 * job.gap:.1f}%" if job.gap else "")
    line = f"[{bar}] {'' if pct is None else f'{pct:3d}%'} {job.message[:60]}{best}"
    if tty:
        stream.write("\r" + line[:120].ljust(120))
    else:
        stream.write(line + "\n")
    stream.flush()
    return line


def wait_for_job(
    job_id: int, *, stream: TextIO | None = None, poll: float = 0.5, timeout: float | None = None
) -> Job:
    """Poll the job's row until it finishes, drawing a progress bar on ``stream``."""
    stream = stream or sys.stderr
    tty = stream.isatty()
    last = ""
    t0 = time.monotonic()
    while True:
        job = Job.objects.get(pk=job_id)
        key = f"{job.state}{job.percent}{job.message}{job.best_objective}"
        if key != last:
            draw(job, stream, tty=tty)
            last = key
        if job.is_finished:
            if tty:
                stream.write("\n")
            return job
        if timeout is not None and time.monotonic() - t0 > timeout:
            raise TimeoutError(f"job {job_id} still {job.state} after {timeout:.0f} s")
        time.sleep(poll)


def exit_code(job: Job) -> int:
    return {Job.State.SUCCEEDED: 0, Job.State.FAILED: 1, Job.State.CANCELLED: 2}.get(
        Job.State(job.state), 3
    )
