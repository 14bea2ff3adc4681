"""Background jobs (the mechanism; each app registers its own kinds in its `tasks.py`).

    from saferschools.core.jobs import JobOutcome, job_kind

    @job_kind("rostering.generate", title="Roster")
    def roster_job(progress, *, acting_user, start, weeks):
        ...
        return JobOutcome(summary="Roster 12 saved", url="/roster/12/", data={...})

`services.job_start(kind=..., params=..., acting_user=...)` records a `Job` and queues it;
a worker runs it (`runner.run_job`) with a `JobProgress` that writes to the row. See
docs/decisions/120-task-queue.md and 121-job-progress-interface.md.
"""

from __future__ import annotations

from .registry import (
    JobError,
    JobKind,
    JobOutcome,
    get_kind,
    job_kind,
    kinds,
    scheduled_job,
    swept,
    system_only,
)

__all__ = [
    "JobError",
    "JobKind",
    "JobOutcome",
    "get_kind",
    "job_kind",
    "kinds",
    "scheduled_job",
    "swept",
    "system_only",
]
