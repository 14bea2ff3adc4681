"""Referrals and signposting.

Business rules: a referral is made with the child's or a parent's consent, or with who
overrode its absence (the acting user) and why; a response stamps the day it came; an overdue
referral alerts the named officer and sergeant once, and that alert is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.core.models import Notification
from saferschools.core.recipients import named_officer_user, sergeant_user
from saferschools.core.services import notify

from ..choices import Consent, ReferralService, ReferralStatus
from ..models import Concern, Referral, Search, YoungPerson
from .records import UpdateRule, record_create, update_rule


def referral_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    service: str,
    reason: str,
    made_on: dt.date,
    due_date: dt.date,
    consent: str,
    consent_override_reason: str = "",
    concern: Concern | None = None,
    search: Search | None = None,
    status: str = "made",
    responded_on: dt.date | None = None,
    outcome: str = "",
    childs_words: str = "",
    automatic: bool = False,
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> Referral:
    """Record a referral: with consent, or with who overrode its absence (the acting user) and
    why."""
    overridden = consent not in (Consent.CHILD, Consent.PARENT)
    obj = Referral(
        young_person=young_person,
        service=service,
        reason=reason,
        made_on=made_on,
        due_date=due_date,
        consent=consent,
        consent_override_reason=consent_override_reason if overridden else "",
        consent_override_by=acting_user if overridden else None,
        concern=concern,
        search=search,
        status=status,
        responded_on=responded_on,
        outcome=outcome,
        childs_words=childs_words,
        automatic=automatic,
        is_synthetic=is_synthetic,
    )
    return record_create(
        obj,
        acting_user=acting_user,
        request=request,
        purpose="Recording a referral"
        if not automatic
        else "Automatic referral after a strip search",
        details={"prevent": service == ReferralService.PREVENT} if not automatic else None,
    )


def _consent_and_response(acting_user: Any, referral: Referral, changes: dict[str, Any]) -> None:
    """Whoever changes the consent to none (or its reason) is the one who overrode it; consent
    clears the override. A referral no longer "made" has had a response: today, unless given."""
    consent = changes.get("consent", referral.consent)
    if consent not in (Consent.CHILD, Consent.PARENT):
        if changes.get("consent_override_reason") or "consent" in changes:
            changes["consent_override_by"] = acting_user
    else:
        changes.update(consent_override_by=None, consent_override_reason="")
    if changes.get("status", referral.status) != ReferralStatus.MADE and not (
        changes.get("responded_on") or referral.responded_on
    ):
        changes["responded_on"] = timezone.localdate()


update_rule(Referral, UpdateRule(purpose="Updating a referral", prepare=_consent_and_response))


def referrals_alert_overdue(*, today: dt.date | None = None) -> list[Referral]:
    """Tell the named officer and sergeant of each overdue referral, once per referral; the
    alert (a change to the referral, made by the system) is audited with it."""
    today = today or timezone.localdate()
    due = Referral.objects.filter(
        status=ReferralStatus.MADE, due_date__lt=today, overdue_alerted_at__isnull=True
    ).select_related(
        "young_person__school__named_assignment__officer__user",
        "young_person__school__named_assignment__officer__sergeant__user",
    )
    alerted = []
    for referral in due:
        with transaction.atomic():
            now = timezone.now()
            n = Referral.objects.filter(pk=referral.pk, overdue_alerted_at__isnull=True).update(
                overdue_alerted_at=now
            )
            if n != 1:
                continue
            referral.overdue_alerted_at = now
            school = referral.young_person.school
            recipients = [named_officer_user(school), sergeant_user(school)]
            audit_record(
                user=None,
                username="system",
                action="change",
                obj=referral,
                purpose="Alerting the named officer and sergeant to an overdue referral",
                details={
                    "overdue_alerted_at": now.isoformat(),
                    "due_date": referral.due_date.isoformat(),
                    "told": sorted(u.pk for u in recipients if u is not None),
                },
            )
            notify(
                recipients=recipients,
                subject=f"Overdue referral to {referral.get_service_display()} for a pupil at "
                f"{school.name}",
                body=f"A response was due by {referral.due_date:%d %B %Y}.",
                link=reverse("casework:referral_detail", args=[referral.pk]),
                kind=Notification.Kind.ALERT,
                topic="casework.referral_overdue",
            )
            alerted.append(referral)
    return alerted
