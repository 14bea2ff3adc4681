"""Writes for the front door: record, audit, notify (on commit).

Business rules:
- a public message becomes an engagement `SchoolRequest` (source PUBLIC) in the inbox of the
  officer who answers for the school that day: the cover officer while one covers it, else
  the named officer. The sender gets its reference and the time to expect a reply;
- a public message not answered by its target time is escalated to that officer's sergeant
  (or, with no sergeant, to the programme's inspectors) once, and the escalation is recorded;
- survey answers are anonymous: nothing about the person or device is stored;
- only an inspector (the programme lead) approves a resource version; approving one
  supersedes the version before it; deliveries are of approved versions at schools in scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.models import Notification
from saferschools.core.records import audited_create
from saferschools.core.services import notify
from saferschools.engagement.choices import RequestSource, RequestStatus, RequestTopic
from saferschools.engagement.services import RequestContent, Requester, public_request_receive

from . import permissions, selectors
from .choices import WORRIES, Sender, VersionStatus
from .models import PublicMessage, Resource, ResourceDelivery, ResourceVersion, SurveyResponse

TOPIC_BY_SENDER = {
    Sender.YOUNG_PERSON: RequestTopic.SAFEGUARDING,
    Sender.PARENT: RequestTopic.SAFEGUARDING,
    Sender.TEACHER: RequestTopic.ADVICE,
}

# ---------------------------------------------------------------- public messages


def public_message_send(
    *,
    school: Any,
    sender: str,
    message: str,
    reply_email: str = "",
    reply_phone: str = "",
    name: str = "",
    high_volume: bool = False,
    request: HttpRequest | None = None,
) -> PublicMessage:
    """Put a message from the public form in the answering officer's inbox.

    `high_volume`: the school's form is past its hourly count. The message is delivered all
    the same (a flood must never silence a school); it is marked, and the first such message
    in the hour alerts the inspectors and is written to the audit log as flagged."""
    if not (reply_email or reply_phone):
        raise ValidationError("Give an email address or phone number so we can reply.")
    officer, is_cover = selectors.responsible_officer(school)
    recipient = officer.user if officer is not None and officer.user_id else None
    with transaction.atomic():
        school_request = public_request_receive(
            content=RequestContent(
                school=school,
                topic=TOPIC_BY_SENDER[Sender(sender)],
                subject=f"Message from {Sender(sender).label.lower()} (ask for help form)",
                message=message,
            ),
            requester=Requester(name=name, email=reply_email, phone=reply_phone),
            request=request,
            notify_users=[recipient] if recipient is not None else [],
        )
        first_flagged = (
            high_volume
            and not PublicMessage.objects.filter(
                high_volume=True,
                request__school=school,
                request__created_at__gte=timezone.now() - dt.timedelta(hours=1),
            ).exists()
        )
        msg = PublicMessage.objects.create(
            request=school_request,
            sender=sender,
            routed_to=officer,
            routed_as_cover=is_cover,
            high_volume=high_volume,
        )
        if first_flagged:
            _alert_high_volume(school, school_request, officer, request)
        if recipient is None:
            # Nobody to tell at the school: the sergeants' inspector must still see it.
            notify(
                recipients=_inspectors(),
                subject=f"Public message {school_request.reference} for {school.name} has no "
                "officer to answer it",
                body="The school has no named or cover officer with an account.",
                link=reverse("engagement:request_detail", args=[school_request.pk]),
                kind=Notification.Kind.ALERT,
                topic="frontdoor.message_unrouted",
            )
    return msg


def _alert_high_volume(
    school: Any, school_request: Any, officer: Any, request: HttpRequest | None
) -> None:
    """Tell the inspectors and the answering officer's sergeant, once per hour per school."""
    sergeant = getattr(getattr(officer, "sergeant", None), "user", None)
    audit_record(
        user=None,
        username="system",
        action="alert",
        obj=school,
        outcome="flagged",
        request=request,
        details={"topic": "frontdoor.high_volume", "first_request": school_request.reference},
    )
    notify(
        recipients=[*_inspectors(), *([sergeant] if sergeant is not None else [])],
        subject=f"Unusually many public messages for {school.name}",
        body="The school's ask-for-help form has passed its hourly count. Messages are still "
        "delivered (each is marked); check them for abuse or a flood from a few senders.",
        link=reverse("engagement:request_detail", args=[school_request.pk]),
        kind=Notification.Kind.ALERT,
        topic="frontdoor.high_volume",
    )


def _inspectors() -> list[User]:
    return list(User.objects.filter(role=Role.INSPECTOR, is_active=True))


def public_messages_escalate_overdue(*, now: dt.datetime | None = None) -> list[PublicMessage]:
    """Tell the sergeant of each public message past its target with no reply (once each)."""
    now = now or timezone.now()
    candidates = (
        PublicMessage.objects.filter(
            escalated_at__isnull=True,
            request__source=RequestSource.PUBLIC,
            request__first_response_at__isnull=True,
            request__deleted_at__isnull=True,
        )
        .exclude(request__status=RequestStatus.CLOSED)
        .select_related("request__school", "routed_to__sergeant__user")
    )
    escalated: list[PublicMessage] = []
    for msg in candidates:
        req = msg.request
        if req.due_at > now:
            continue
        officer = msg.routed_to or selectors.named_officer(req.school)
        sergeant = officer.sergeant if officer is not None else None
        if sergeant is None:
            named = selectors.named_officer(req.school)
            sergeant = named.sergeant if named is not None else None
        to = [sergeant.user] if sergeant is not None and sergeant.user_id else _inspectors()
        with transaction.atomic():
            # Claim it first, so two runs at once cannot both escalate it.
            claimed = PublicMessage.objects.filter(pk=msg.pk, escalated_at__isnull=True).update(
                escalated_at=now, escalated_to=to[0] if to else None
            )
            if not claimed:
                continue
            notify(
                recipients=to,
                subject=f"Overdue: public message {req.reference} for {req.school.name} has "
                "had no reply",
                body=f"It was due a reply by {timezone.localtime(req.due_at):%d %b %Y %H:%M}. "
                "Make sure someone answers it.",
                link=reverse("engagement:request_detail", args=[req.pk]),
                kind=Notification.Kind.ALERT,
                topic="frontdoor.message_overdue",
            )
            audit_record(
                user=None,
                action="alert",
                obj=req,
                purpose="Escalating an unanswered public message",
                details={"to": [u.pk for u in to]},
            )
        msg.escalated_at = now
        escalated.append(msg)
    return escalated


# ---------------------------------------------------------------- survey


def survey_response_record(
    *,
    school: Any,
    safe_in_school: str,
    safe_around_school: str,
    know_officer: str,
    would_talk: str,
    worries: list[str] | tuple[str, ...] = (),
    answered_on: dt.date | None = None,
    is_synthetic: bool = False,
) -> SurveyResponse:
    """Record one anonymous answer (no person, no device, no free text: no audit entry)."""
    unknown = set(worries) - set(WORRIES)
    if unknown:
        raise ValidationError(f"Unknown worries: {sorted(unknown)}")
    obj = SurveyResponse(
        school=school,
        answered_on=answered_on or timezone.localdate(),
        safe_in_school=safe_in_school,
        safe_around_school=safe_around_school,
        know_officer=know_officer,
        would_talk=would_talk,
        is_synthetic=is_synthetic,
        **{w: (w in worries) for w in WORRIES},
    )
    obj.full_clean()
    obj.save()
    return obj


# ---------------------------------------------------------------- resources


def resource_create(
    *,
    acting_user: Any,
    title: str,
    topic: str,
    summary: str = "",
    age_min: int,
    age_max: int,
    content: str,
    link: str = "",
    request: HttpRequest | None = None,
) -> ResourceVersion:
    """A new resource with its first (draft) version."""
    permissions.require(acting_user, permissions.RESOURCE_DRAFT_ROLES, "write resources")
    with transaction.atomic():
        resource = Resource(title=title, topic=topic, summary=summary, created_by=acting_user)
        resource.full_clean()
        resource.save()
        return resource_version_create(
            acting_user=acting_user,
            resource=resource,
            age_min=age_min,
            age_max=age_max,
            content=content,
            link=link,
            change_note="First version",
            request=request,
        )


def resource_version_create(
    *,
    acting_user: Any,
    resource: Resource,
    age_min: int,
    age_max: int,
    content: str,
    link: str = "",
    change_note: str = "",
    request: HttpRequest | None = None,
) -> ResourceVersion:
    """A new draft version; it reaches schools only once an inspector approves it."""
    permissions.require(acting_user, permissions.RESOURCE_DRAFT_ROLES, "write resources")
    with transaction.atomic():
        last = (
            ResourceVersion.objects.select_for_update()
            .filter(resource=resource)
            .aggregate(n=Max("number"))["n"]
        )
        version = ResourceVersion(
            resource=resource,
            number=(last or 0) + 1,
            age_min=age_min,
            age_max=age_max,
            content=content,
            link=link,
            change_note=change_note,
            created_by=acting_user,
        )
        version.full_clean()
        audited_create(
            version, acting_user=acting_user, purpose="Drafting a resource version", request=request
        )
        notify(
            recipients=[u for u in _inspectors() if u.pk != getattr(acting_user, "pk", None)],
            subject=f"Resource to approve: {version}",
            link=reverse("frontdoor_staff:resource_detail", args=[resource.pk]),
            kind=Notification.Kind.TASK,
            topic="frontdoor.resource_draft",
        )
    return version


def resource_approve(
    *, acting_user: Any, version: ResourceVersion, request: HttpRequest | None = None
) -> ResourceVersion:
    """The programme lead approves a draft; the approved version before it is superseded."""
    permissions.require(acting_user, permissions.RESOURCE_APPROVE_ROLES, "approve resources")
    with transaction.atomic():
        version = ResourceVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise ValidationError("Only a draft can be approved.")
        ResourceVersion.objects.filter(
            resource_id=version.resource_id, status=VersionStatus.APPROVED
        ).update(status=VersionStatus.SUPERSEDED)
        version.status = VersionStatus.APPROVED
        version.approved_at = timezone.now()
        version.approved_by = acting_user
        version.save(update_fields=["status", "approved_at", "approved_by"])
        audit_record(
            user=acting_user,
            action="change",
            obj=version,
            purpose="Approving a resource version for schools",
            request=request,
            details={"status": "approved"},
        )
    return version


def resource_delivery_record(
    *,
    acting_user: Any,
    version: ResourceVersion,
    school: Any,
    delivered_on: dt.date,
    audience: int | None = None,
    session: Any = None,
    request: HttpRequest | None = None,
) -> ResourceDelivery:
    """Record that an approved version was delivered at a school in the officer's scope."""
    permissions.require(acting_user, permissions.DELIVERY_ROLES, "record deliveries")
    if not schools_visible_to(acting_user).filter(pk=school.pk).exists():
        raise PermissionDenied("That school is not one of yours.")
    if version.status == VersionStatus.DRAFT:
        raise ValidationError("Only an approved version can be delivered.")
    if session is not None and session.school_id != school.pk:
        raise ValidationError("That session was at another school.")
    if delivered_on > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")
    obj = ResourceDelivery(
        version=version,
        school=school,
        delivered_on=delivered_on,
        audience=audience,
        session=session,
        delivered_by=acting_user,
    )
    obj.full_clean()
    return audited_create(
        obj,
        acting_user=acting_user,
        purpose="Recording a resource delivered at a school",
        request=request,
    )
