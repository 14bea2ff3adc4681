"""The command line's view of a job: a progress bar while it runs, then its outcome.

`saferschools job ... --wait` and the long commands' `--background --wait` use `wait_for_job`;
scripts get an exit status (0 finished, 1 failed, 2 cancelled) and, with --json, the result.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

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


BACKGROUND_HELP = "run it as a background job on the worker and print the job's number"
WAIT_HELP = (
    "run it as a background job and wait for it with a progress bar (exit status 0 when it "
    "finished, 1 when it failed, 2 when cancelled): synchronous, for scripts"
)


def add_background_arguments(parser: Any) -> None:
    """`--background` and `--wait` for a long command (see `run_in_background`)."""
    parser.add_argument("--background", action="store_true", help=BACKGROUND_HELP)
    parser.add_argument("--wait", action="store_true", help=WAIT_HELP)


def run_in_background(
    command: Any, *, kind: str, params: dict[str, Any], wait: bool, title: str = ""
) -> Job | None:
    """Queue ``kind`` as a job for the worker. Without ``wait`` print its number and return
    None; with it, draw a progress bar until it ends, print the outcome, and return the job
    when it finished (raise `CommandError`/`SystemExit` when it failed or was cancelled)."""
    from django.core.management.base import CommandError

    from .services import job_start

    job = job_start(kind=kind, params=params, acting_user=None, title=title)
    if not wait:
        command.stdout.write(
            f"Job {job.pk} queued: {job.title}. Follow it with `saferschools job show {job.pk} "
            f"--wait` or at /jobs/{job.pk}/."
        )
        return None
    job = wait_for_job(job.pk, stream=getattr(command.stderr, "_out", None))
    summary = (job.result or {}).get("summary", "")
    if job.state == Job.State.SUCCEEDED:
        command.stdout.write(f"Job {job.pk}: {summary}")
        return job
    problems = "".join(f"\n  - {p}" for p in (job.result or {}).get("problems", [])[:30])
    if job.state == Job.State.CANCELLED:
        command.stderr.write(f"Job {job.pk} was cancelled. {job.error}")
        raise SystemExit(2)
    raise CommandError(f"Job {job.pk} failed: {job.error}{problems}")
