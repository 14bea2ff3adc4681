"""Writes to engagement: record, audit, notify (on commit).

Business rules: a new school request tells the school's named officer at once (and urgent ones
their sergeant too); the first reply from the police stamps the response time, measured from
receipt against the target (24 hours urgent, 72 hours normal).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.scope import schools_visible_to
from saferschools.casework.records import TrackedRecord
from saferschools.casework.services import named_officer_user, sergeant_user
from saferschools.casework.tracking import tracked_create, tracked_update
from saferschools.core.models import Notification
from saferschools.core.services import notify

from . import access
from .choices import RequestPriority, RequestSource, RequestStatus
from .models import RequestMessage, SchoolContact, SchoolRequest, Session, YouthActivity


def _check(user: Any, kind: str, school: Any) -> None:
    if not access.can_write(user, kind):
        raise PermissionDenied("You cannot record this.")
    if school is not None and not schools_visible_to(user).filter(pk=school.pk).exists():
        raise PermissionDenied("That school is not one of yours.")


_save = tracked_create


def record_update(
    *,
    acting_user: Any,
    kind: str,
    obj: TrackedRecord,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> TrackedRecord:
    """Change an engagement record, refused if someone saved it since `version`."""
    _check(acting_user, kind, changes.get("school") or getattr(obj, "school", None))
    with transaction.atomic():
        tracked_update(
            obj,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose=f"Updating a {kind}",
            request=request,
        )
    return obj


def school_contact_create(
    *,
    acting_user: Any,
    school: Any,
    contact_on: Any,
    kind: str,
    contact_with: str,
    notes: str = "",
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> SchoolContact:
    _check(acting_user, "contact", school)
    obj = SchoolContact(
        school=school,
        contact_on=contact_on,
        kind=kind,
        contact_with=contact_with,
        notes=notes,
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        _save(
            obj,
            acting_user=acting_user,
            purpose="Recording a contact with a school",
            request=request,
        )
    return obj


def school_request_create(
    *,
    acting_user: Any,
    school: Any,
    topic: str,
    subject: str,
    message: str,
    priority: str = RequestPriority.NORMAL,
    source: str | None = None,
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    received_at: Any = None,
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
    notify_users: list[Any] | None = None,
) -> SchoolRequest:
    """A request from school staff, an officer, or (with no acting user) the public form.
    `notify_users` replaces who is told of it (default: the named officer, and the sergeant
    when urgent), e.g. the cover officer while the named one is away."""
    public = acting_user is None or not getattr(acting_user, "is_authenticated", False)
    if public:
        source = RequestSource.PUBLIC
        acting_user = None
    else:
        _check(acting_user, "request", school)
        source = source or (
            RequestSource.SCHOOL if acting_user.is_school_staff else RequestSource.OFFICER
        )
        if source == RequestSource.PUBLIC:
            source = RequestSource.OFFICER
        requester_name = requester_name or acting_user.get_full_name() or acting_user.username
        requester_email = requester_email or acting_user.email
    obj = SchoolRequest(
        school=school,
        source=source,
        topic=topic,
        priority=priority,
        subject=subject,
        message=message,
        requester_name=requester_name,
        requester_email=requester_email,
        requester_phone=requester_phone,
        requester_user=acting_user,
        received_at=received_at or timezone.now(),
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        _save(obj, acting_user=acting_user, purpose="Receiving a school request", request=request)
        urgent = priority == RequestPriority.URGENT
        notify(
            recipients=notify_users
            if notify_users is not None
            else [named_officer_user(school), sergeant_user(school) if urgent else None],
            subject=f"{'Urgent request' if urgent else 'New request'} {obj.reference} from "
            f"{school.name}",
            body=f"Reply within {obj.target_response_hours} hours.",
            link=reverse("engagement:request_detail", args=[obj.pk]),
            kind=Notification.Kind.TASK,
            topic="engagement.request_new",
        )
    return obj


def school_request_message(
    *,
    acting_user: Any,
    school_request: SchoolRequest,
    body: str,
    status: str | None = None,
    request: HttpRequest | None = None,
) -> RequestMessage:
    """Add to a request's thread. A police reply stamps the first response time; the school's
    own staff can add follow-ups to their request."""
    if (
        not access.can_view(acting_user, "request")
        or not schools_visible_to(acting_user).filter(pk=school_request.school_id).exists()
    ):
        raise PermissionDenied("You cannot reply to this request.")
    police = access.can_respond(acting_user)
    now = timezone.now()
    with transaction.atomic():
        msg = RequestMessage.objects.create(
            request=school_request, at=now, author=acting_user, from_requester=not police, body=body
        )
        changes: dict[str, Any] = {}
        if police and school_request.first_response_at is None:
            changes["first_response_at"] = now
        if police:
            new_status = status or (
                RequestStatus.RESPONDED
                if school_request.status == RequestStatus.NEW
                else school_request.status
            )
            changes["status"] = new_status
            if new_status == RequestStatus.CLOSED:
                changes["closed_at"] = now
        if changes:
            SchoolRequest.all_objects.filter(pk=school_request.pk).update(**changes)
            for k, v in changes.items():
                setattr(school_request, k, v)
        audit_record(
            user=acting_user,
            action="change",
            record_type="engagement.SchoolRequest",
            record_id=school_request.pk,
            purpose="Replying to a school request",
            request=request,
            details={"message": msg.pk, **{k: str(v) for k, v in changes.items()}},
        )
        if police and school_request.source == RequestSource.PUBLIC:
            _public_reply(school_request, body=body, acting_user=acting_user)
        requester = school_request.requester_user
        notify(
            recipients=[requester]
            if police and requester
            else [named_officer_user(school_request.school)]
            if not police
            else [],
            subject=f"Reply on request {school_request.reference}",
            link=reverse("engagement:request_detail", args=[school_request.pk]),
            topic="engagement.request_reply",
        )
    return msg


def _public_reply(school_request: SchoolRequest, *, body: str, acting_user: Any) -> None:
    """A police reply to a public message goes to the address the sender gave, with the
    reference (e-mail, or a text to the phone number). Only the reply is sent, never what the
    sender wrote; delivery (and any failure) shows on the request's page and in the outbox."""
    from saferschools.core.messaging.services import public_reply_send

    officer = getattr(acting_user, "officer", None)
    public_reply_send(
        reference=school_request.reference,
        reply=body,
        email=school_request.requester_email,
        phone=school_request.requester_phone,
        name=school_request.requester_name,
        officer_name=officer.public_name if officer is not None else "",
        school_name=school_request.school.name,
        sent_by=acting_user,
        record_type="engagement.SchoolRequest",
        record_id=school_request.pk,
    )


def session_create(
    *,
    acting_user: Any,
    school: Any,
    delivered_on: Any,
    kind: str,
    topic: str,
    attendance: int,
    year_group: int | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> Session:
    _check(acting_user, "session", school)
    obj = Session(
        school=school,
        delivered_on=delivered_on,
        kind=kind,
        topic=topic,
        attendance=attendance,
        year_group=year_group,
        notes=notes,
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        _save(
            obj, acting_user=acting_user, purpose="Recording a session delivered", request=request
        )
    return obj


def youth_activity_create(
    *,
    acting_user: Any,
    kind: str,
    title: str,
    starts_on: Any,
    school: Any = None,
    district: Any = None,
    partner: str = "",
    ends_on: Any = None,
    sessions: int = 1,
    attendance: int = 0,
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> YouthActivity:
    _check(acting_user, "activity", school)
    if (
        district is not None
        and school is None
        and not schools_visible_to(acting_user).filter(district=district).exists()
    ):
        raise PermissionDenied("That district is not one of yours.")
    obj = YouthActivity(
        kind=kind,
        title=title,
        starts_on=starts_on,
        school=school,
        district=district,
        partner=partner,
        ends_on=ends_on,
        sessions=sessions,
        attendance=attendance,
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        _save(obj, acting_user=acting_user, purpose="Recording a youth activity", request=request)
    return obj
