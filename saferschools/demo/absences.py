"""Demo leave, sickness, training and court around today, with cover named for the schools of
the officers away, so the roster, the cover pages and every home page show absence on the day
`make run` serves.

Recorded before the demo roster is made (the roster then leaves the absent officers off those
days) through rostering's and workforce's own services, by the demo sergeant for their team and
by the demo inspector for everyone else. Idempotent: nothing happens if any absence exists.

What it records, relative to today (officers chosen from the adopted plan, synthetic people):
- in the demo sergeant's team: one officer off sick since yesterday for four days, covered by
  the demo officer (so the officer covers a school and the sergeant sees it); another on annual
  leave this week, covered by a colleague; a third on a training day tomorrow;
- elsewhere: an officer at court today with no cover named (a gap the inspector sees), annual
  leave next week with cover, and a week's sickness last month with cover (history for the
  monthly figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.rostering.models import Absence, AbsenceReason
from saferschools.rostering.services import absence_create
from saferschools.workforce.choices import CoverReason, Rank
from saferschools.workforce.models import Officer, SchoolAssignment
from saferschools.workforce.services import cover_assign

COVER_REASON = {
    AbsenceReason.SICKNESS: CoverReason.SICKNESS,
    AbsenceReason.ANNUAL_LEAVE: CoverReason.LEAVE,
    AbsenceReason.TRAINING: CoverReason.TRAINING,
    AbsenceReason.COURT: CoverReason.COURT,
}


@dataclass(frozen=True)
class Away:
    officer: Officer
    start: dt.date
    end: dt.date
    reason: str
    note: str
    cover: Officer | None
    by: Any


def _demo_user(role: str) -> User | None:
    return User.objects.filter(role=role, is_synthetic=True, is_active=True).order_by("pk").first()


def _with_schools(qs: Any) -> list[Officer]:
    named = set(SchoolAssignment.objects.values_list("officer_id", flat=True))
    return [o for o in qs.order_by("collar_number") if o.pk in named]


def plan_absences(today: dt.date) -> list[Away]:
    """Who is away when, and who covers (see the module docstring)."""
    officer_user = _demo_user(Role.SCHOOLS_OFFICER)
    sergeant_user = _demo_user(Role.SERGEANT)
    inspector_user = _demo_user(Role.INSPECTOR)
    pc = getattr(officer_user, "officer", None) if officer_user else None
    if pc is None or inspector_user is None:
        return []
    constables = Officer.objects.filter(rank=Rank.CONSTABLE, is_active=True)
    team = _with_schools(constables.filter(sergeant_id=pc.sergeant_id).exclude(pk=pc.pk))
    others = _with_schools(constables.exclude(sergeant_id=pc.sergeant_id).exclude(pk=pc.pk))
    monday = today - dt.timedelta(days=today.weekday())
    by_sergeant = sergeant_user or inspector_user
    plan: list[Away] = []
    if team:
        plan.append(
            Away(
                team[0],
                today - dt.timedelta(days=1),
                today + dt.timedelta(days=2),
                AbsenceReason.SICKNESS,
                "Flu",
                pc,
                by_sergeant,
            )
        )
    if len(team) > 1:
        plan.append(
            Away(
                team[1],
                monday,
                monday + dt.timedelta(days=4),
                AbsenceReason.ANNUAL_LEAVE,
                "Family holiday",
                team[2] if len(team) > 2 else pc,
                by_sergeant,
            )
        )
    if len(team) > 3:
        tomorrow = today + dt.timedelta(days=1)
        plan.append(
            Away(
                team[3],
                tomorrow,
                tomorrow,
                AbsenceReason.TRAINING,
                "Safeguarding refresher",
                None,
                by_sergeant,
            )
        )
    if len(others) > 0:
        plan.append(
            Away(
                others[0],
                today,
                today,
                AbsenceReason.COURT,
                "Witness at the Crown Court",
                None,
                inspector_user,
            )
        )
    if len(others) > 2:
        plan.append(
            Away(
                others[1],
                monday + dt.timedelta(days=7),
                monday + dt.timedelta(days=11),
                AbsenceReason.ANNUAL_LEAVE,
                "Annual leave",
                others[2],
                inspector_user,
            )
        )
    if len(others) > 4:
        plan.append(
            Away(
                others[3],
                today - dt.timedelta(days=30),
                today - dt.timedelta(days=24),
                AbsenceReason.SICKNESS,
                "Back injury",
                others[4],
                inspector_user,
            )
        )
    return plan


def demo_absences_seed(*, today: dt.date | None = None) -> str:
    if Absence.objects.exists():
        return "Absences already recorded."
    today = today or timezone.localdate()
    plan = plan_absences(today)
    if not plan:
        return "No demo officer or inspector account: no demo absences."
    covered = 0
    with transaction.atomic():
        for away in plan:
            dates = {"start": away.start, "end": away.end, "acting_user": away.by}
            absence_create(officer=away.officer, reason=away.reason, note=away.note, **dates)
            if away.cover is None:
                continue
            schools = SchoolAssignment.objects.filter(officer=away.officer)
            for school in schools.select_related("establishment"):
                cover_assign(
                    establishment=school.establishment,
                    officer=away.cover,
                    reason=COVER_REASON[away.reason],
                    **dates,
                )
                covered += 1
    return f"{len(plan)} absences (leave, sickness, training, court), {covered} schools covered"
