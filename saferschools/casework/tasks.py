"""Casework's daily jobs (scheduled by beat, see settings CELERY_BEAT_SCHEDULE; each is also a
command): overdue referrals alerted, records due for retention review listed."""

from __future__ import annotations

from typing import Any

from saferschools.core.jobs import JobOutcome, scheduled_job, swept
from saferschools.core.progress import JobProgress


@scheduled_job("casework.alerts_overdue", title="Alert overdue referrals")
def alerts_overdue_job(progress: JobProgress, *, acting_user: Any) -> JobOutcome:
    from .services import referrals_alert_overdue

    progress.on_progress(0.1, "Looking for referrals past their response date.")
    return swept(referrals_alert_overdue(), "{n} overdue referral(s) alerted.", "alerted")


@scheduled_job("casework.review_due", title="Records due for retention review")
def review_due_job(progress: JobProgress, *, acting_user: Any) -> JobOutcome:
    """Lists (never deletes: that is a person's decision, `review-due --apply`) and tells the
    system administrators how many records are due."""
    from django.contrib.auth import get_user_model

    from saferschools.accounts.choices import Role
    from saferschools.core.services import notify

    from .retention import records_due

    progress.on_progress(0.1, "Finding records past their review date.")
    due = records_due()
    if due:
        admins = get_user_model().objects.filter(role=Role.SYSADMIN, is_active=True)
        notify(
            recipients=admins,
            subject=f"{len(due)} record(s) are due for retention review",
            body="Review them with `saferschools review-due`; nothing is deleted until you do.",
            kind="task",
            topic="retention.review_due",
        )
    by_kind: dict[str, int] = {}
    for d in due:
        by_kind[d.record_type] = by_kind.get(d.record_type, 0) + 1
    return JobOutcome(summary=f"{len(due)} record(s) due for review.", data={"due": by_kind})
