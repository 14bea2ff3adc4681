"""Writes to engagement: record, audit, notify (on commit), on `core.records`.

Business rules: each write is by someone `permissions` allows, at one of their schools; a new
school request tells the school's named officer at once (and urgent ones their sergeant too); a
request from the public has no acting user and comes only through `public_request_receive`
(the front door); the first reply from the police stamps the response time, measured from
receipt against the target (24 hours urgent, 72 hours normal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.models import Notification
from saferschools.core.recipients import named_officer_user, sergeant_user
from saferschools.core.records import TrackedRecord, tracked_create, tracked_update
from saferschools.core.services import notify

from . import permissions
from .choices import RequestPriority, RequestSource, RequestStatus
from .models import RequestMessage, SchoolContact, SchoolRequest, Session, YouthActivity

R = TypeVar("R", bound=TrackedRecord)


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
    permissions.require_write(
        acting_user, kind, changes.get("school") or getattr(obj, "school", None)
    )
    return tracked_update(
        obj,
        acting_user=acting_user,
        version=version,
        changes=changes,
        purpose=f"Updating a {kind}",
        request=request,
    )


def record_create(*, acting_user: Any, obj: R, request: HttpRequest | None = None) -> R:
    """Record a contact with a school or a session delivered: kinds with no rule beyond who may
    write them, at one of their schools (`permissions`)."""
    kind, purpose = _RECORDED[type(obj)]
    permissions.require_write(acting_user, kind, getattr(obj, "school", None))
    return tracked_create(obj, acting_user=acting_user, purpose=purpose, request=request)


#: The kinds `record_create` records: their key (`registry.KINDS`) and the audit's purpose.
_RECORDED: dict[type[TrackedRecord], tuple[str, str]] = {
    SchoolContact: ("contact", "Recording a contact with a school"),
    Session: ("session", "Recording a session delivered"),
}


@dataclass(frozen=True)
class RequestContent:
    """What a request asks of a school's officer, whoever sends it."""

    school: Any
    topic: str
    subject: str
    message: str
    priority: str = RequestPriority.NORMAL


@dataclass(frozen=True)
class Requester:
    """Who asked, and where a reply reaches them (the public give an e-mail or a phone)."""

    name: str = ""
    email: str = ""
    phone: str = ""


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
    """A request raised by school staff or an officer (never the public: that is
    `public_request_receive`); they are the requester unless another is named. `notify_users`
    replaces who is told of it (default: the named officer, and the sergeant when urgent),
    e.g. the cover officer while the named one is away (`[]`: nobody)."""
    permissions.require_write(acting_user, "request", school)
    source = source or (
        RequestSource.SCHOOL if acting_user.is_school_staff else RequestSource.OFFICER
    )
    return _request_receive(
        acting_user=acting_user,
        content=RequestContent(school, topic, subject, message, priority),
        requester=Requester(
            requester_name or acting_user.get_full_name() or acting_user.username,
            requester_email or acting_user.email,
            requester_phone,
        ),
        source=RequestSource.OFFICER if source == RequestSource.PUBLIC else source,
        received_at=received_at,
        request=request,
        is_synthetic=is_synthetic,
        notify_users=notify_users,
    )


def public_request_receive(
    *,
    content: RequestContent,
    requester: Requester,
    request: HttpRequest | None = None,
    notify_users: list[Any] | None = None,
) -> SchoolRequest:
    """A message from the public front door: no acting user, source "public" (school staff
    never see it: `selectors.requests`)."""
    return _request_receive(
        acting_user=None,
        content=content,
        requester=requester,
        source=RequestSource.PUBLIC,
        received_at=None,
        request=request,
        is_synthetic=False,
        notify_users=notify_users,
    )


def _request_receive(
    *,
    acting_user: Any,
    content: RequestContent,
    requester: Requester,
    source: str,
    received_at: Any,
    request: HttpRequest | None,
    is_synthetic: bool,
    notify_users: list[Any] | None,
) -> SchoolRequest:
    school = content.school
    obj = SchoolRequest(
        **vars(content),  # the content's fields are the request's, by name
        source=source,
        requester_name=requester.name,
        requester_email=requester.email,
        requester_phone=requester.phone,
        requester_user=acting_user,
        received_at=received_at or timezone.now(),
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        tracked_create(
            obj, acting_user=acting_user, purpose="Receiving a school request", request=request
        )
        urgent = content.priority == RequestPriority.URGENT
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
    permissions.require_reply(acting_user, school_request)
    police = permissions.can_respond(acting_user)
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
            obj=school_request,
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
        about=school_request,
    )


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
    permissions.require_write(acting_user, "activity", school)
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
    return tracked_create(
        obj, acting_user=acting_user, purpose="Recording a youth activity", request=request
    )
