"""Core's own job kind: the daily e-mail digest of alerts (scheduled by beat at 7am)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from saferschools.core.jobs.registry import JobOutcome, job_kind, system_only
from saferschools.core.progress import JobProgress


@job_kind("core.alerts_digest", title="Daily e-mail digest of alerts", may_start=system_only)
def alerts_digest_job(progress: JobProgress, *, acting_user: Any) -> JobOutcome:
    """One e-mail per person who chose a daily digest, listing the alerts since the last one
    (subjects and links only)."""
    from saferschools.core.messaging.services import alerts_digest_send
    from saferschools.core.models import Notification

    users = (
        get_user_model()
        .objects.filter(is_active=True, notifications__digest_pending=True)
        .distinct()
    )
    sent = 0
    for user in users:
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, digest_pending=True)
                .order_by("created_at")
            )
            if pending and user.email:
                alerts_digest_send(user=user, notifications=pending)
                sent += 1
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digest_pending=False)
    return JobOutcome(summary=f"{sent} digest e-mail(s) sent.", data={"sent": sent})
