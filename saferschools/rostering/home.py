"""Home panels about who is on duty: shifts, absences and cover today (see `core.home`).

Business rules:
- shifts shown are those of published rosters only;
- a school is without its named officer today when that officer is absent (rostering
  absences: leave, sickness, training, court, redeployment...) or another officer is named as
  cover for today; the cover officer is who to call;
- a sergeant sees their own team (the officers whose sergeant they are) and the schools in
  their scope; the inspector sees every school of the force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from saferschools.accounts.choices import SCHOOL_ROLES, Role
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.home import Stat, register_panel
from saferschools.estate.models import Establishment
from saferschools.workforce.models import CoverAssignment, Officer, SchoolAssignment

from .models import Absence, Roster, RosterShift, ShiftType


@dataclass
class ShiftRow:
    date: dt.date
    officer: str
    code: str
    name: str
    start: dt.datetime
    end: dt.datetime


@dataclass
class Absent:
    school: Establishment
    named: str
    reason: str
    cover: str  # "" when nobody covers


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def shifts(officers: list[Officer], start: dt.date, end: dt.date) -> list[ShiftRow]:
    """Shifts of published rosters for these officers between two days."""
    names = dict(ShiftType.objects.values_list("code", "name"))
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


def _team(user: Any) -> list[Officer]:
    me = getattr(user, "officer", None)
    return list(Officer.objects.filter(sergeant=me).order_by("last_name")) if me else []


@register_panel("rostering.my_shifts", roles=[Role.SCHOOLS_OFFICER], order=10)
def my_shifts(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    """The officer's shifts today and this week, and whether they are recorded as away."""
    today = h["today"]
    monday, sunday = week_of(today)
    officer = getattr(user, "officer", None)
    mine = [officer] if officer is not None else []
    week = shifts(mine, monday, sunday)
    return {
        "shifts_today": [s for s in week if s.date == today],
        "shifts_week": week,
        "absent_today": absences_on(mine, today).get(officer.pk) if officer else None,
        "ics": officer.collar_number if officer else "",
    }


@register_panel("rostering.team_today", roles=[Role.SERGEANT], order=20)
def team_today(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    today = h["today"]
    me = getattr(user, "officer", None)
    team = _team(user)
    away = absences_on(team, today)
    return {
        "team": team,
        "team_shifts": shifts([*team, *([me] if me else [])], today, today),
        "away": [(o, away[o.pk]) for o in team if o.pk in away],
    }


def _without_named(user: Any, h: dict[str, Any], rank: int) -> dict[str, Any]:
    rows = without_named_today(schools_visible_to(user).secondary_phase(), h["today"])
    stat = Stat(
        "without-named-count",
        "Schools without their named officer today"
        if str(user.role) == Role.SERGEANT
        else "Without their named officer today",
        len(rows),
        rank=rank,
    )
    return {"without_named": rows, "stats": [stat]}


@register_panel("rostering.without_named", roles=[Role.SERGEANT], order=30)
def sergeant_without_named(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    return _without_named(user, h, rank=20)


@register_panel("rostering.cover_today", roles=[Role.INSPECTOR], order=20)
def inspector_cover_today(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    return _without_named(user, h, rank=20)


@register_panel("rostering.workload", roles=[Role.SERGEANT], order=40)
def workload(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    """Per officer of the team: named schools, schools they cover today, and whether they are
    away today (other apps add their own columns, e.g. open requests)."""
    today = h["today"]
    team = h.get("team") or _team(user)
    away = absences_on(team, today)
    named_counts: dict[int, int] = {}
    for oid in SchoolAssignment.objects.filter(officer__in=team).values_list(
        "officer_id", flat=True
    ):
        named_counts[oid] = named_counts.get(oid, 0) + 1
    covering: dict[int, int] = {}
    for c in covers_on(schools_visible_to(user), today).values():
        covering[c.officer_id] = covering.get(c.officer_id, 0) + 1
    return {
        "workload": [
            {
                "officer": o,
                "schools": named_counts.get(o.pk, 0),
                "covering": covering.get(o.pk, 0),
                "open_requests": 0,
                "away": away.get(o.pk, ""),
            }
            for o in team
        ]
    }


@register_panel("rostering.officer_today", roles=SCHOOL_ROLES, order=10)
def officer_today(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    """School staff: their named officer, or who covers today, and how to reach them."""
    today = h["today"]
    school = user.school
    named = getattr(school, "named_assignment", None) if school else None
    away_reason = absences_on([named.officer], today).get(named.officer_id) if named else None
    cover = covers_on([school], today).get(school.pk) if school else None
    contact = cover.officer if cover is not None else (named.officer if named else None)
    return {
        "school": school,
        "named": named.officer if named else None,
        "away_reason": away_reason,
        "cover": cover.officer if cover else None,
        "contact": contact,
        "contact_route": getattr(contact, "public_contact", "") if contact else "",
        "contact_email": getattr(contact, "work_email", "") if contact else "",
        "contact_phone": getattr(contact, "work_phone", "") if contact else "",
    }
