"""The front door's daily job: escalate unanswered public messages past their target to the
officer's sergeant (scheduled by beat; also `saferschools escalate-overdue`)."""

from __future__ import annotations

from typing import Any

from saferschools.core.jobs import JobOutcome, job_kind, system_only
from saferschools.core.progress import JobProgress


@job_kind(
    "frontdoor.escalate_overdue", title="Escalate overdue public messages", may_start=system_only
)
def escalate_overdue_job(progress: JobProgress, *, acting_user: Any) -> JobOutcome:
    from .services import public_messages_escalate_overdue

    progress.on_progress(0.1, "Looking for public messages past their reply target.")
    escalated = public_messages_escalate_overdue()
    return JobOutcome(
        summary=f"{len(escalated)} overdue public message(s) escalated.",
        data={"escalated": [m.request.reference for m in escalated]},
    )
