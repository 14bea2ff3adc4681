"""Reading jobs: a person sees the jobs they started; an administrator sees every job."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Job
from .services import _is_admin


def jobs_for(*, user: Any) -> QuerySet[Job]:
    qs = Job.objects.select_related("started_by")
    if _is_admin(user):
        return qs
    return qs.filter(started_by=user)


def job_status(job: Job) -> dict[str, Any]:
    """The small JSON the job page polls (no child's words: jobs never hold them)."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "state": job.state,
        "state_label": job.get_state_display(),
        "finished": job.is_finished,
        "progress": job.progress,
        "percent": job.percent,
        "message": job.message,
        "log": job.log[-10:],
        "best_objective": job.best_objective,
        "bound": job.bound,
        "gap": job.gap,
        "result": job.result,
        "result_url": job.result_url,
        "error": job.error,
        "cancel_requested": job.cancel_requested,
        "seconds": job.seconds,
    }
