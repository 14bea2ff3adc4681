"""Writing Operation Encompass records: record an incident, deliver, read, acknowledge, escalate.

Every function checks its own permission rule (whatever the view checked) and writes the record
and its audit entry in one transaction. Messages about a notification never carry the child's
name, words or the incident's details: they say there is something to read and link to it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_denied, audit_record
from saferschools.accounts.choices import ACCOUNT_MANAGER_ROLES, Action, Role
from saferschools.accounts.models import User
from saferschools.core.records import audited_create
from saferschools.core.services import notify
from saferschools.estate.models import Establishment

from . import permissions as perms
from .choices import Delivery, Recipient
from .deadline import next_school_day_start
from .models import Child, Incident, LocalAuthorityContact, Notification, TeamMember
from .retention import review_date_for
from .selectors import school_calendar
from .sending import send_external

#: Youngest and oldest child the duty covers (reception to 17).
MIN_AGE, MAX_AGE = 4, 17


@dataclass(frozen=True)
class ChildInput:
    """One child as recorded by the officer (validated by :func:`incident_record`)."""

    first_name: str
    last_name: str
    date_of_birth: dt.date
    presence: str
    establishment: Establishment | None = None
    home_educated_la_code: str = ""
    where: str = ""
    spoken_to: bool = True
    childs_words: str = ""
    others_present: str = ""
    not_spoken_reason: str = ""
    errors: list[str] = field(default_factory=list, compare=False)


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _check_child(i: int, c: ChildInput, incident_day: dt.date) -> list[str]:
    who = f"Child {i}"
    problems = []
    if not c.first_name.strip() or not c.last_name.strip():
        problems.append(f"{who}: enter the child's first and last name")
    age = _age_on(c.date_of_birth, incident_day)
    if c.date_of_birth > incident_day:
        problems.append(f"{who}: the date of birth must be before the incident")
    elif not MIN_AGE <= age <= MAX_AGE:
        problems.append(
            f"{who}: Operation Encompass covers children from reception to 17; "
            f"this child was {age} on the day of the incident"
        )
    if c.establishment is None and not c.home_educated_la_code:
        problems.append(
            f"{who}: choose the child's school, or the local authority if educated at home"
        )
    if c.spoken_to and not c.childs_words.strip():
        problems.append(
            f"{who}: record what the child said, or say they were not spoken to and why"
        )
    if not c.spoken_to and not c.not_spoken_reason:
        problems.append(f"{who}: say why the child was not spoken to")
    return problems


def incident_record(
    *,
    acting_user: Any,
    police_reference: str,
    occurred_at: dt.datetime,
    location: str,
    circumstances: str,
    children: Sequence[ChildInput],
    other_information: str = "",
    request: HttpRequest | None = None,
) -> list[Notification]:
    """Record an incident and make one notification per school (or local authority).

    Raises ``ValidationError`` (listing every problem) before anything is written.
    """
    if not perms.may_record(acting_user):
        raise PermissionDenied("Only the Encompass team and police officers record notifications.")
    occurred_at = timezone.localtime(occurred_at)
    problems: list[str] = []
    if not police_reference.strip():
        problems.append("Enter the police reference")
    if occurred_at > timezone.localtime() + dt.timedelta(minutes=5):
        problems.append("The incident cannot be in the future")
    if not location.strip():
        problems.append("Enter where the incident happened")
    if not circumstances.strip():
        problems.append("Enter the brief circumstances")
    if not children:
        problems.append("Add at least one child")
    for i, c in enumerate(children, start=1):
        problems += _check_child(i, c, occurred_at.date())
    if problems:
        raise ValidationError(problems)

    groups: dict[tuple[str, str], list[ChildInput]] = defaultdict(list)
    for c in children:
        if c.establishment is not None:
            groups[(Recipient.SCHOOL, str(c.establishment.pk))].append(c)
        else:
            groups[(Recipient.LOCAL_AUTHORITY, c.home_educated_la_code)].append(c)

    calendar = school_calendar(occurred_at.date(), occurred_at.date() + dt.timedelta(days=460))
    with transaction.atomic():
        incident = Incident(
            police_reference=police_reference.strip(),
            occurred_at=occurred_at,
            location=location.strip(),
            circumstances=circumstances.strip(),
            other_information=other_information.strip(),
            created_by=acting_user,
        )
        incident.full_clean(exclude=["created_by"])
        incident.review_date = review_date_for(
            occurred_at.date(), [c.date_of_birth for c in children]
        )
        audited_create(
            incident,
            acting_user=acting_user,
            purpose="Operation Encompass: incident recorded",
            request=request,
            details={"children": len(children), "notifications": len(groups)},
        )
        made = []
        for (kind, key), group in groups.items():
            school = group[0].establishment
            if kind == Recipient.SCHOOL:
                assert school is not None
                due = next_school_day_start(
                    occurred_at, calendar=calendar, school_id=str(school.urn)
                )
                la_code, la_name = school.la_code, school.la_name
            else:
                due = next_school_day_start(occurred_at, calendar=calendar, school_id=f"LA:{key}")
                la_code = key
                la_name = _la_name(key)
            n = Notification(
                incident=incident,
                recipient=kind,
                establishment=school,
                la_code=la_code,
                la_name=la_name,
                due_at=due,
                created_by=acting_user,
                review_date=incident.review_date,
            )
            n.full_clean(exclude=["created_by", "incident"])
            n.save()
            for c in group:
                Child(
                    notification=n,
                    first_name=c.first_name.strip(),
                    last_name=c.last_name.strip(),
                    date_of_birth=c.date_of_birth,
                    presence=c.presence,
                    where=c.where.strip(),
                    spoken_to=c.spoken_to,
                    childs_words=c.childs_words.strip() if c.spoken_to else "",
                    others_present=c.others_present.strip(),
                    not_spoken_reason="" if c.spoken_to else c.not_spoken_reason,
                ).save()
            audit_record(
                user=acting_user,
                action=Action.CREATE,
                obj=n,
                purpose="Operation Encompass: notification to " + n.recipient_name,
                request=request,
                details={"children": len(group), "due_at": due.isoformat()},
            )
            notification_deliver(notification=n)
            made.append(n)
    return made


def _la_name(code: str) -> str:
    contact = LocalAuthorityContact.objects.filter(la_code=code).first()
    if contact:
        return contact.la_name
    school = Establishment.objects.filter(la_code=code).exclude(la_name="").first()
    return school.la_name if school else code


def _link(n: Notification) -> str:
    return reverse("encompass:detail", args=[n.pk])


def _absolute_link(n: Notification) -> str:
    return settings.SITE_URL.rstrip("/") + _link(n)


def school_leads(establishment: Establishment) -> list[Any]:
    """The school's designated safeguarding leads (and deputies) with an active account."""
    return list(establishment.staff.filter(role=Role.DSL, is_active=True).order_by("pk"))


def _school_contact(establishment: Establishment) -> str:
    """The safeguarding contact address the force or the school has recorded."""
    return establishment.dsl_email or establishment.contact_email


def notification_deliver(*, notification: Notification) -> Notification:
    """Tell the key adult there is a notification to read (no details, only a link).

    Order: the school's safeguarding leads' accounts; else the school's recorded safeguarding
    contact (and the school is invited to have an account); for a child educated at home the
    local authority's children's services contact. With no contact at all the Encompass lead is
    told to telephone. Called inside the recording transaction: messages go on commit.
    """
    n = notification
    subject = "Operation Encompass: a notification for you to read"
    when = timezone.localtime(n.due_at).strftime("%-d %B %Y at %H:%M")
    body = (
        f"There is an Operation Encompass notification for {n.recipient_name}. "
        f"Please read it before {when}. For the child's privacy this message contains no "
        "details: sign in to SaferSchools to read and acknowledge it."
    )
    now = timezone.now()
    if n.recipient == Recipient.SCHOOL and n.establishment is not None:
        leads = school_leads(n.establishment)
        if leads:
            notify(
                recipients=leads,
                subject=subject,
                body=body,
                link=_link(n),
                kind="alert",
                topic="encompass",
            )
            n.delivery, n.delivered_to = Delivery.ACCOUNT, ", ".join(u.username for u in leads)
        elif address := _school_contact(n.establishment):
            send_external(
                to=address,
                subject=subject,
                body=body
                + f" {_absolute_link(n)}"
                + " Your school does not yet have a SaferSchools account: the force's Operation "
                "Encompass team will telephone you and send an invitation to set one up.",
                record=n,
            )
            n.delivery, n.delivered_to = Delivery.CONTACT, address
        else:
            n.delivery, n.delivered_to = Delivery.NONE, ""
        if not leads:
            _ask_for_invitation(n.establishment)
    else:
        contact = LocalAuthorityContact.objects.filter(la_code=n.la_code).first()
        if contact and contact.email:
            send_external(
                to=contact.email, subject=subject, body=f"{body} {_absolute_link(n)}", record=n
            )
            n.delivery, n.delivered_to = Delivery.LOCAL_AUTHORITY, contact.email
        else:
            n.delivery, n.delivered_to = Delivery.NONE, ""
    if n.delivery == Delivery.NONE:
        leads = [m.user for m in TeamMember.objects.filter(is_lead=True).select_related("user")]
        notify(
            recipients=leads,
            subject="Operation Encompass: telephone needed",
            body=f"No safeguarding contact is recorded for {n.recipient_name}: telephone them "
            f"before {when}.",
            link=_link(n),
            kind="alert",
            topic="encompass",
        )
    else:
        n.notified_at = now
    n.save(update_fields=["delivery", "delivered_to", "notified_at"])
    return n


def _ask_for_invitation(school: Establishment) -> None:
    """A school told without an account is invited: the people who manage accounts are asked to
    create and invite its safeguarding lead (a grant that sees children needs two people, so it
    is never made automatically)."""
    managers = User.objects.filter(role__in=ACCOUNT_MANAGER_ROLES, is_active=True)
    notify(
        recipients=managers,
        subject=f"Invite the safeguarding lead of {school.name}",
        body=f"{school.name} (URN {school.urn}) has been sent an Operation Encompass "
        "notification but has no SaferSchools account. Add its designated safeguarding lead "
        "as a person with the role 'Designated safeguarding lead' and send the invitation.",
        link=reverse("people:person_create"),
        kind="info",
        topic="encompass",
    )


def notification_open(
    *,
    acting_user: Any,
    notification: Notification,
    request: HttpRequest | None = None,
    purpose: str = "",
) -> Notification:
    """An audited read of a notification (the child's words are shown)."""
    if not perms.may_read(acting_user, notification):
        if request is not None:
            audit_denied(
                request=request,
                record_type=notification._meta.label,
                record_id=notification.pk,
                purpose="Operation Encompass: read refused",
            )
        else:
            audit_record(
                user=acting_user,
                action=Action.VIEW,
                obj=notification,
                outcome="denied",
                purpose="Operation Encompass: read refused",
            )
        raise PermissionDenied("This notification is not for you.")
    with transaction.atomic():
        audit_record(
            user=acting_user,
            action=Action.VIEW,
            obj=notification,
            purpose=purpose or "Operation Encompass: notification read",
            request=request,
        )
        if notification.first_read_at is None and acting_user.role == Role.DSL:
            notification.first_read_at = timezone.now()
            notification.first_read_by = acting_user
            notification.save(update_fields=["first_read_at", "first_read_by"])
    return notification


def notification_acknowledge(
    *,
    acting_user: Any,
    notification: Notification,
    support_given: str = "",
    request: HttpRequest | None = None,
) -> Notification:
    """The key adult acknowledges the notification (and may say what support the school gave)."""
    if not perms.may_acknowledge(acting_user, notification):
        raise PermissionDenied(
            "Only the school's safeguarding lead acknowledges this notification."
        )
    with transaction.atomic():
        n = Notification.objects.select_for_update().get(pk=notification.pk)
        fields = ["support_given"]
        if n.acknowledged_at is None:
            n.acknowledged_at = timezone.now()
            n.acknowledged_by = acting_user
            fields += ["acknowledged_at", "acknowledged_by"]
        if support_given.strip():
            n.support_given = support_given.strip()
        n.save(update_fields=fields)
        audit_record(
            user=acting_user,
            action=Action.CHANGE,
            obj=n,
            purpose="Operation Encompass: acknowledged",
            request=request,
            details={"support_recorded": bool(support_given.strip())},
        )
    return n


def acknowledgement_due(n: Notification) -> dt.datetime:
    """When an unacknowledged notification is escalated: a set time after the school day starts."""
    return n.due_at + dt.timedelta(minutes=settings.ENCOMPASS_ACKNOWLEDGE_WITHIN_MINUTES)


def notifications_escalate(*, now: dt.datetime | None = None) -> list[Notification]:
    """Alert the Encompass lead and the school's named officer for every notification not
    acknowledged by its set time (once each). A scheduled daily-and-hourly job."""
    now = now or timezone.now()
    grace = dt.timedelta(minutes=settings.ENCOMPASS_ACKNOWLEDGE_WITHIN_MINUTES)
    late = list(
        Notification.objects.filter(
            acknowledged_at__isnull=True, escalated_at__isnull=True, due_at__lte=now - grace
        ).select_related("establishment__named_assignment__officer__user")
    )
    leads = [m.user for m in TeamMember.objects.filter(is_lead=True).select_related("user")]
    for n in late:
        recipients = list(leads)
        assignment = getattr(n.establishment, "named_assignment", None) if n.establishment else None
        officer_user = assignment.officer.user if assignment else None
        if officer_user is not None:
            recipients.append(officer_user)
        with transaction.atomic():
            n.escalated_at = now
            n.save(update_fields=["escalated_at"])
            notify(
                recipients=recipients,
                subject="Operation Encompass: not acknowledged",
                body=f"The notification to {n.recipient_name} has not been acknowledged. "
                "Please make sure the key adult has it.",
                link=_link(n),
                kind="alert",
                topic="encompass",
            )
            audit_record(
                user=None,
                action=Action.ALERT,
                obj=n,
                purpose="Operation Encompass: not acknowledged in time",
                details={"told": [u.username for u in recipients]},
            )
    return late
