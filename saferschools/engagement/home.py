"""Home panels about schools and what they ask for: an officer's schools, replies due,
sessions, and a school's own requests (see `core.home`).

Business rules:
- a reply is due `target_response_hours` after a request was received (24 hours urgent, 72
  normal) and "time left" counts down to that; an answered request is not due;
- an open request is new or in progress; a sergeant's workload counts the open requests of the
  schools each officer of the team is named for;
- everything is within the user's scope (`accounts.scope`), never suppressed: these are
  working lists, not published figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from saferschools.accounts.choices import SCHOOL_ROLES, Role
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.home import register_panel
from saferschools.estate.models import Establishment

from . import selectors
from .models import SchoolContact, SchoolRequest, Session

OPEN_REQUEST = ("new", "in_progress")


@dataclass
class ReplyDue:
    pk: int
    reference: str
    school: str
    subject: str
    source: str
    due_at: dt.datetime
    hours_left: float

    @property
    def overdue(self) -> bool:
        return self.hours_left < 0

    @property
    def time_left(self) -> str:
        h = abs(self.hours_left)
        text = f"{int(h)} hours" if h >= 2 else f"{int(h * 60)} minutes"
        if h >= 48:
            text = f"{h / 24:.0f} days"
        return f"{text} overdue" if self.overdue else f"{text} left"


@dataclass
class SchoolRow:
    school: Establishment
    named: str
    covering: bool = False  # the user covers it (not named for it)
    last_contact: dt.date | None = None
    open_requests: int = 0
    open_concerns: int = 0  # filled by casework's panel for those who may see children


def replies_due(user: Any, *, now: dt.datetime | None = None) -> list[ReplyDue]:
    """Unanswered school requests and public messages in scope, soonest due first."""
    now = now or timezone.now()
    rows = []
    for r in (
        selectors.requests(user=user)
        .filter(status__in=OPEN_REQUEST, first_response_at__isnull=True)
        .select_related("school")
    ):
        due = r.received_at + dt.timedelta(hours=r.target_response_hours)
        rows.append(
            ReplyDue(
                r.pk,
                r.reference,
                r.school.name if r.school else "",
                r.subject,
                r.get_source_display(),
                due,
                (due - now).total_seconds() / 3600.0,
            )
        )
    return sorted(rows, key=lambda r: r.due_at)


@register_panel("engagement.my_schools", roles=[Role.SCHOOLS_OFFICER], order=20)
def my_schools(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    """The officer's schools (named or covering today), each with its last contact and open
    requests."""
    officer = getattr(user, "officer", None)
    schools = list(
        schools_visible_to(user)
        .secondary_phase()
        .select_related("named_assignment__officer", "district")
        .order_by("name")
    )
    ids = [s.pk for s in schools]
    last = dict(
        SchoolContact.objects.filter(school_id__in=ids)
        .values("school_id")
        .annotate(last=Max("contact_on"))
        .values_list("school_id", "last")
    )
    requests: dict[int, int] = {}
    for sid in SchoolRequest.objects.filter(school_id__in=ids, status__in=OPEN_REQUEST).values_list(
        "school_id", flat=True
    ):
        requests[sid] = requests.get(sid, 0) + 1
    rows = []
    for s in schools:
        named = getattr(s, "named_assignment", None)
        rows.append(
            SchoolRow(
                s,
                named.officer.short_name if named else "",
                covering=officer is not None and (named is None or named.officer_id != officer.pk),
                last_contact=last.get(s.pk),
                open_requests=requests.get(s.pk, 0),
            )
        )
    return {"schools": rows}


@register_panel(
    "engagement.replies_officer",
    roles=[Role.SCHOOLS_OFFICER],
    order=30,
    template="engagement/home/replies.html",
)
@register_panel(
    "engagement.replies_sergeant",
    roles=[Role.SERGEANT],
    order=60,
    template="engagement/home/replies.html",
)
def replies(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    return {"replies": replies_due(user)}


@register_panel("engagement.my_sessions", roles=[Role.SCHOOLS_OFFICER], order=60)
def my_sessions(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    """Sessions in the officer's schools over the next four weeks."""
    today = h["today"]
    return {
        "sessions": list(
            selectors.sessions(user=user)
            .filter(delivered_on__gte=today, delivered_on__lte=today + dt.timedelta(days=27))
            .select_related("school")
            .order_by("delivered_on")
        )
    }


@register_panel("engagement.workload_requests", roles=[Role.SERGEANT], order=45, template=None)
def workload_requests(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    """Adds each team officer's open requests (of the schools they are named for) to the
    workload that rostering's panel built."""
    scope_ids = list(schools_visible_to(user).values_list("pk", flat=True))
    counts: dict[int, int] = {}
    for oid in SchoolRequest.objects.filter(
        school_id__in=scope_ids, status__in=OPEN_REQUEST
    ).values_list("school__named_assignment__officer_id", flat=True):
        if oid is not None:
            counts[oid] = counts.get(oid, 0) + 1
    for row in h.get("workload", []):
        row["open_requests"] = counts.get(row["officer"].pk, 0)
    return {}


@register_panel("engagement.our_requests", roles=SCHOOL_ROLES, order=20)
def our_requests(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    """School staff: their school's latest requests and the sessions booked from today."""
    school = user.school
    requests = (
        list(SchoolRequest.objects.filter(school=school).order_by("-received_at")[:10])
        if school
        else []
    )
    sessions = (
        list(
            Session.objects.filter(school=school, delivered_on__gte=h["today"]).order_by(
                "delivered_on"
            )
        )
        if school
        else []
    )
    return {
        "requests": requests,
        "open_requests": sum(r.status in OPEN_REQUEST for r in requests),
        "sessions": sessions,
    }
