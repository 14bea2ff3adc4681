"""What each role sees first after signing in: the day's work, read from every app's records
through the user's scope (reads only; nothing here writes).

Business rules:
- every count is for the user's own scope (`accounts.scope`): an officer's schools (named or
  covering today), a sergeant's team, the whole force for the inspector and co-ordinator, one
  school for its staff;
- these are working lists, not published figures: a sergeant sees the real number of items in
  their own queue, however small (small-count suppression is for published figures only);
- a reply is due `target_response_hours` after a request was received (24 hours urgent, 72
  normal) and "time left" counts down to that; an answered request is not due;
- a concern awaits the child's voice until their words (or why they could not be had) are
  recorded, then awaits closure while it is open; a referral is overdue after its due date
  while it still awaits a response;
- a school is without its named officer today when that officer is absent (rostering
  absences: leave, sickness, training, court, redeployment...) or another officer is named as
  cover for today; the cover officer is who to call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import can_see_children, schools_visible_to
from saferschools.estate.models import Establishment
from saferschools.workforce.models import CoverAssignment, Officer, SchoolAssignment

OPEN_REQUEST = ("new", "in_progress")


# ----------------------------------------------------------------------------- pieces


@dataclass
class ShiftRow:
    date: dt.date
    officer: str
    code: str
    name: str
    start: dt.datetime
    end: dt.datetime


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
    open_concerns: int = 0


@dataclass
class Absent:
    school: Establishment
    named: str
    reason: str
    cover: str  # "" when nobody covers


@dataclass
class Home:
    role: str
    title: str
    items: dict[str, Any] = field(default_factory=dict)


def _today() -> dt.date:
    return timezone.localdate()


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _shift_names() -> dict[str, str]:
    from saferschools.rostering.models import ShiftType

    return dict(ShiftType.objects.values_list("code", "name"))


def shifts(officers: list[Officer], start: dt.date, end: dt.date) -> list[ShiftRow]:
    """Shifts of published rosters for these officers between two days."""
    from saferschools.rostering.models import Roster, RosterShift

    names = _shift_names()
    qs = (
        RosterShift.objects.filter(
            officer__in=officers,
            date__gte=start,
            date__lte=end,
            roster__status=Roster.Status.PUBLISHED,
        )
        .select_related("officer")
        .order_by("date", "start", "officer__last_name")
    )
    return [
        ShiftRow(
            s.date,
            s.officer.short_name,
            s.shift_code,
            names.get(s.shift_code, s.shift_code),
            timezone.localtime(s.start),
            timezone.localtime(s.end),
        )
        for s in qs
    ]


def absences_on(officers: list[Officer], day: dt.date) -> dict[int, str]:
    """Officer id -> reason, for officers absent on the day (rostering's absences)."""
    from saferschools.rostering.models import Absence

    return {
        a.officer_id: a.get_reason_display()
        for a in Absence.objects.filter(officer__in=officers, start__lte=day, end__gte=day)
    }


def covers_on(schools: Any, day: dt.date) -> dict[int, CoverAssignment]:
    return {
        c.establishment_id: c
        for c in CoverAssignment.objects.filter(establishment__in=schools, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("officer")
    }


def without_named_today(schools: Any, day: dt.date) -> list[Absent]:
    """Schools whose named officer is away today, and who covers (if anyone)."""
    assignments = list(
        SchoolAssignment.objects.filter(establishment__in=schools).select_related(
            "officer", "establishment"
        )
    )
    away = absences_on([a.officer for a in assignments], day)
    covers = covers_on(schools, day)
    out = []
    for a in assignments:
        cover = covers.get(a.establishment_id)
        if a.officer_id in away or (cover is not None and cover.officer_id != a.officer_id):
            out.append(
                Absent(
                    a.establishment,
                    a.officer.short_name,
                    away.get(a.officer_id) or (cover.get_reason_display() if cover else ""),
                    cover.officer.short_name if cover else "",
                )
            )
    return sorted(out, key=lambda r: r.school.name)


def replies_due(user: Any, *, now: dt.datetime | None = None) -> list[ReplyDue]:
    """Unanswered school requests and public messages in scope, soonest due first."""
    from saferschools.engagement import selectors as engagement

    now = now or timezone.now()
    rows = []
    for r in (
        engagement.requests(user=user)
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


def _school_rows(user: Any, officer: Officer | None, today: dt.date) -> list[SchoolRow]:
    from saferschools.casework.models import Concern
    from saferschools.engagement.models import SchoolContact, SchoolRequest

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
    concerns: dict[int, int] = {}
    if can_see_children(user):
        for sid in Concern.objects.filter(
            young_person__school_id__in=ids, status="open"
        ).values_list("young_person__school_id", flat=True):
            concerns[sid] = concerns.get(sid, 0) + 1
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
                open_concerns=concerns.get(s.pk, 0),
            )
        )
    return rows


def _casework(user: Any, today: dt.date) -> dict[str, Any]:
    from saferschools.casework import selectors as casework

    if not can_see_children(user):
        return {"overdue_referrals": [], "awaiting_voice": [], "awaiting_closure": []}
    overdue = list(
        casework.referrals(user=user)
        .filter(status="made", due_date__lt=today)
        .select_related("young_person")
        .order_by("due_date")
    )
    open_concerns = list(
        casework.concerns(user=user)
        .filter(status="open")
        .select_related("young_person")
        .order_by("raised_at")
    )
    return {
        "overdue_referrals": overdue,
        "awaiting_voice": [c for c in open_concerns if not c.has_child_voice],
        "awaiting_closure": [c for c in open_concerns if c.has_child_voice],
    }


def _sessions(user: Any, start: dt.date, end: dt.date) -> list[Any]:
    from saferschools.engagement import selectors as engagement

    return list(
        engagement.sessions(user=user)
        .filter(delivered_on__gte=start, delivered_on__lte=end)
        .select_related("school")
        .order_by("delivered_on")
    )


def _review_queue(schools: list[int] | None) -> dict[str, int]:
    from saferschools.oversight import figures as F

    items = F.review_items(schools=schools)
    return {"waiting": len(items), "overdue": sum(i.overdue for i in items)}


# ----------------------------------------------------------------------------- per role


def officer_home(user: Any) -> Home:
    today = _today()
    monday, sunday = _week(today)
    officer = getattr(user, "officer", None)
    mine = [officer] if officer is not None else []
    week = shifts(mine, monday, sunday)
    case = _casework(user, today)
    return Home(
        Role.SCHOOLS_OFFICER,
        "Your day",
        {
            "today": today,
            "shifts_today": [s for s in week if s.date == today],
            "shifts_week": week,
            "absent_today": absences_on(mine, today).get(officer.pk) if officer else None,
            "schools": _school_rows(user, officer, today),
            "replies": replies_due(user),
            **case,
            "sessions": _sessions(user, today, today + dt.timedelta(days=27)),
            "ics": officer.collar_number if officer else "",
        },
    )


def sergeant_home(user: Any) -> Home:
    from saferschools.oversight import figures as F

    today = _today()
    me = getattr(user, "officer", None)
    team = list(Officer.objects.filter(sergeant=me).order_by("last_name")) if me else []
    scope = schools_visible_to(user)
    scope_ids = list(scope.values_list("pk", flat=True))
    away = absences_on(team, today)
    named_counts: dict[int, int] = {}
    for oid in SchoolAssignment.objects.filter(officer__in=team).values_list(
        "officer_id", flat=True
    ):
        named_counts[oid] = named_counts.get(oid, 0) + 1
    covering: dict[int, int] = {}
    for c in covers_on(scope, today).values():
        covering[c.officer_id] = covering.get(c.officer_id, 0) + 1
    from saferschools.engagement.models import SchoolRequest

    open_requests: dict[int, int] = {}
    for oid in SchoolRequest.objects.filter(
        school_id__in=scope_ids, status__in=OPEN_REQUEST
    ).values_list("school__named_assignment__officer_id", flat=True):
        if oid is not None:
            open_requests[oid] = open_requests.get(oid, 0) + 1
    workload = [
        {
            "officer": o,
            "schools": named_counts.get(o.pk, 0),
            "covering": covering.get(o.pk, 0),
            "open_requests": open_requests.get(o.pk, 0),
            "away": away.get(o.pk, ""),
        }
        for o in team
    ]
    items = F.review_items(schools=scope_ids)
    return Home(
        Role.SERGEANT,
        "Your team today",
        {
            "today": today,
            "team_shifts": shifts([*team, *([me] if me else [])], today, today),
            "away": [(o, away[o.pk]) for o in team if o.pk in away],
            "without_named": without_named_today(scope.secondary_phase(), today),
            "workload": workload,
            "reviews_waiting": len(items),
            "reviews_overdue": sum(i.overdue for i in items),
            "review_items": items[:5],
            "replies": replies_due(user),
        },
    )


def _programme_counts(today: dt.date) -> dict[str, Any]:
    from saferschools.oversight import figures as F
    from saferschools.oversight.periods import Month

    schools = F.programme_schools()
    named = sum(1 for s in schools if F._named(s) is not None)
    month = Month.of(today)
    rows = F.indicators([month])[month]
    answered = [h for r in rows for h in r.response_hours]
    requests = sum(r.requests for r in rows)
    on_target = sum(r.requests_on_target for r in rows)
    return {
        "programme_schools": len(schools),
        "named": named,
        "month": month,
        "days_no_named": sum(r.days_no_named for r in rows),
        "days_covered": sum(r.days_covered for r in rows),
        "days_unrecorded": sum(r.days_unrecorded for r in rows),
        "requests": requests,
        "answered": len(answered),
        "on_target": on_target,
        "median_hours": F.median(answered) if answered else None,
        "outside": F.outside_force_schools() if hasattr(F, "outside_force_schools") else [],
    }


def inspector_home(user: Any) -> Home:
    from saferschools.allocation.models import Plan, Scenario
    from saferschools.core.models import Notification

    today = _today()
    scope = schools_visible_to(user).secondary_phase()
    counts = _programme_counts(today)
    return Home(
        Role.INSPECTOR,
        "Programme health",
        {
            "today": today,
            **counts,
            "without_named": without_named_today(scope, today),
            "open_scenarios": list(
                Scenario.objects.filter(committed_at__isnull=True)
                .select_related("plan")
                .order_by("-created_at")[:10]
            ),
            "plans_awaiting": list(
                Plan.objects.filter(status=Plan.Status.DRAFT).order_by("-created_at")[:10]
            ),
            "alerts": list(
                Notification.objects.filter(recipient=user, read_at__isnull=True).order_by(
                    "-created_at"
                )[:5]
            ),
            "alerts_unread": Notification.objects.filter(
                recipient=user, read_at__isnull=True
            ).count(),
            **_review_queue(None),
            "encompass": _encompass_health(),
        },
    )


def _encompass_health() -> dict[str, Any]:
    """Operation Encompass at a glance (counts only: the inspector does not read notifications)."""
    from django.utils import timezone

    from saferschools.encompass.selectors import monthly_figures, waiting_counts

    now = timezone.localtime()
    return {"month": monthly_figures(now.year, now.month), **waiting_counts(now=now)}


def coordinator_home(user: Any) -> Home:
    from saferschools.oversight.periods import Month
    from saferschools.oversight.report import build_report

    today = _today()
    last = Month.current().shift(-1)
    report = build_report(last, public=False, sections=["performance"])
    section = report.sections[0]
    table = next((t for t in section.tables if t.key == "perf-division"), None)
    total = next((r for r in table.rows if r.is_total), None) if table else None
    headline = (
        [(col, c.text) for col, c in zip(table.columns, total.cells, strict=True)]
        if table and total
        else []
    )
    hidden = sum(c.suppressed for t in section.tables for r in t.rows for c in r.cells)
    return Home(
        Role.COORDINATOR,
        "This month's figures",
        {
            "today": today,
            **_programme_counts(today),
            "last": last,
            "headline": headline,
            "hidden": hidden,
            "report_notes": section.intro[1:],
            **_review_queue(None),
        },
    )


def school_home(user: Any) -> Home:
    from saferschools.engagement.models import SchoolRequest, Session

    today = _today()
    school = user.school
    named = getattr(school, "named_assignment", None) if school else None
    away_reason = absences_on([named.officer], today).get(named.officer_id) if named else None
    cover = covers_on([school], today).get(school.pk) if school else None
    contact = cover.officer if cover is not None else (named.officer if named else None)
    requests = (
        list(SchoolRequest.objects.filter(school=school).order_by("-received_at")[:10])
        if school
        else []
    )
    sessions = (
        list(
            Session.objects.filter(school=school, delivered_on__gte=today).order_by("delivered_on")
        )
        if school
        else []
    )
    return Home(
        user.role,
        school.name if school else "Your school",
        {
            "today": today,
            "school": school,
            "named": named.officer if named else None,
            "away_reason": away_reason,
            "cover": cover.officer if cover else None,
            "contact": contact,
            "contact_route": getattr(contact, "public_contact", "") if contact else "",
            "contact_email": getattr(contact, "work_email", "") if contact else "",
            "contact_phone": getattr(contact, "work_phone", "") if contact else "",
            "requests": requests,
            "open_requests": sum(r.status in OPEN_REQUEST for r in requests),
            "sessions": sessions,
        },
    )


BUILDERS = {
    Role.SCHOOLS_OFFICER: officer_home,
    Role.SERGEANT: sergeant_home,
    Role.INSPECTOR: inspector_home,
    Role.COORDINATOR: coordinator_home,
    Role.HEADTEACHER: school_home,
    Role.DSL: school_home,
}


def home_for(user: Any) -> Home | None:
    build = BUILDERS.get(getattr(user, "role", ""))
    return build(user) if build else None
