"""Operation Encompass's scheduled job: escalate notifications not acknowledged in time
(scheduled hourly by beat; also `saferschools encompass-escalate`)."""

from __future__ import annotations

from typing import Any

from saferschools.core.jobs import JobOutcome, scheduled_job, swept
from saferschools.core.progress import JobProgress


@scheduled_job("encompass.escalate", title="Escalate unacknowledged Encompass notifications")
def escalate_job(progress: JobProgress, *, acting_user: Any) -> JobOutcome:
    from .services import notifications_escalate

    progress.on_progress(0.1, "Looking for notifications not acknowledged in time.")
    late = notifications_escalate()
    return swept(late, "{n} unacknowledged notification(s) escalated.", "escalated")


@scheduled_job("encompass.review_due", title="Delete Operation Encompass records due for review")
def review_due_job(progress: JobProgress, *, acting_user: Any) -> JobOutcome:
    from .retention import review_due

    progress.on_progress(0.1, "Looking for Encompass records past their review date.")
    deleted = review_due(apply=True)
    return swept(deleted, "{n} Operation Encompass incident(s) deleted at review.", "deleted")
