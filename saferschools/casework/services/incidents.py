"""Incidents and their police outcome.

Business rules: only police record a police outcome (whoever records the incident); an arrest
or criminal-justice outcome on school premises is flagged for the sergeant's review and the
sergeant told; a sergeant or the inspector records that review.
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
from saferschools.core.recipients import sergeant_user
from saferschools.core.records import tracked_create, versioned_update
from saferschools.core.services import notify

from .. import permissions
from ..models import Incident, YoungPerson
from .records import UpdateRule, update_rule


def _flag_incident(incident: Incident) -> None:
    if incident.sergeant_review_required and incident.reviewed_at is None:
        school = incident.school
        notify(
            recipients=[sergeant_user(school)],
            subject=f"For review: {incident.get_outcome_display().lower()} of a child on the "
            f"premises of {school.name}",
            link=reverse("casework:incident_detail", args=[incident.pk]),
            kind=Notification.Kind.TASK,
            topic="casework.incident_review",
        )


def incident_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    occurred_at: dt.datetime,
    reported_by: str,
    category: str,
    description: str,
    childs_words: str = "",
    on_school_premises: bool = True,
    outcome: str = "pending",
    outcome_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
    notify_people: bool = True,
) -> Incident:
    """Record an incident; an arrest or charge on school premises goes to the sergeant."""
    permissions.require_write(acting_user, "incident")
    permissions.require_school(acting_user, young_person.school_id)
    if outcome != "pending":
        permissions.require_police_outcome(acting_user)
    incident = Incident(
        young_person=young_person,
        occurred_at=occurred_at,
        reported_by=reported_by,
        category=category,
        description=description,
        childs_words=childs_words,
        on_school_premises=on_school_premises,
        outcome=outcome,
        outcome_at=outcome_at or (timezone.now() if outcome != "pending" else None),
        is_synthetic=is_synthetic,
    )
    incident.snapshot(young_person, timezone.localdate(occurred_at))
    with transaction.atomic():
        tracked_create(
            incident, acting_user=acting_user, request=request, purpose="Recording an incident"
        )
        if notify_people:
            _flag_incident(incident)
    return incident


def _outcome_by_police(acting_user: Any, incident: Incident, changes: dict[str, Any]) -> None:
    """Only police change the police outcome; the change stamps when it was recorded."""
    if "outcome" in changes and changes["outcome"] != incident.outcome:
        permissions.require_police_outcome(acting_user)
        changes.setdefault("outcome_at", timezone.now())


update_rule(
    Incident,
    UpdateRule(
        purpose="Updating an incident",
        prepare=_outcome_by_police,
        watch=lambda incident: incident.sergeant_review_required,
        then=lambda acting_user, incident, request: _flag_incident(incident),
    ),
)


def incident_review(
    *, acting_user: Any, incident: Incident, version: Any, request: HttpRequest | None = None
) -> Incident:
    """A sergeant (or the inspector) records that they reviewed a flagged outcome."""
    permissions.require_review(acting_user)
    with transaction.atomic():
        versioned_update(incident, expected_version=version, changes={})
        now = timezone.now()
        Incident.all_objects.filter(pk=incident.pk).update(reviewed_by=acting_user, reviewed_at=now)
        incident.reviewed_by, incident.reviewed_at = acting_user, now
        audit_record(
            user=acting_user,
            action="change",
            obj=incident,
            purpose="Sergeant's review of a police outcome",
            request=request,
        )
    return incident
