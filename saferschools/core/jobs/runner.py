"""Running one job: the worker side.

`run_job(job_id)` is what the queue's task calls (core/tasks.py). It marks the job running,
calls the registered function with a `DatabaseProgress`, stores the outcome, and tells the
person who started it. It is idempotent: a job that is no longer queued is left alone, so a
message the broker delivers twice runs the work once.
"""

from __future__ import annotations

import inspect
import logging
import math
import time
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone

from saferschools.core.progress import JobCancelled, JobProgress, ProgressReport
from saferschools.core.progress import gap as relative_gap

from .models import Job
from .registry import JobError, JobOutcome, get_kind

log = logging.getLogger(__name__)

#: progress lines kept on the job (the page shows them; older ones drop off)
LOG_LINES = 30


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


class DatabaseProgress(JobProgress):
    """A `JobProgress` that writes to the job's row (at most every ``interval`` seconds, and
    always for the first and last report) and reads its cancel flag (at most once a second)."""

    def __init__(self, job_id: int, *, interval: float = 0.5, stop_check: float = 1.0) -> None:
        self.job_id = job_id
        self.interval = interval
        self.stop_check = stop_check
        self._last_write = -math.inf
        self._last_check = -math.inf
        self._stop = False
        self._lines: list[str] = []
        self._pending: dict[str, Any] | None = None

    def report(self, update: ProgressReport) -> None:
        message, fraction = update.message, update.fraction
        fields: dict[str, Any] = {"message": message[:300]}
        if fraction is not None and math.isfinite(fraction):
            fields["progress"] = min(1.0, max(0.0, float(fraction)))
        best, bnd = _finite(update.best_objective), _finite(update.bound)
        if best is not None:
            fields["best_objective"] = best
            fields["bound"] = bnd
            fields["gap"] = relative_gap(best, bnd)
        if message and (not self._lines or self._lines[-1] != message):
            self._lines = (self._lines + [message[:300]])[-LOG_LINES:]
        fields["log"] = list(self._lines)
        self._pending = {**(self._pending or {}), **fields}
        now = time.monotonic()
        if now - self._last_write >= self.interval or fields.get("progress") == 1.0:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            Job.objects.filter(pk=self.job_id).update(**self._pending, updated_at=timezone.now())
            self._pending = None
            self._last_write = time.monotonic()

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self._stop and now - self._last_check >= self.stop_check:
            self._last_check = now
            self._stop = Job.objects.filter(pk=self.job_id, cancel_requested=True).exists()
        return self._stop


def _finish(job: Job, **fields: Any) -> None:
    fields["finished_at"] = timezone.now()
    for k, v in fields.items():
        setattr(job, k, v)
    job.save(update_fields=[*fields.keys(), "updated_at"])


def _tell_starter(job: Job) -> None:
    if job.started_by_id is None:
        return
    from saferschools.core.services import notify

    words = {
        Job.State.SUCCEEDED: "has finished",
        Job.State.FAILED: "has failed",
        Job.State.CANCELLED: "was cancelled",
    }[Job.State(job.state)]
    notify(
        recipients=[job.started_by],
        subject=f"{job.title} {words}",
        body=(job.result or {}).get("summary", "") if job.result else job.error[:500],
        link=f"/jobs/{job.pk}/",
        kind="info",
        topic=f"job.{job.state}",
    )


def run_job(job_id: int) -> Job | None:
    """Run the queued job ``job_id`` to its end; return it (None if it does not exist)."""
    if not connection.in_atomic_block:
        # A worker drops connections past their age; a job run eagerly inside a caller's
        # transaction (tests, CELERY_TASK_ALWAYS_EAGER) must keep the caller's connection.
        close_old_connections()
    updated = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    job = Job.objects.filter(pk=job_id).select_related("started_by").first()
    if job is None or not updated:
        return job
    progress = DatabaseProgress(job.pk)
    try:
        if job.cancel_requested:
            raise JobCancelled("Cancelled before it started.")
        kind = get_kind(job.kind)
        progress.on_progress(0.0, "Started.")
        extra = {"job_id": job.pk} if "job_id" in inspect.signature(kind.run).parameters else {}
        outcome = kind.run(progress, acting_user=job.started_by, **job.params, **extra)
        if not isinstance(outcome, JobOutcome):
            raise TypeError(f"job {job.kind} returned {type(outcome).__name__}, not JobOutcome")
    except JobCancelled as exc:
        progress.flush()
        job.refresh_from_db()
        _finish(job, state=Job.State.CANCELLED, error=str(exc) or "Cancelled.")
    except JobError as exc:
        progress.flush()
        job.refresh_from_db()
        _finish(
            job,
            state=Job.State.FAILED,
            error=str(exc),
            result={"problems": exc.problems, **exc.data} if exc.problems or exc.data else None,
        )
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        progress.flush()
        job.refresh_from_db()
        _finish(
            job,
            state=Job.State.FAILED,
            error=f"The job stopped with an unexpected error ({type(exc).__name__}: {exc}).",
        )
    else:
        progress.flush()
        job.refresh_from_db()
        gap = outcome.gap
        if gap is None:
            gap = relative_gap(outcome.objective, outcome.bound)
        _finish(
            job,
            state=Job.State.SUCCEEDED,
            progress=1.0,
            message=outcome.summary[:300],
            result={
                "summary": outcome.summary,
                "status": outcome.status,
                "objective": _finite(outcome.objective),
                "bound": _finite(outcome.bound),
                "gap": _finite(gap),
                **outcome.data,
            },
            result_url=outcome.url,
            best_objective=_finite(outcome.objective)
            if outcome.objective is not None
            else job.best_objective,
            bound=_finite(outcome.bound) if outcome.objective is not None else job.bound,
            gap=_finite(gap) if outcome.objective is not None else job.gap,
        )
    _tell_starter(job)
    return job
