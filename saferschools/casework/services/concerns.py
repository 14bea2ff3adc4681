"""Safeguarding concerns: recording (and telling people), changing, closing.

Business rules: a new concern tells the school's safeguarding lead(s) and the named officer at
once; 3+ concerns in 90 days, or a risk level higher than the previous concern's, alerts the
named officer and their sergeant; a concern is closed only with the child's words, or why their
view could not be had (the model's rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.core.models import Notification
from saferschools.core.recipients import named_officer_user, safeguarding_leads, sergeant_user
from saferschools.core.services import notify

from ..choices import ConcernStatus
from ..models import Concern, YoungPerson
from .records import UpdateRule, record_create, record_update, update_rule
from .young_people import young_person_link


def concern_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    category: str,
    raised_by: str,
    raised_at: dt.datetime,
    risk_level: int,
    details: str,
    childs_words: str = "",
    child_view_not_obtained: str = "",
    peers: Iterable[YoungPerson] = (),
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
    notify_people: bool = True,
) -> Concern:
    """Record a concern; tell the school's DSL(s) and the named officer; raise pattern alerts."""
    concern = Concern(
        young_person=young_person,
        category=category,
        raised_by=raised_by,
        raised_at=raised_at,
        risk_level=risk_level,
        details=details,
        childs_words=childs_words,
        child_view_not_obtained=child_view_not_obtained,
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        record_create(
            concern,
            acting_user=acting_user,
            request=request,
            purpose="Recording a safeguarding concern",
        )
        peer_list = [p for p in peers if p.pk != young_person.pk]
        if peer_list:
            concern.peers.set(peer_list)
            for p in peer_list:
                young_person_link(
                    acting_user=acting_user,
                    young_person=young_person,
                    other=p,
                    kind="peer",
                    concern=concern,
                    request=request,
                )
        if notify_people:
            school = young_person.school
            link = reverse("casework:young_person_detail", args=[young_person.pk])
            notify(
                recipients=[*safeguarding_leads(school), named_officer_user(school)],
                subject=f"New {concern.get_category_display().lower()} concern about a pupil "
                f"at {school.name}",
                body=f"Risk level: {concern.get_risk_level_display()}.",
                link=link,
                kind=Notification.Kind.TASK,
                topic="casework.concern_new",
            )
            _pattern_alerts(concern, link)
    return concern


def _pattern_alerts(concern: Concern, link: str) -> None:
    from ..selectors import concern_alerts

    school = concern.young_person.school
    for alert in concern_alerts(concern.young_person, as_of=concern):
        notify(
            recipients=[named_officer_user(school), sergeant_user(school)],
            subject=alert.title,
            body=alert.text,
            link=link,
            kind=Notification.Kind.ALERT,
            topic=f"casework.{alert.code}",
        )


def _closing_stamps(acting_user: Any, concern: Concern, changes: dict[str, Any]) -> None:
    """Closing stamps who closed the concern and when; reopening clears both."""
    if changes.get("status") == ConcernStatus.CLOSED and concern.status != ConcernStatus.CLOSED:
        changes.setdefault("closed_at", timezone.now())
        changes.setdefault("closed_by", acting_user)
    if changes.get("status") == ConcernStatus.OPEN:
        changes.update(closed_at=None, closed_by=None)


update_rule(Concern, UpdateRule(purpose="Updating a safeguarding concern", prepare=_closing_stamps))


def concern_close(
    *,
    acting_user: Any,
    concern: Concern,
    version: Any,
    closing_summary: str = "",
    childs_words: str | None = None,
    child_view_not_obtained: str | None = None,
    request: HttpRequest | None = None,
) -> Concern:
    """Close a concern: only with the child's words, or why their view could not be had."""
    changes: dict[str, Any] = {"status": ConcernStatus.CLOSED, "closing_summary": closing_summary}
    if childs_words is not None:
        changes["childs_words"] = childs_words
    if child_view_not_obtained is not None:
        changes["child_view_not_obtained"] = child_view_not_obtained
    return record_update(
        acting_user=acting_user, obj=concern, version=version, changes=changes, request=request
    )
