"""The audit log's scheduled work: sealing pending read entries into the chain (every minute,
`config/settings/base.py` CELERY_BEAT_SCHEDULE; also `saferschools job run accounts.audit_seal`)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from saferschools.core.jobs import JobError, JobOutcome, job_kind, system_only
from saferschools.core.progress import JobProgress


@job_kind(
    "accounts.audit_seal", title="Seal read entries into the audit chain", may_start=system_only
)
def audit_seal_job(progress: JobProgress, *, acting_user: Any, job_id: int = 0) -> JobOutcome:
    """Move every pending read entry into the hash chain (`audit.seal_pending`)."""
    from .audit import seal_pending

    progress.on_progress(0.0, "Sealing read entries into the audit chain.")
    report = seal_pending()
    if not report.ok:
        raise JobError(
            f"Pending audit entry id {report.tampered.pk if report.tampered else '?'} was "
            f"changed after it was written: sealing stopped before it ({report.sealed} sealed). "
            "Run verify-audit and investigate.",
            data=report.as_dict(),
        )
    return JobOutcome(
        summary=f"{report.sealed} read entries sealed; {report.pending} pending.",
        data=report.as_dict(),
    )


@shared_task(name="saferschools.audit_seal", ignore_result=True)
def audit_seal_task() -> None:
    """Beat's every-minute seal. Not recorded as a `Job` (1,440 rows a day would bury the
    jobs that people start); a tampered entry is logged at ERROR and fails verify-audit."""
    from .audit import seal_pending

    seal_pending()
