"""Starting and cancelling jobs (services write; see selectors.py for reading)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..fields import stamp_of
from .models import Job
from .registry import JobError, get_kind


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "is_staff", False))


def job_start(
    *,
    kind: str,
    acting_user: Any,
    params: dict[str, Any] | None = None,
    title: str = "",
) -> Job:
    """Record a job of ``kind`` and queue it for a worker once this transaction commits.

    ``params`` must be JSON-able (ids and dates as strings); they are passed to the job
    function as keyword arguments. The job function runs the domain service, which enforces
    the domain's own permission rules for ``acting_user``; `may_start` is checked here too.
    """
    job_kind = get_kind(kind)
    # ``acting_user=None`` is the system itself (the schedule, the server's command line).
    if (
        acting_user is not None
        and job_kind.may_start is not None
        and not job_kind.may_start(acting_user)
    ):
        raise PermissionDenied(f"You may not start {job_kind.title.lower()} jobs.")
    job = Job.objects.create(
        kind=kind,
        title=(title or job_kind.title)[:200],
        params=params or {},
        started_by=stamp_of(acting_user),
        task_id=str(uuid.uuid4()),
        message="Waiting for a worker to start it.",
    )
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        # Eager mode (tests, or CELERY_TASK_ALWAYS_EAGER=1 for debugging): run it now, in
        # this process, as the queue would.
        enqueue(job)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: enqueue(job))
    return job


def enqueue(job: Job) -> None:
    """Hand the job to the queue (the worker calls `runner.run_job`)."""
    from saferschools.core.tasks import run_job_task

    run_job_task.apply_async((job.pk,), task_id=job.task_id or None)


def job_cancel(*, job: Job, acting_user: Any) -> Job:
    """Ask ``job`` to stop. A queued job is cancelled at once; a running one stops at its next
    check (between districts, files or messages) and keeps what it finished."""
    if job.started_by_id != getattr(acting_user, "pk", None) and not _is_admin(acting_user):
        raise PermissionDenied(
            "Only the person who started a job, or an administrator, can stop it."
        )
    if job.is_finished:
        raise JobError("This job has already finished.")
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(cancel_requested=True, updated_at=timezone.now())
        Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
            state=Job.State.CANCELLED,
            error="Cancelled before it started.",
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def job_run_now(*, job: Job) -> Job:
    """Run a queued job in this process (the command line's `--inline`, and tests)."""
    from .runner import run_job

    return run_job(job.pk) or job


def jobs_mark_interrupted() -> int:
    """Mark jobs left running by a worker that stopped (embedded queue: one worker) as failed,
    with words saying what happened. Returns how many."""
    return Job.objects.filter(state=Job.State.RUNNING).update(
        state=Job.State.FAILED,
        error="Interrupted: the worker stopped before this job finished. Start it again.",
        finished_at=timezone.now(),
    )
